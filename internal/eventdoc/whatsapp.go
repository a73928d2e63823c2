package eventdoc

import (
	"strings"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// WhatsAppMax is the length, in characters, WhatsAppText aims to stay
// within: the message travels in a wa.me link, whose address phones and
// browsers cut somewhere past 2,000 bytes once escaped.
const WhatsAppMax = 1500

// WhatsApp-specific limits of one meeting's details.
const (
	waProducts  = 3   // products listed; the rest counted
	waReasonMax = 200 // characters of a reason
)

// WhatsAppText is an agenda as a WhatsApp message in p's language, with
// WhatsApp's *bold*: the event's name, kind, days, venue or online link,
// whose agenda, then each meeting — its date and hours in the event's
// time zone, table or virtual room, the other side, its products (three,
// then a count of the rest) and the reason for the meeting.
//
// Past WhatsAppMax characters it drops every meeting's reason, then its
// products too, and says so at the end; the meeting lines themselves
// (when, where, with whom) are never cut, so a long agenda may still run
// past WhatsAppMax.
func WhatsAppText(p i18n.Printer, a *siapekspor.Agenda) string {
	var s string
	for detail := 2; detail >= 0; detail-- {
		s = whatsApp(p, a, detail)
		if utf8.RuneCountInString(s) <= WhatsAppMax {
			break
		}
	}
	return s
}

// whatsApp writes the message with detail 2 (products and reasons), 1
// (products) or 0 (neither).
func whatsApp(p i18n.Printer, a *siapekspor.Agenda, detail int) string {
	ev := event(a)
	loc := ev.Location()
	var b strings.Builder
	line := func(parts ...string) {
		for _, s := range parts {
			b.WriteString(s)
		}
		b.WriteByte('\n')
	}
	line("*", oneLine(ev.Name), "*")
	if ev.Kind != "" {
		line(p.Choice("event.kind", ev.Kind))
	}
	if d := days(p, ev); d != "" {
		line(p.T("eventdoc.date"), ": ", d)
	}
	if v := oneLine(ev.Venue); v != "" {
		line(p.T("eventdoc.venue"), ": ", v)
	}
	if ev.Online() {
		line(p.T("eventdoc.online"), ": ", oneLine(ev.OnlineLink))
	}
	if w := whose(p, a); w != "" {
		line("*", p.T("eventdoc.agenda_of", w), "*")
	} else {
		line("*", p.T("eventdoc.agenda"), "*")
	}
	b.WriteByte('\n')
	its := items(a)
	if len(its) == 0 {
		line(p.T("eventdoc.no_meetings"))
		return strings.TrimRight(b.String(), "\n")
	}
	line("*", p.T("eventdoc.meetings", len(its)), "*")
	for i := range its {
		it := &its[i]
		head := itoa(i+1) + ". " + when(p, &it.Meeting, loc)
		if pl := place(p, ev, it.Table); pl != "" {
			head += " · " + pl
		}
		if it.Attendance == siapekspor.AttendanceCancelled {
			head += " · " + p.T("eventdoc.cancelled")
		}
		line(head)
		line("   ", p.T("eventdoc.with"), ": *", with(it), "*")
		if ps := products(it); detail >= 1 && len(ps) > 0 {
			more := ""
			if len(ps) > waProducts {
				more = " (" + p.T("eventdoc.more", len(ps)-waProducts) + ")"
				ps = ps[:waProducts]
			}
			line("   ", p.T("eventdoc.products"), ": ", strings.Join(ps, "; "), more)
		}
		if r := oneLine(it.Reason); detail >= 2 && r != "" {
			line("   ", p.T("eventdoc.reason"), ": ", clip(r, waReasonMax))
		}
	}
	if detail < 2 {
		b.WriteByte('\n')
		line(p.T("eventdoc.shortened"))
	}
	return strings.TrimRight(b.String(), "\n")
}
