package eventdoc_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
)

// checkICS checks an iCalendar file's shape and returns its unfolded
// content lines: CRLF line ends only, no line over 75 octets, none split
// inside a UTF-8 character, continuations starting with a space, every
// line NAME:value, BEGIN and END balanced.
func checkICS(t *testing.T, b []byte) []string {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("the file does not end in CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8 (a character split by the folding?): %q", i+1, l)
		}
		for _, r := range l {
			if r < 0x20 && r != '\t' || r == 0x7f {
				t.Errorf("line %d holds control character %U", i+1, r)
			}
		}
		if strings.HasPrefix(l, " ") {
			if len(lines) == 0 {
				t.Fatal("the file starts with a continuation")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" || strings.ToUpper(name) != name {
			t.Errorf("not a content line: %q", l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("END:%s does not close %v", value, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 || lines[0] != "BEGIN:VCALENDAR" {
		t.Errorf("unbalanced: %v", stack)
	}
	return lines
}

// props returns the values of a property, in order.
func props(lines []string, name string) []string {
	var out []string
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			out = append(out, v)
		}
	}
	return out
}

// unescape reads a TEXT value back; it fails on a lone backslash or an
// unescaped comma or semicolon (which would split the value).
func unescape(t *testing.T, v string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			i++
			if i == len(v) {
				t.Fatalf("a lone backslash ends %q", v)
			}
			switch v[i] {
			case '\\', ';', ',':
				b.WriteByte(v[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				t.Fatalf("unknown escape \\%c in %q", v[i], v)
			}
		case ',', ';':
			t.Fatalf("unescaped %c in %q", c, v)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestICSGolden(t *testing.T) {
	b := eventdoc.ICS(testAgenda(), stamp, 2)
	lines := checkICS(t, b)
	golden(t, "agenda.ics", string(b))
	for _, c := range []struct{ prop, want string }{
		{"VERSION", "2.0"}, {"CALSCALE", "GREGORIAN"}, {"METHOD", "PUBLISH"},
	} {
		if got := props(lines, c.prop); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s: %v", c.prop, got)
		}
	}
	// In time order, UTC, with the sequence and stamp.
	if got := strings.Join(props(lines, "UID"), " "); got != "meeting-101-event-7@siapekspor meeting-102-event-7@siapekspor meeting-103-event-7@siapekspor" {
		t.Errorf("UIDs %s", got)
	}
	if got := strings.Join(props(lines, "DTSTART"), " "); got != "20261215T020000Z 20261215T060000Z 20261216T023000Z" {
		t.Errorf("DTSTART %s", got)
	}
	if got := strings.Join(props(lines, "DTEND"), " "); got != "20261215T023000Z 20261215T063000Z 20261216T030000Z" {
		t.Errorf("DTEND %s", got)
	}
	if got := props(lines, "DTSTAMP"); len(got) != 3 || got[0] != "20261201T030000Z" {
		t.Errorf("DTSTAMP %v", got)
	}
	if got := props(lines, "SEQUENCE"); len(got) != 3 || got[2] != "2" {
		t.Errorf("SEQUENCE %v", got)
	}
	if got := unescape(t, props(lines, "SUMMARY")[2]); got != "Temu Bisnis: Mitsui Foods Co., Ltd." {
		t.Errorf("SUMMARY %q", got)
	}
	if got := unescape(t, props(lines, "LOCATION")[0]); got != "Hotel Novotel, Jl. Gatot Subroto No. 136, Bandar Lampung, Meja 12 / Table 12" {
		t.Errorf("LOCATION %q", got)
	}
	desc := unescape(t, props(lines, "DESCRIPTION")[0])
	for _, want := range []string{"Dengan / With: Hamburg Kaffee Import GmbH", "Produk / Products: Kopi robusta organik (0901.11); Kopi luwak (0901.21)",
		"Alasan / Why: Skor kecocokan 82: produk, sertifikat organik, volume"} {
		if !strings.Contains(desc, want+"\n") && !strings.HasSuffix(desc, want) {
			t.Errorf("DESCRIPTION lacks %q:\n%s", want, desc)
		}
	}
	noBadMessages(t, string(b))
}

func TestICSOnlineAndTable(t *testing.T) {
	a := testAgenda()
	a.Event.Venue, a.Event.OnlineLink = "", "https://meet.example.org/temu?x=1,2;3"
	a.Participant, a.Table = nil, 4
	for i := range a.Items {
		a.Items[i].With, a.Items[i].EnterpriseName, a.Items[i].BuyerName = "", "CV Kopi", "Buyer GmbH"
	}
	a.Items[0].Attendance = siapekspor.AttendanceCancelled
	lines := checkICS(t, eventdoc.ICS(a, stamp, 0))
	if got := unescape(t, props(lines, "LOCATION")[0]); got != "https://meet.example.org/temu?x=1,2;3, Ruang virtual 12 / Virtual room 12" {
		t.Errorf("LOCATION %q", got)
	}
	if got := unescape(t, props(lines, "SUMMARY")[0]); got != "Temu Bisnis: CV Kopi – Buyer GmbH" {
		t.Errorf("SUMMARY %q", got)
	}
	if got := strings.Join(props(lines, "STATUS"), " "); got != "CONFIRMED CONFIRMED CANCELLED" {
		t.Errorf("STATUS %s", got)
	}
	if got := unescape(t, props(lines, "X-WR-CALNAME")[0]); !strings.HasSuffix(got, " – Ruang virtual 4") {
		t.Errorf("X-WR-CALNAME %q", got)
	}
}

func TestICSHostile(t *testing.T) {
	a := hostileAgenda()
	b := eventdoc.ICS(a, stamp, 1)
	lines := checkICS(t, b)
	if n := len(props(lines, "BEGIN")); n != 1+len(hostile) {
		t.Errorf("%d BEGIN lines, want %d", n, 1+len(hostile))
	}
	sums := props(lines, "SUMMARY")
	for i, h := range hostile {
		got := unescape(t, sums[i])
		if strings.ContainsAny(got, "\r\n\x00\x1b\x7f") || !utf8.ValidString(got) {
			t.Errorf("SUMMARY %d keeps a control character or invalid UTF-8: %q", i, got)
		}
		// The name on one line, its words kept.
		for _, w := range strings.Fields(strings.ToValidUTF8(h, "\uFFFD")) {
			if w = strings.Map(func(r rune) rune {
				if r < 0x20 || r == 0x7f {
					return -1
				}
				return r
			}, w); len(w) > 3 && !strings.Contains(got, w[:3]) {
				t.Errorf("SUMMARY %d lost %q: %q", i, w, got)
			}
		}
	}
	// Multibyte characters at every folding position.
	for n := range 80 {
		a := testAgenda()
		a.Items = a.Items[:1]
		a.Items[0].With = strings.Repeat("a", n) + strings.Repeat("☕Ü🇮🇩", 30)
		lines := checkICS(t, eventdoc.ICS(a, stamp, 0))
		if got := unescape(t, props(lines, "SUMMARY")[0]); got != "Temu Bisnis: "+a.Items[0].With {
			t.Fatalf("offset %d: SUMMARY %q", n, got)
		}
	}
}

func TestICSEscaping(t *testing.T) {
	for _, c := range []struct{ with, want string }{
		{`a,b`, `Temu Bisnis: a\,b`},
		{`a;b`, `Temu Bisnis: a\;b`},
		{`a\b`, `Temu Bisnis: a\\b`},
		{`a\,b`, `Temu Bisnis: a\\\,b`},
		{"a\nb", `Temu Bisnis: a b`}, // names are one line
		{"a:b", `Temu Bisnis: a:b`},
		{`"q"`, `Temu Bisnis: "q"`},
	} {
		a := testAgenda()
		a.Items = a.Items[:1]
		a.Items[0].With = c.with
		a.Items[0].Reason = "x\ny"
		lines := checkICS(t, eventdoc.ICS(a, stamp, 0))
		if got := props(lines, "SUMMARY")[0]; got != c.want {
			t.Errorf("%q: SUMMARY:%s, want %s", c.with, got, c.want)
		}
		if got := props(lines, "DESCRIPTION")[0]; !strings.Contains(got, `\nAlasan / Why: x y`) {
			t.Errorf("%q: DESCRIPTION:%s", c.with, got)
		}
	}
}

func TestICSEmpty(t *testing.T) {
	lines := checkICS(t, eventdoc.ICS(&siapekspor.Agenda{}, stamp, 0))
	if len(props(lines, "UID")) != 0 || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("%q", lines)
	}
}
