package siapekspor

import (
	"math"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// The deal pipeline (issue 17, items 3–4): a match is a request × a
// product of an enterprise, moved step by step from the shortlist to the
// shipment. The rules of a move live here, pure, so that pages, API, CLI
// and store apply the same ones.

// MatchStep is where a match stands; labels under "pipeline.step.<value>".
type MatchStep string

const (
	StepShortlisted MatchStep = "shortlisted" // picked from the ranking by an officer or validator
	StepIntroduced  MatchStep = "introduced"  // sent to the owner, waiting for its answer
	StepAccepted    MatchStep = "accepted"    // the owner consented: the buyer sees its contact
	StepMeeting     MatchStep = "meeting"
	StepSampleSent  MatchStep = "sample_sent"
	StepNegotiation MatchStep = "negotiation"
	StepContract    MatchStep = "contract" // value, currency, quantity and delivery terms agreed
	StepShipped     MatchStep = "shipped"
	StepLost        MatchStep = "lost" // with a reason from LostReasons
)

// MatchSteps lists the pipeline in order, lost last.
var MatchSteps = []MatchStep{StepShortlisted, StepIntroduced, StepAccepted, StepMeeting, StepSampleSent,
	StepNegotiation, StepContract, StepShipped, StepLost}

// LostReasons a match may be lost for; labels under "pipeline.lost.<value>".
// owner_declined is what the owner's "no" to an introduction records.
var LostReasons = []string{"owner_declined", "buyer_declined", "price", "quality", "capacity", "certificates",
	"delivery_time", "no_response", "request_closed", "no_fit", "other"}

// LostDeclined is the reason of an introduction the owner declined.
const LostDeclined = "owner_declined"

// LostNoFit is the reason of a match whose meeting at an event found no fit.
const LostNoFit = "no_fit"

// Order is the step's place in the pipeline (lost: -1).
func (s MatchStep) Order() int {
	for i, v := range MatchSteps[:len(MatchSteps)-1] {
		if v == s {
			return i
		}
	}
	return -1
}

// Valid reports whether s is a known step.
func (s MatchStep) Valid() bool { return oneOf(s, MatchSteps) }

// Consented reports whether the owner has accepted the introduction: from
// then on (unless lost) the buyer sees the enterprise's contact.
func (s MatchStep) Consented() bool { return s.Order() >= StepAccepted.Order() }

// Open reports whether the match still moves (neither shipped nor lost).
func (s MatchStep) Open() bool { return s != StepShipped && s != StepLost }

// Contract is what the two sides agreed.
type Contract struct {
	Value    float64 `json:"value"`    // in Currency
	Currency string  `json:"currency"` // ISO 4217, one of Currencies
	Quantity float64 `json:"quantity"`
	Unit     Unit    `json:"unit"`
	// Terms: the delivery terms in words ("FOB Panjang, 2 shipments a month").
	Terms string `json:"terms"`
}

// Empty reports whether nothing of a contract is given.
func (c Contract) Empty() bool {
	return c.Value == 0 && c.Currency == "" && c.Quantity == 0 && c.Unit == "" && c.Terms == ""
}

// Match is a product of an enterprise offered for a buyer's request.
type Match struct {
	ID           int64     `json:"id"`
	RequestID    int64     `json:"request_id"`
	EnterpriseID int64     `json:"enterprise_id"`
	ProductID    int64     `json:"product_id"`
	Step         MatchStep `json:"step"`
	// LostReason and LostFrom (the step it was lost at) while Step is lost.
	LostReason string    `json:"lost_reason,omitempty"`
	LostFrom   MatchStep `json:"lost_from,omitempty"`
	// Score: the matcher's score when it was shortlisted.
	Score     float64   `json:"score"`
	Contract  Contract  `json:"contract"`
	StepAt    time.Time `json:"step_at"` // when it reached its step
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`

	// Read-only, joined for display: the public profile of both sides.
	RequestTitle   string        `json:"request_title,omitempty"`
	OrgID          int64         `json:"org_id,omitempty"`
	OrgName        string        `json:"org_name,omitempty"`
	EnterpriseName string        `json:"enterprise_name,omitempty"`
	RegencyCode    string        `json:"regency_code,omitempty"`
	ProductName    string        `json:"product_name,omitempty"`
	HSCode         string        `json:"hs_code,omitempty"`
	Steps          []MatchRecord `json:"steps,omitempty"`
}

// MatchRecord is one move of a match's history.
type MatchRecord struct {
	ID         int64     `json:"id"`
	MatchID    int64     `json:"match_id"`
	From       MatchStep `json:"from,omitempty"`
	To         MatchStep `json:"to"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id,omitempty"`
	By         string    `json:"by"`
	Note       string    `json:"note"`
	LostReason string    `json:"lost_reason,omitempty"`
}

// MatchMove asks to move a match to a step.
type MatchMove struct {
	To         MatchStep `json:"to"`
	Note       string    `json:"note"`
	LostReason string    `json:"lost_reason"`
	// Contract: required when moving to contract; kept when given later.
	Contract Contract `json:"contract"`
	Version  int      `json:"version"`
}

// CheckMove reports every problem of moving m by mv, each naming its
// field: the step must exist and differ; the owner's consent is the only
// way from introduced to accepted (byOwner); a shortlisted match is
// introduced first; shipped comes after a contract; a step backwards
// needs a note saying why and never crosses the owner's consent; lost
// needs a reason from the list; a contract needs value, currency,
// quantity with unit and delivery terms. A lost match comes back only to
// the step it was lost at, with a note.
func CheckMove(m *Match, mv *MatchMove, byOwner bool) error {
	var p Problems
	mv.Note = strings.TrimSpace(mv.Note)
	mv.Contract.Currency = strings.ToUpper(strings.TrimSpace(mv.Contract.Currency))
	mv.Contract.Terms = collapseSpaces(mv.Contract.Terms)
	p.Text("note", mv.Note)
	p.Text("contract_terms", mv.Contract.Terms)
	if utf8.RuneCountInString(mv.Note) > 2000 {
		p.Add("note", "field.too_long", 2000)
	}
	from, to := m.Step, mv.To
	switch {
	case !to.Valid():
		p.Add("to", "field.choice")
		return p.Err()
	case to == from:
		p.Add("to", "pipeline.same_step")
		return p.Err()
	}
	backwards := to != StepLost && from != StepLost && to.Order() < from.Order()
	switch {
	case from == StepLost:
		if to != m.LostFrom {
			p.Add("to", "pipeline.reopen_only", string(m.LostFrom))
		}
		if mv.Note == "" {
			p.Add("note", "pipeline.reason_needed")
		}
	case to == StepLost:
		if !oneOf(mv.LostReason, LostReasons) {
			p.Add("lost_reason", "pipeline.lost_reason")
		}
		if mv.LostReason == LostDeclined && (from != StepIntroduced || !byOwner) {
			p.Add("lost_reason", "pipeline.decline_owner_only")
		}
	case backwards:
		if mv.Note == "" {
			p.Add("note", "pipeline.reason_needed")
		}
		if from.Consented() && !to.Consented() {
			p.Add("to", "pipeline.consent_kept")
		}
	case from == StepIntroduced:
		if to != StepAccepted || !byOwner {
			p.Add("to", "pipeline.owner_consents")
		}
	case from == StepShortlisted && to != StepIntroduced:
		p.Add("to", "pipeline.introduce_first")
	case to == StepShipped && from != StepContract:
		p.Add("to", "pipeline.contract_first")
	}
	if to != StepLost && mv.LostReason != "" {
		p.Add("lost_reason", "pipeline.lost_only")
	}
	c := &mv.Contract
	if to == StepContract || !c.Empty() {
		checkContract(&p, c)
	}
	return p.Err()
}

func checkContract(p *Problems, c *Contract) {
	if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) || c.Value <= 0 {
		p.Add("contract_value", "pipeline.contract_value")
	}
	switch {
	case c.Currency == "":
		p.Add("contract_currency", "pipeline.contract_currency")
	case !oneOf(c.Currency, Currencies):
		p.Add("contract_currency", "field.choice")
	}
	if math.IsNaN(c.Quantity) || math.IsInf(c.Quantity, 0) || c.Quantity <= 0 {
		p.Add("contract_quantity", "request.quantity_positive")
	}
	if !oneOf(c.Unit, Units) {
		p.Add("contract_unit", "field.choice")
	}
	switch n := utf8.RuneCountInString(c.Terms); {
	case n == 0:
		p.Add("contract_terms", "pipeline.contract_terms")
	case n > 500:
		p.Add("contract_terms", "field.too_long", 500)
	}
}

// Apply moves m by a checked mv at a time: the step, the lost reason and
// step, and the contract when one is given.
func (m *Match) Apply(mv MatchMove, at time.Time) {
	if mv.To == StepLost {
		m.LostFrom, m.LostReason = m.Step, mv.LostReason
	} else {
		m.LostFrom, m.LostReason = "", ""
	}
	if !mv.Contract.Empty() {
		m.Contract = mv.Contract
	}
	m.Step, m.StepAt = mv.To, at
}

// MatchScope is which matches an actor reads: those whose enterprise lies
// in Enterprises, or (buyers) whose request belongs to OrgID; MinStep
// hides the shortlist from owners and buyers, who see a match once it is
// introduced.
type MatchScope struct {
	Enterprises EnterpriseScope
	OrgID       int64
	MinStep     MatchStep
	None        bool
}

// MatchScopeOf: admins, viewers, validators and provincial officers every
// match; a regency officer its region's; a mentor its mentees'; an owner
// its own enterprise's from introduced on; a buyer its organisation's
// requests' from introduced on.
func MatchScopeOf(a Actor) MatchScope {
	switch a.Role {
	case RoleAdmin, RoleViewer, RoleValidator:
		return MatchScope{Enterprises: EnterpriseScope{All: true}}
	case RoleOfficer, RoleMentor:
		return MatchScope{Enterprises: ScopeOf(a)}
	case RoleOwner:
		if a.EnterpriseID != 0 {
			return MatchScope{Enterprises: ScopeOf(a), MinStep: StepIntroduced}
		}
	case RoleBuyer:
		if a.OrgID != 0 {
			return MatchScope{OrgID: a.OrgID, MinStep: StepIntroduced}
		}
	}
	return MatchScope{None: true}
}

// Contains reports whether a match (with its enterprise) lies in the scope.
func (s MatchScope) Contains(m *Match, e *Enterprise) bool {
	switch {
	case s.None:
		return false
	case s.MinStep != "" && m.Step != StepLost && m.Step.Order() < s.MinStep.Order():
		return false
	case s.MinStep != "" && m.Step == StepLost && m.LostFrom.Order() < s.MinStep.Order():
		return false
	case s.OrgID != 0:
		return m.OrgID == s.OrgID
	}
	return s.Enterprises.Contains(e)
}

// CanMoveMatch reports whether an actor may move a match in its scope to
// a step: officers, validators and admins run the pipeline (the owner's
// consent aside, CheckMove); the two sides — the owner and the buyer —
// move their own matches once the owner has accepted, the owner answers
// its introductions.
func CanMoveMatch(a Actor, m *Match, to MatchStep) bool {
	if !Can(a, PermMatchMove) {
		return false
	}
	switch a.Role {
	case RoleOwner:
		if m.Step == StepIntroduced {
			return to == StepAccepted || to == StepLost
		}
		return m.Step.Consented() || m.Step == StepLost && m.LostFrom.Consented()
	case RoleBuyer:
		return (m.Step.Consented() || m.Step == StepLost && m.LostFrom.Consented()) && (to == StepLost || to.Consented())
	}
	return true
}

// SeesContact reports whether an actor sees the contact person, phone and
// e-mail of a match's enterprise: a buyer only after the owner accepted
// (personal data law); the owner, officers in scope and admins always.
func SeesContact(a Actor, m *Match, e *Enterprise) bool {
	switch a.Role {
	case RoleBuyer:
		return m.OrgID == a.OrgID && m.Step.Consented()
	case RoleAdmin:
		return true
	case RoleOfficer, RoleOwner:
		return ScopeOf(a).Contains(e)
	}
	return false
}

// WhatsAppLink is a click-to-chat link to a phone number with a message:
// https://wa.me/62812…?text=… (the number in international form without
// the plus, the text URL-encoded with spaces as %20).
func WhatsAppLink(phone, text string) (string, error) {
	p, err := NormalizePhone(phone)
	if err != nil {
		return "", err
	}
	link := "https://wa.me/" + strings.TrimPrefix(p, "+")
	if text != "" {
		link += "?text=" + strings.ReplaceAll(url.QueryEscape(text), "+", "%20")
	}
	return link, nil
}

// Permissions of the deal pipeline.
const (
	// PermMatchMove: shortlist, introduce and move matches (CanMoveMatch
	// narrows it for owners and buyers).
	PermMatchMove Permission = "match:move"
	// PermPipelineRead: read stored matches within MatchScopeOf (owners
	// too: the introductions they answer; the ranking stays PermMatchRead).
	PermPipelineRead Permission = "pipeline:read"
)

func init() {
	for _, role := range []Role{RoleOfficer, RoleValidator, RoleBuyer, RoleOwner} {
		rolePermissions[role] = append(rolePermissions[role], PermMatchMove)
	}
	for _, role := range []Role{RoleOfficer, RoleValidator, RoleBuyer, RoleOwner, RoleMentor, RoleViewer} {
		rolePermissions[role] = append(rolePermissions[role], PermPipelineRead)
	}
}
