// Package eventdoc writes what a business-matching event (issue 19) sends
// and prints: a participant's or a table's agenda as a WhatsApp message,
// an iCalendar file and a printable PDF, and the event's report as an
// XLSX workbook. It renders values the store has read — no HTTP, no SQL —
// and every text comes from the catalogues (internal/i18n, keys
// "eventdoc.*" and "event.*").
//
// Times are shown in the event's time zone (Event.Location), the calendar
// file holds them in UTC. Names are the users' own: every renderer keeps
// its output well-formed whatever they hold (newlines, separators,
// control characters, invalid UTF-8, emoji, great length).
package eventdoc

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

var (
	idP = i18n.Printer{Lang: i18n.ID}
	enP = i18n.Printer{Lang: i18n.EN}
)

// bi is a message in Indonesian with the English after it.
func bi(key string, args ...any) string {
	return idP.T(key, args...) + " / " + enP.T(key, args...)
}

// biChoice is an enumerated value's label in both languages.
func biChoice(prefix string, v any) string {
	return idP.Choice(prefix, v) + " / " + enP.Choice(prefix, v)
}

// oneLine is a user's text on one line: valid UTF-8, control characters
// and runs of white space made one space, trimmed.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// clip shortens s to at most n characters, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// event is an agenda's event (an empty one when missing).
func event(a *siapekspor.Agenda) *siapekspor.Event {
	if a.Event == nil {
		return &siapekspor.Event{}
	}
	return a.Event
}

// items are an agenda's meetings by time, then table, then ID.
func items(a *siapekspor.Agenda) []siapekspor.AgendaItem {
	out := slices.Clone(a.Items)
	slices.SortStableFunc(out, func(x, y siapekspor.AgendaItem) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.Table, y.Table), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// with is the other side of a meeting: With, or for a table's agenda both
// names.
func with(it *siapekspor.AgendaItem) string {
	if w := oneLine(it.With); w != "" {
		return w
	}
	e, b := oneLine(it.EnterpriseName), oneLine(it.BuyerName)
	switch {
	case e == "":
		return b
	case b == "":
		return e
	}
	return e + " – " + b
}

// place is a table's label, or a virtual room's at an online event; ""
// for table 0.
func place(p i18n.Printer, ev *siapekspor.Event, table int) string {
	switch {
	case table <= 0:
		return ""
	case ev.Online():
		return p.T("eventdoc.room", table)
	}
	return p.T("eventdoc.table", table)
}

// whose agenda: the participant's name, or the table's.
func whose(p i18n.Printer, a *siapekspor.Agenda) string {
	if a.Participant != nil {
		return oneLine(a.Participant.Name)
	}
	return place(p, event(a), a.Table)
}

// products are the other side's products on one line each, cleaned.
func products(it *siapekspor.AgendaItem) []string {
	var out []string
	for _, s := range it.Products {
		if s = oneLine(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 && it.ProductName != "" { // the meeting's own product
		s := oneLine(it.ProductName)
		if it.HSCode != "" {
			s += " (" + oneLine(it.HSCode) + ")"
		}
		out = append(out, s)
	}
	return out
}

// clock is a time of day as the pages write it: 09.00.
func clock(t time.Time) string { return t.Format("15.04") }

// when is a meeting's date and hours in the event's time zone:
// "15 Desember 2026, 09.00–09.30 WIB".
func when(p i18n.Printer, m *siapekspor.Meeting, loc *time.Location) string {
	s, e := m.Start.In(loc), m.End.In(loc)
	return p.Date(s) + ", " + clock(s) + "–" + clock(e) + " " + s.Format("MST")
}

// days are the event's days with their hours: "15 Desember 2026
// (09.00–16.00)", joined by commas.
func days(p i18n.Printer, ev *siapekspor.Event) string {
	var out []string
	for _, d := range ev.Days {
		t, err := time.Parse("2006-01-02", d.Date)
		if err != nil {
			continue
		}
		s := p.Date(t)
		if d.Start != "" && d.End != "" {
			s += " (" + strings.ReplaceAll(oneLine(d.Start), ":", ".") + "–" + strings.ReplaceAll(oneLine(d.End), ":", ".") + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// zone names the event's time zone: "WIB (Asia/Jakarta)".
func zone(ev *siapekspor.Event) string {
	loc := ev.Location()
	t := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // no days: any fixed day
	if ds, _ := ev.Spans(); len(ds) > 0 {
		t = ds[0].Start
	}
	abbr := t.In(loc).Format("MST")
	if abbr == loc.String() {
		return abbr
	}
	return abbr + " (" + loc.String() + ")"
}

func itoa(n int) string { return strconv.Itoa(n) }
