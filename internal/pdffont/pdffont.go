// Package pdffont holds the fonts the PDFs are written in, embedded once
// for every package that writes a PDF (the monthly report, the event
// agendas): DejaVu Sans Condensed, regular and bold, from Debian's
// fonts-dejavu-core (free licence, fonts/LICENSE-DejaVu.txt). fpdf embeds
// in each PDF only the glyphs it uses; the two fonts add 1.3 MB to the
// binary.
package pdffont

import (
	_ "embed"

	"codeberg.org/go-pdf/fpdf"
)

// Name is the family the fonts are registered under.
const Name = "dejavu"

var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	regular []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	bold []byte
)

// Register adds the regular ("") and bold ("B") styles of Name to f.
func Register(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(Name, "", regular)
	f.AddUTF8FontFromBytes(Name, "B", bold)
}
