package eventdoc_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	idP   = i18n.Printer{Lang: i18n.ID}
	enP   = i18n.Printer{Lang: i18n.EN}
	wib   = time.FixedZone("WIB", 7*3600)
	stamp = time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
)

func testEvent() *siapekspor.Event {
	return &siapekspor.Event{ID: 7, Name: "Temu Bisnis Kopi & Rempah Lampung 2026", Kind: siapekspor.EventBusinessMatching, OrgID: 2,
		TimeZone: "Asia/Jakarta", Venue: "Hotel Novotel, Jl. Gatot Subroto No. 136, Bandar Lampung", MeetingMinutes: 30, Tables: 20,
		Days:   []siapekspor.EventDay{{Date: "2026-12-15", Start: "09:00", End: "16:00"}, {Date: "2026-12-16", Start: "09:00", End: "12:00"}},
		Breaks: []siapekspor.ClockSpan{{Start: "12:00", End: "13:00"}}}
}

// at is a time on a day of December 2026 in WIB.
func at(day, hour, min int) time.Time { return time.Date(2026, 12, day, hour, min, 0, 0, wib) }

func item(id int64, day, hour, min, table int, with, reason string, products ...string) siapekspor.AgendaItem {
	s := at(day, hour, min)
	return siapekspor.AgendaItem{Meeting: siapekspor.Meeting{ID: id, EventID: 7, Start: s, End: s.Add(30 * time.Minute), Table: table,
		Reason: reason, Priority: siapekspor.PriorityWant}, With: with, Products: products}
}

// testAgenda is an enterprise's agenda of three meetings, given out of order.
func testAgenda() *siapekspor.Agenda {
	return &siapekspor.Agenda{Event: testEvent(),
		Participant: &siapekspor.Participant{ID: 11, Side: siapekspor.SideEnterprise, EnterpriseID: 5, Name: "CV Kopi Tani Sejahtera"},
		Items: []siapekspor.AgendaItem{
			item(103, 16, 9, 30, 4, "Mitsui Foods Co., Ltd.", "Pembeli mencari kopi robusta grade 1, 2 kontainer/bulan", "Green coffee robusta (0901.11)"),
			item(101, 15, 9, 0, 12, "Hamburg Kaffee Import GmbH", "Skor kecocokan 82: produk, sertifikat organik, volume",
				"Kopi robusta organik (0901.11)", "Kopi luwak (0901.21)"),
			item(102, 15, 13, 0, 3, "Dubai Spice Trading LLC", "", "Lada hitam (0904.11)", "Cengkih (0907.10)", "Kayu manis (0906.11)",
				"Pala (0908.11)", "Kapulaga (0908.31)"),
		}}
}

// hostile names: separators, newlines, control characters, invalid
// UTF-8, emoji, great length.
var hostile = []string{
	"PT Kopi, Teh; & \"Rempah\" \\ Tbk",
	"Line one\nline two\r\nline three\rfour",
	"Tab\there\x00nul\x1bescape\x7fdel",
	"Bad UTF-8: \xff\xfe end",
	"Emoji ☕🇮🇩👩‍🌾 Kopi 🌶️",
	strings.Repeat("Ü", 200),
	strings.Repeat("Sangat Panjang, Sekali; ", 40),
	"=HYPERLINK(\"http://evil\")",
	"BEGIN:VEVENT\r\nEND:VCALENDAR",
}

func hostileAgenda() *siapekspor.Agenda {
	ev := testEvent()
	ev.Name = strings.Join(hostile[:5], " | ")
	ev.Venue = hostile[6]
	a := &siapekspor.Agenda{Event: ev, Participant: &siapekspor.Participant{Name: hostile[1]}}
	for i, h := range hostile {
		a.Items = append(a.Items, item(int64(200+i), 15, 9+i/2, 30*(i%2), i+1, h, h, h, hostile[(i+1)%len(hostile)]))
	}
	return a
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n%s", name, got)
	}
}

func noBadMessages(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, "%!") || regexp.MustCompile(`\b(eventdoc|event)\.[a-z_.]+`).MatchString(s) {
		t.Errorf("a bare key or a broken message in:\n%s", s)
	}
}

func TestGoldenFilesAreThere(t *testing.T) {
	for _, f := range []string{"agenda.ics", "whatsapp-id.txt", "whatsapp-en.txt"} {
		if _, err := os.Stat(filepath.Join("testdata", f)); err != nil && !*update {
			t.Error(err)
		}
	}
}

func ExampleWhatsAppText() {
	a := &siapekspor.Agenda{Event: &siapekspor.Event{Name: "Temu Bisnis", TimeZone: "Asia/Jakarta", Tables: 2, Venue: "Balai Kota",
		Days: []siapekspor.EventDay{{Date: "2026-12-15", Start: "09:00", End: "12:00"}}}, Table: 2}
	fmt.Println(eventdoc.WhatsAppText(enP, a))
	// Output:
	// *Temu Bisnis*
	// Date: 15 December 2026 (09.00–12.00)
	// Venue: Balai Kota
	// *Agenda of Table 2*
	//
	// No meetings scheduled yet.
}

var _ = bytes.Equal
var _ = utf8.ValidString
