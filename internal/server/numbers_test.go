package server_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestNumbersInTheReadersFormat: amounts and scores are written the way
// the reader's language writes them: US$ 1.234.567,89 and 88,8/100 in
// Indonesian, US$ 1,234,567.89 and 88.8/100 in English.
func TestNumbersInTheReadersFormat(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	product := newProductWithPrice(t, w)
	for _, c := range []struct {
		path, lang string
		want       *regexp.Regexp
	}{
		{fmt.Sprintf("/products/%d", product), "id", regexp.MustCompile(`US\$ 1\.234\.567,89`)},
		{fmt.Sprintf("/products/%d", product), "en", regexp.MustCompile(`US\$ 1,234,567\.89`)},
		{fmt.Sprintf("/enterprises/%d/timeline", w.lamsel.ID), "id", regexp.MustCompile(`· \d+,\d/100`)},
		{fmt.Sprintf("/enterprises/%d/timeline", w.lamsel.ID), "en", regexp.MustCompile(`· \d+\.\d/100`)},
	} {
		rec := w.do(t, "admin", "GET", c.path+"?lang="+c.lang, "", "")
		if body := rec.Body.String(); rec.Code != 200 || !c.want.MatchString(body) {
			i := max(strings.Index(body, "<main"), 0)
			t.Errorf("%s in %s: %d, want %s in\n%s", c.path, c.lang, rec.Code, c.want, body[i:min(len(body), i+1500)])
		}
	}
}

// newProductWithPrice adds a product priced at US$ 1,234,567.89 FOB.
func newProductWithPrice(t *testing.T, w *world) int64 {
	p := newProduct(t, w.db, w.lamsel.ID)
	p.FOBUSDCents = 123456789
	if err := w.db.UpdateProduct(sysCtx, p); err != nil {
		t.Fatal(err)
	}
	return p.ID
}
