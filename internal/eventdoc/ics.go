package eventdoc

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
)

// ICS is an agenda as an iCalendar file (RFC 5545) to add to a phone's or
// a mail program's calendar: one VEVENT per meeting, its UID
// "meeting-<id>-event-<event id>@siapekspor" (a calendar that already has
// it updates it: pass a higher sequence each time the agendas are sent
// again), DTSTAMP the stamp, the times in UTC. A cancelled meeting is
// STATUS:CANCELLED.
//
// The calendar takes no language: SUMMARY is Indonesian ("Temu Bisnis:
// <the other side>"), LOCATION the venue and table (or the online link
// and virtual room), DESCRIPTION each label in Indonesian and English
// ("Produk / Products: …"). Text is escaped (backslash, semicolon, comma,
// newline), lines end in CRLF and are folded at 75 octets between UTF-8
// characters.
func ICS(a *siapekspor.Agenda, stamp time.Time, sequence int) []byte {
	ev := event(a)
	var w icsWriter
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//SiapEkspor//Agenda Temu Bisnis//ID")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", "PUBLISH")
	name := oneLine(ev.Name)
	if wh := whose(idP, a); wh != "" {
		name += " – " + wh
	}
	w.text("X-WR-CALNAME", name)
	dtstamp := icsTime(stamp)
	if sequence < 0 {
		sequence = 0
	}
	for _, it := range items(a) {
		w.prop("BEGIN", "VEVENT")
		w.prop("UID", "meeting-"+strconv.FormatInt(it.ID, 10)+"-event-"+strconv.FormatInt(ev.ID, 10)+"@siapekspor")
		w.prop("DTSTAMP", dtstamp)
		w.prop("DTSTART", icsTime(it.Start))
		end := it.End
		if !end.After(it.Start) {
			end = it.Start.Add(time.Duration(max(ev.MeetingMinutes, 1)) * time.Minute)
		}
		w.prop("DTEND", icsTime(end))
		w.prop("SEQUENCE", strconv.Itoa(sequence))
		status := "CONFIRMED"
		if it.Attendance == siapekspor.AttendanceCancelled {
			status = "CANCELLED"
		}
		w.prop("STATUS", status)
		w.text("SUMMARY", idP.T("eventdoc.summary", with(&it)))
		w.text("LOCATION", icsLocation(ev, it.Table))
		w.text("DESCRIPTION", icsDescription(ev, &it))
		w.prop("END", "VEVENT")
	}
	w.prop("END", "VCALENDAR")
	return []byte(w.String())
}

// icsLocation: the venue and table, or the online link and virtual room.
func icsLocation(ev *siapekspor.Event, table int) string {
	var parts []string
	if ev.Online() {
		parts = append(parts, oneLine(ev.OnlineLink))
	} else if v := oneLine(ev.Venue); v != "" {
		parts = append(parts, v)
	}
	if table > 0 {
		if ev.Online() {
			parts = append(parts, bi("eventdoc.room", table))
		} else {
			parts = append(parts, bi("eventdoc.table", table))
		}
	}
	return strings.Join(parts, ", ")
}

// icsDescription: the event, the other side, its products and the reason,
// a line each.
func icsDescription(ev *siapekspor.Event, it *siapekspor.AgendaItem) string {
	lines := []string{bi("eventdoc.event") + ": " + oneLine(ev.Name)}
	lines = append(lines, bi("eventdoc.with")+": "+with(it))
	if ps := products(it); len(ps) > 0 {
		lines = append(lines, bi("eventdoc.products")+": "+strings.Join(ps, "; "))
	}
	if r := oneLine(it.Reason); r != "" {
		lines = append(lines, bi("eventdoc.reason")+": "+r)
	}
	if ev.Online() && it.Table > 0 {
		lines = append(lines, bi("eventdoc.online")+": "+oneLine(ev.OnlineLink))
	}
	return strings.Join(lines, "\n")
}

// icsTime is a time in UTC: 20261215T020000Z.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsWriter writes content lines, folded, with CRLF.
type icsWriter struct{ strings.Builder }

// prop writes a property whose value needs no escaping.
func (w *icsWriter) prop(name, value string) { w.line(name + ":" + value) }

// text writes a TEXT property, escaped.
func (w *icsWriter) text(name, value string) { w.line(name + ":" + escapeText(value)) }

// line folds a content line at 75 octets, never inside a UTF-8
// character: each continuation starts with a space (counted in its 75).
func (w *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11): backslash,
// semicolon, comma and newline; a CRLF or CR is a newline; other control
// characters, which TEXT may not hold, become spaces; invalid UTF-8 the
// replacement character.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
