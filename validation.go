package siapekspor

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ReviewPoint is one thing a validator judges; labels under "review.<value>".
type ReviewPoint string

// ReviewPoints are the points of a product validation, in order.
var ReviewPoints = []ReviewPoint{"specification", "quality", "certificates", "capacity"}

// PointReview is a validator's judgement of one point.
type PointReview struct {
	OK     bool   `json:"ok"`
	Reason string `json:"reason"`
}

// Review is a validator's decision on a submitted product.
type Review struct {
	Points map[ReviewPoint]PointReview `json:"points"`
	Notes  string                      `json:"notes"`
}

// Decision is what a review amounts to: approved when every point is
// satisfied, rejected otherwise.
func (r Review) Decision() ValidationStatus {
	for _, p := range ReviewPoints {
		if !r.Points[p].OK {
			return ValidationRejected
		}
	}
	return ValidationApproved
}

// Validate requires a judgement on every point and a reason for each point
// that fails, so the owner knows what to fix.
func (r *Review) Validate() error {
	pr := TextProblems(r)
	for p, v := range r.Points {
		if !oneOf(p, ReviewPoints) {
			pr.Add("points", "review.unknown_point", string(p))
			continue
		}
		v.Reason = strings.TrimSpace(v.Reason)
		r.Points[p] = v
		if utf8.RuneCountInString(v.Reason) > 2000 {
			pr.Add("reason_"+string(p), "field.too_long", 2000)
		}
	}
	for _, p := range ReviewPoints {
		v, ok := r.Points[p]
		switch {
		case !ok:
			pr.Add("ok_"+string(p), "review.point_required")
		case !v.OK && v.Reason == "":
			pr.Add("reason_"+string(p), "review.reason_required")
		}
	}
	r.Notes = strings.TrimSpace(r.Notes)
	if utf8.RuneCountInString(r.Notes) > 4000 {
		pr.Add("notes", "field.too_long", 4000)
	}
	return pr.Err()
}

// ValidationEvent is one step in a product's validation history.
type ValidationEvent struct {
	ID        int64            `json:"id"`
	ProductID int64            `json:"product_id"`
	At        time.Time        `json:"at"`
	Actor     string           `json:"actor"`
	OrgName   string           `json:"org_name,omitempty"`
	Status    ValidationStatus `json:"status"` // the status this step led to
	Review    *Review          `json:"review,omitempty"`
	Note      string           `json:"note,omitempty"`
}

// CanSubmit reports whether a product in status s may be submitted.
func CanSubmit(s ValidationStatus) bool {
	return s == ValidationDraft || s == ValidationRejected
}
