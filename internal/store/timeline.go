package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
)

// Timeline returns what happened to an enterprise, newest first, from every
// part of the system — assessments, training, mentoring activities,
// assistance cases, product validations, certificates, export records and every step of the
// deal pipeline — so that an
// outcome can be traced to the help given. limit bounds each source.
func (db *DB) Timeline(ctx context.Context, enterpriseID int64, limit int) ([]siapekspor.TimelineEvent, error) {
	if _, err := db.enterpriseFor(ctx, db.read, enterpriseID, siapekspor.PermMentoringRead); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 2000 {
		limit = 500
	}
	lim := ` LIMIT ` + strconv.Itoa(limit)
	var out []siapekspor.TimelineEvent
	add := func(query string, scan func(*sql.Rows) (siapekspor.TimelineEvent, error)) error {
		rows, err := db.read.QueryContext(ctx, query+lim, enterpriseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			ev, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, ev)
		}
		return rows.Err()
	}
	day := func(s string) time.Time {
		if t := parseDateText(s); t != nil {
			return *t
		}
		return time.Time{}
	}
	err := add(`SELECT id, created_at, level, overall, kind, actor FROM assessments WHERE enterprise_id = $1 ORDER BY created_at DESC`,
		func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
			var ev siapekspor.TimelineEvent
			var kind string
			err := r.Scan(&ev.RefID, &ev.At, &ev.Code, &ev.Score, &kind, &ev.Actor)
			ev.Kind, ev.Summary, ev.Detail = "assessment", fmt.Sprintf("%.1f", ev.Score), kind
			ev.Link = "/assessments/" + strconv.FormatInt(ev.RefID, 10)
			return ev, err
		})
	if err == nil {
		err = add(`SELECT n.id, n.created_at, n.updated_at, n.status, c.level, p.name, s.number, n.result, n.completed, p.id
			FROM enrolments n JOIN training_classes c ON c.id = n.class_id JOIN programmes p ON p.id = n.programme_id
			JOIN training_stages s ON s.id = n.stage_id WHERE n.enterprise_id = $1 ORDER BY n.created_at DESC`,
			func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
				var ev siapekspor.TimelineEvent
				var updated time.Time
				var status, level, result string
				var stage int
				var completed sql.NullBool
				var programme int64
				err := r.Scan(&ev.RefID, &ev.At, &updated, &status, &level, &ev.Summary, &stage, &result, &completed, &programme)
				ev.Kind, ev.Code, ev.Detail = "enrolment", level, status
				switch {
				case completed.Valid:
					// A finished programme: show its outcome at the time it was recorded.
					ev.Kind, ev.At, ev.Detail = "training_completed", updated, "not_completed"
					if completed.Bool {
						ev.Detail = "completed"
					}
				case result != "":
					ev.Kind, ev.At, ev.Detail = "training_result", updated, result
				}
				ev.Summary = fmt.Sprintf("%s · %d", ev.Summary, stage)
				ev.Link = "/training/programmes/" + strconv.FormatInt(programme, 10)
				return ev, err
			})
	}
	if err == nil {
		err = add(`SELECT a.id, a.on_date, a.created_at, a.channel, a.topic, a.next_step, a.actor FROM mentoring_activities a
			WHERE a.enterprise_id = $1 ORDER BY a.on_date DESC, a.id DESC`,
			func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
				var ev siapekspor.TimelineEvent
				var on string
				var created time.Time
				err := r.Scan(&ev.RefID, &on, &created, &ev.Code, &ev.Summary, &ev.Detail, &ev.Actor)
				ev.Kind, ev.At = "activity", day(on)
				if ev.At.IsZero() {
					ev.At = created
				}
				ev.Link = "/mentoring/activities/" + strconv.FormatInt(ev.RefID, 10)
				return ev, err
			})
	}
	if err == nil {
		err = add(`SELECT id, opened_at, closed_at, kind, title, outcome FROM assistance_cases WHERE enterprise_id = $1 ORDER BY opened_at DESC`,
			func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
				var ev siapekspor.TimelineEvent
				var closed sql.NullTime
				var outcome string
				err := r.Scan(&ev.RefID, &ev.At, &closed, &ev.Code, &ev.Summary, &outcome)
				ev.Kind = "case_opened"
				ev.Link = "/mentoring/cases/" + strconv.FormatInt(ev.RefID, 10)
				if closed.Valid {
					// The closing is its own event; the opening stays too.
					out = append(out, siapekspor.TimelineEvent{At: closed.Time.UTC(), Kind: "case_closed", Summary: ev.Summary,
						Code: ev.Code, Detail: outcome, Link: ev.Link, RefID: ev.RefID})
				}
				return ev, err
			})
	}
	if err == nil {
		err = add(`SELECT v.product_id, v.at, v.status, p.name_id, v.actor, v.note FROM validations v JOIN products p ON p.id = v.product_id
			WHERE p.enterprise_id = $1 ORDER BY v.at DESC`,
			func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
				var ev siapekspor.TimelineEvent
				err := r.Scan(&ev.RefID, &ev.At, &ev.Code, &ev.Summary, &ev.Actor, &ev.Detail)
				ev.Kind = "validation"
				ev.Link = "/products/" + strconv.FormatInt(ev.RefID, 10)
				return ev, err
			})
	}
	if err == nil {
		err = add(`SELECT id, created_at, type, number FROM certificates WHERE enterprise_id = $1 ORDER BY created_at DESC`,
			func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
				var ev siapekspor.TimelineEvent
				err := r.Scan(&ev.RefID, &ev.At, &ev.Code, &ev.Summary)
				ev.Kind = "certificate"
				ev.Link = "/certificates/" + strconv.FormatInt(ev.RefID, 10) + "/edit"
				return ev, err
			})
	}
	if err == nil {
		err = add(`SELECT id, export_date, created_at, destination, hs_code, value_usd_cents FROM export_records WHERE enterprise_id = $1 ORDER BY export_date DESC`,
			func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
				var ev siapekspor.TimelineEvent
				var on string
				var created time.Time
				var cents int64
				err := r.Scan(&ev.RefID, &on, &created, &ev.Code, &ev.Summary, &cents)
				ev.Kind, ev.At, ev.Score = "export", day(on), float64(cents)/100
				if ev.At.IsZero() {
					ev.At = created
				}
				ev.Link = "/exports/" + strconv.FormatInt(ev.RefID, 10)
				return ev, err
			})
	}
	if err == nil {
		// Every step of the deal pipeline: Code the step reached, Detail
		// the note (or the reason a match was lost), Summary the request.
		err = add(`SELECT s.match_id, s.at, s.to_step, r.title, s.actor, s.note, s.lost_reason FROM match_steps s
			JOIN matches m ON m.id = s.match_id JOIN buying_requests r ON r.id = m.request_id
			WHERE m.enterprise_id = $1 ORDER BY s.at DESC, s.id DESC`,
			func(r *sql.Rows) (siapekspor.TimelineEvent, error) {
				var ev siapekspor.TimelineEvent
				var reason string
				err := r.Scan(&ev.RefID, &ev.At, &ev.Code, &ev.Summary, &ev.Actor, &ev.Detail, &reason)
				ev.Kind = "match_step"
				if reason != "" && ev.Detail == "" {
					ev.Detail = reason
				}
				ev.Link = "/matches/" + strconv.FormatInt(ev.RefID, 10)
				return ev, err
			})
	}
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].At = out[i].At.UTC()
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}
