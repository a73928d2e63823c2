package match

import (
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

// Product is one candidate: a product of the province and its enterprise.
// Many products share one *Enterprise. IDs must be unique.
type Product struct {
	ID         int64       `json:"id"`
	Enterprise *Enterprise `json:"-"`
	// HSCode: 6 digits, or an 8-digit national line; "" not stated.
	HSCode string `json:"hs_code"`
	// Terms: the stemmed words of the product's names and descriptions,
	// space-separated (Terms makes them; the store keeps them with the
	// product so that ranking never stems).
	Terms            string                      `json:"terms"`
	Unit             siapekspor.Unit             `json:"unit"`
	CapacityPerMonth float64                     `json:"capacity_per_month"`
	MinOrder         float64                     `json:"min_order"`
	Validation       siapekspor.ValidationStatus `json:"validation"`
	// Certificates that cover this product only (enterprise-wide ones are
	// the enterprise's).
	Certificates []Cert `json:"certificates,omitempty"`
}

// Source holds candidates in a caller's own form: Rank reads each one it
// looks at through At.
type Source interface {
	Len() int
	// At returns candidate i. The Product and its Enterprise may be reused
	// by the next call: Rank keeps only values of them (strings included),
	// never the pointers or slices.
	At(i int) *Product
}

// products is a Source of Products in a slice.
type products []Product

func (p products) Len() int          { return len(p) }
func (p products) At(i int) *Product { return &p[i] }

// Enterprise is what the matcher needs of a product's enterprise.
type Enterprise struct {
	ID int64 `json:"id"`
	// RegencyCode: e.g. 18.71; its first two digits are the province.
	// "" unknown (its own group for the regency cap).
	RegencyCode string `json:"regency_code"`
	// Point: its district's centroid.
	Point Point `json:"point"`
	// Level: the class of its latest readiness assessment, "" none;
	// Readiness that assessment's overall score, 0–100.
	Level        siapekspor.TrainingLevel `json:"level"`
	Readiness    float64                  `json:"readiness"`
	Certificates []Cert                   `json:"certificates,omitempty"` // enterprise-wide
	History      History                  `json:"history"`
}

// Cert is a certificate a product or enterprise holds.
type Cert struct {
	Type siapekspor.CertificateType `json:"type"`
	// ExpiresOn: the last day it is valid; zero when it does not expire.
	ExpiresOn time.Time `json:"expires_on"`
}

// CertOf takes what the matcher needs of a stored certificate.
func CertOf(c *siapekspor.Certificate) Cert {
	out := Cert{Type: c.Type}
	if c.ExpiresOn != nil {
		out.ExpiresOn = *c.ExpiresOn
	}
	return out
}

// History is an enterprise's past in the deal pipeline: introductions it
// accepted or declined, contracts signed, orders shipped and deals lost.
type History struct {
	Accepted  int `json:"accepted"`
	Declined  int `json:"declined"`
	Contracts int `json:"contracts"`
	Shipped   int `json:"shipped"`
	Lost      int `json:"lost"`
}

// Terms makes a product's Terms from its names and descriptions, stemmed
// as the search index stems them (Indonesian text with the Indonesian
// stemmer, English with the English), each word once.
func Terms(nameID, nameEN, descriptionID, descriptionEN string) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, part := range []string{textsearch.IndexID(nameID), textsearch.IndexEN(nameEN), textsearch.IndexID(descriptionID), textsearch.IndexEN(descriptionEN)} {
		for _, w := range strings.Fields(part) {
			if seen[w] {
				continue
			}
			seen[w] = true
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	return b.String()
}

// hasToken reports whether tok is one of the space-separated terms.
func hasToken(terms, tok string) bool {
	for i := 0; i+len(tok) <= len(terms); {
		j := strings.Index(terms[i:], tok)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(tok)
		if (j == 0 || terms[j-1] == ' ') && (end == len(terms) || terms[end] == ' ') {
			return true
		}
		i = j + 1
	}
	return false
}

// wordsFound counts the query's words (each with its alternative forms)
// found among the terms.
func wordsFound(words [][]string, terms string) int {
	n := 0
	for _, alts := range words {
		for _, a := range alts {
			if hasToken(terms, a) {
				n++
				break
			}
		}
	}
	return n
}
