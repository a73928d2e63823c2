package eventdoc_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

func TestWhatsAppGolden(t *testing.T) {
	for _, c := range []struct {
		p     i18n.Printer
		file  string
		wants []string
	}{
		{idP, "whatsapp-id.txt", []string{"*Temu Bisnis Kopi & Rempah Lampung 2026*\n", "Temu Bisnis (pembeli luar negeri)\n",
			"Tanggal: 15 Desember 2026 (09.00–16.00), 16 Desember 2026 (09.00–12.00)\n", "*Agenda CV Kopi Tani Sejahtera*",
			"1. 15 Desember 2026, 09.00–09.30 WIB · Meja 12\n   Dengan: *Hamburg Kaffee Import GmbH*\n",
			"Produk: Lada hitam (0904.11); Cengkih (0907.10); Kayu manis (0906.11) (+2 lagi)\n", "3. 16 Desember 2026, 09.30–10.00 WIB · Meja 4"}},
		{enP, "whatsapp-en.txt", []string{"Business matching (foreign buyers)\n", "Date: 15 December 2026 (09.00–16.00)", "*Agenda of CV Kopi Tani Sejahtera*",
			"*Meetings (3)*", "1. 15 December 2026, 09.00–09.30 WIB · Table 12\n   With: *Hamburg Kaffee Import GmbH*\n",
			"   Why: Skor kecocokan 82", "(+2 more)"}},
	} {
		got := eventdoc.WhatsAppText(c.p, testAgenda())
		golden(t, c.file, got+"\n")
		for _, w := range c.wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", c.file, w, got)
			}
		}
		noBadMessages(t, got)
	}
}

func TestWhatsAppOnlineTableCancelled(t *testing.T) {
	a := testAgenda()
	a.Event.Venue, a.Event.OnlineLink = "", "https://meet.example.org/temu"
	a.Participant, a.Table = nil, 3
	a.Items[0].Attendance = siapekspor.AttendanceCancelled
	a.Items[0].With, a.Items[0].EnterpriseName, a.Items[0].BuyerName = "", "CV Kopi", "Mitsui"
	got := eventdoc.WhatsAppText(idP, a)
	for _, w := range []string{"Daring: https://meet.example.org/temu\n", "*Agenda Ruang virtual 3*", "· Ruang virtual 4 · Dibatalkan\n",
		"Dengan: *CV Kopi – Mitsui*"} {
		if !strings.Contains(got, w) {
			t.Errorf("lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "Tempat:") {
		t.Errorf("a venue for an online event:\n%s", got)
	}
}

// longAgenda has n meetings, each with long products and a long reason.
func longAgenda(n int) *siapekspor.Agenda {
	a := testAgenda()
	a.Items = nil
	for i := range n {
		a.Items = append(a.Items, item(int64(300+i), 15+i/12, 9+i%12/2, 30*(i%2), i%20+1, fmt.Sprintf("Buyer nomor %d Trading Company", i+1),
			strings.Repeat("Alasan panjang sekali. ", 12), "Kopi robusta organik grade 1 (0901.11)", "Kopi arabika Gayo (0901.11)"))
	}
	return a
}

func TestWhatsAppLength(t *testing.T) {
	for _, c := range []struct {
		n                         int
		products, reasons, within bool
	}{
		{3, true, true, true},     // short: all of it
		{5, true, false, true},    // reasons dropped
		{9, false, false, true},   // products dropped too
		{40, false, false, false}, // every meeting line still there
	} {
		for _, p := range []i18n.Printer{idP, enP} {
			got := eventdoc.WhatsAppText(p, longAgenda(c.n))
			if n := utf8.RuneCountInString(got); (n <= eventdoc.WhatsAppMax) != c.within {
				t.Errorf("%d meetings, %s: %d characters", c.n, p.Lang, n)
			}
			if strings.Contains(got, p.T("eventdoc.products")+":") != c.products || strings.Contains(got, p.T("eventdoc.reason")+":") != c.reasons {
				t.Errorf("%d meetings, %s: products %v, reasons %v:\n%s", c.n, p.Lang, c.products, c.reasons, got)
			}
			if strings.Contains(got, p.T("eventdoc.shortened")) == (c.products && c.reasons) {
				t.Errorf("%d meetings, %s: the note on shortening is wrong:\n%s", c.n, p.Lang, got)
			}
			for i := range c.n {
				if !strings.Contains(got, fmt.Sprintf("\n%d. ", i+1)) || !strings.Contains(got, fmt.Sprintf("*Buyer nomor %d Trading Company*", i+1)) {
					t.Errorf("%d meetings, %s: meeting %d is missing", c.n, p.Lang, i+1)
				}
			}
		}
	}
}

func TestWhatsAppHostile(t *testing.T) {
	got := eventdoc.WhatsAppText(idP, hostileAgenda())
	if !utf8.ValidString(got) || strings.ContainsAny(got, "\r\x00\x1b\x7f") {
		t.Errorf("invalid text: %q", got)
	}
	// One meeting is three lines at most (head, with, products): no name
	// breaks a line.
	if n := strings.Count(got, "\n   "+idP.T("eventdoc.with")+": "); n != len(hostile) {
		t.Errorf("%d meetings' with lines, want %d", n, len(hostile))
	}
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "line two") || strings.HasPrefix(l, "four") {
			t.Errorf("a name broke a line: %q", l)
		}
	}
}

func TestWhatsAppEmpty(t *testing.T) {
	for _, p := range []i18n.Printer{idP, enP} {
		got := eventdoc.WhatsAppText(p, &siapekspor.Agenda{Event: testEvent(), Participant: &siapekspor.Participant{Name: "CV A"}})
		if !strings.HasSuffix(got, p.T("eventdoc.no_meetings")) {
			t.Errorf("%s: %q", p.Lang, got)
		}
		noBadMessages(t, got)
	}
}
