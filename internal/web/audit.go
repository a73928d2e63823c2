package web

import (
	"strings"

	"github.com/siapekspor/siapekspor/internal/i18n"
)

// AuditActions are the actions the audit log records (auditaction.<action>
// names each), for its filter; a test holds them to the store's.
var AuditActions = []string{"create", "update", "delete", "import", "export", "submit", "review", "add_photo", "delete_photo",
	"login", "login_failed", "logout", "logout_everywhere", "permission_change", "password_change", "invite_link", "reset_link", "revoke",
	"assign", "end", "propose", "confirm", "respond", "move", "withdraw", "attendance", "result", "finish", "publish", "undo_import",
	"merge", "possible_duplicate_merged", "possible_duplicate_kept", "save_import_layout", "shortlist", "pipeline_step", "load",
	// Business-matching events (issue 19).
	"add_participant", "update_participant", "answer_invitation", "remove_participant", "check_in", "request_meetings",
	"answer_meeting_request", "withdraw_meeting_request", "schedule", "place_meeting", "pin_meeting", "remove_meeting",
	"send_agendas", "record_meeting", "event_outcome",
	// The public catalogue (issue 20).
	"list", "unlist", "register", "approved", "rejected"}

// AuditEntities are the kinds of record the audit log names
// (auditentity.<entity>), by their table-like code.
var AuditEntities = []string{"enterprise", "product", "certificate", "organisation", "user", "api_token", "import",
	"assessment", "questionnaire", "programme", "stage", "class", "session", "enrolment", "mentor_assignment", "activity", "case",
	"requirement", "market_weights", "trade", "export_stats", "region_alias", "import_layout",
	"request", "match_weights", "export_record", "match", "region_boundaries", "event", "inquiry", "buyer"}

// The actors that are not a person's e-mail: the system itself (start-up,
// command line) and someone not signed in (a failed sign-in).
const (
	actorSystem    = "system"
	actorAnonymous = "anonymous"
)

// actorName is who did something, in words: an e-mail, or "Sistem" /
// "Tanpa masuk" for the system's and anonymous actors' labels.
func actorName(p i18n.Printer, label string) string {
	switch label {
	case actorSystem:
		return p.T("audit.actor_system")
	case actorAnonymous:
		return p.T("audit.actor_anonymous")
	}
	return label
}

// actorLabel turns an actor typed into the audit filter back into what the
// log stores, so "Sistem" finds the system's entries as "system" does.
func actorLabel(typed string) string {
	for _, code := range []string{actorSystem, actorAnonymous} {
		for _, l := range i18n.Langs {
			if strings.EqualFold(typed, actorName(i18n.Printer{Lang: l}, code)) {
				return code
			}
		}
	}
	return typed
}
