package eventdoc_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
)

func writePDF(t *testing.T, agendas ...*siapekspor.Agenda) (b []byte, pages int) {
	t.Helper()
	var p1, p2 bytes.Buffer
	if err := eventdoc.WritePDF(&p1, agendas, stamp); err != nil {
		t.Fatal(err)
	}
	if err := eventdoc.WritePDF(&p2, agendas, stamp); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(p1.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if !bytes.Equal(p1.Bytes(), p2.Bytes()) {
		t.Fatal("the PDF differs between two runs")
	}
	return p1.Bytes(), len(regexp.MustCompile(`/Type /Page\b`).FindAll(p1.Bytes(), -1))
}

// TestPDFGolden: the agendas' pages, size and SHA-256 (the same bytes
// every time); SIAPEKSPOR_EVENTDOC_OUT=dir writes the PDF to look at.
func TestPDFGolden(t *testing.T) {
	table := testAgenda()
	table.Participant, table.Table = nil, 4
	for i := range table.Items {
		table.Items[i].With, table.Items[i].EnterpriseName, table.Items[i].BuyerName = "", "CV Kopi Tani Sejahtera", "Buyer "+fmt.Sprint(i+1)
	}
	empty := &siapekspor.Agenda{Event: testEvent(), Participant: &siapekspor.Participant{Name: "UD Tanpa Jadwal"}}
	b, pages := writePDF(t, testAgenda(), table, empty, longAgenda(40))
	sum := sha256.Sum256(b)
	golden(t, "agendas.pdf.txt", fmt.Sprintf("pages %d\nbytes %d\nsha256 %s\n", pages, len(b), hex.EncodeToString(sum[:])))
	if dir := os.Getenv("SIAPEKSPOR_EVENTDOC_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "agendas.pdf"), b, 0o644)
	}
}

func TestPDFPages(t *testing.T) {
	// Huge products: one row runs over pages, cut nowhere.
	huge := testAgenda()
	huge.Items = huge.Items[:1]
	for i := range 300 {
		huge.Items[0].Products = append(huge.Items[0].Products, fmt.Sprintf("Produk nomor %d dengan nama yang cukup panjang (0901.11)", i+1))
	}
	for _, c := range []struct {
		name     string
		agendas  []*siapekspor.Agenda
		min, max int
	}{
		{"one agenda", []*siapekspor.Agenda{testAgenda()}, 1, 1},
		{"each agenda on its own page", []*siapekspor.Agenda{testAgenda(), testAgenda(), testAgenda()}, 3, 3},
		{"empty agendas", []*siapekspor.Agenda{{Event: testEvent(), Table: 1}, {Event: testEvent(), Table: 2}}, 2, 2},
		{"no agendas", nil, 1, 1},
		{"nil agenda and event", []*siapekspor.Agenda{nil, {}}, 1, 1},
		{"a long agenda", []*siapekspor.Agenda{longAgenda(60)}, 3, 20},
		{"a row longer than a page", []*siapekspor.Agenda{huge}, 4, 12},
		{"hostile names", []*siapekspor.Agenda{hostileAgenda()}, 1, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, pages := writePDF(t, c.agendas...)
			if pages < c.min || pages > c.max {
				t.Errorf("%d pages, want %d–%d", pages, c.min, c.max)
			}
		})
	}
}

func TestPDFDependsOnStamp(t *testing.T) {
	var a, b bytes.Buffer
	eventdoc.WritePDF(&a, []*siapekspor.Agenda{testAgenda()}, stamp)
	eventdoc.WritePDF(&b, []*siapekspor.Agenda{testAgenda()}, stamp.AddDate(0, 0, 1))
	if bytes.Equal(a.Bytes(), b.Bytes()) || !strings.Contains(a.String(), "D:20261201") {
		t.Error("the PDF's date is not the stamp")
	}
}
