package server_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// factorOf finds a factor in a ranking result decoded from JSON.
func factorOf(res map[string]any, id string) map[string]any {
	for _, f := range res["factors"].([]any) {
		if f := f.(map[string]any); f["id"] == id {
			return f
		}
	}
	return nil
}

func resultOf(ranking map[string]any, country string) map[string]any {
	for _, key := range []string{"results", "unscored"} {
		list, _ := ranking[key].([]any)
		for _, r := range list {
			if r := r.(map[string]any); r["country"] == country {
				return r
			}
		}
	}
	return nil
}

// TestMarketsThroughPagesAndAPI walks issue 7 on both engines: a product's
// ranking with its factors and the missing importers said out loud, the
// enterprise's fit, a country's page, the gap, the requirements editor
// refusing an entry without a source, the weights, a trade file refused by
// line then accepted, and the export statistics with totals that do not
// add up.
func TestMarketsThroughPagesAndAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ts := httptest.NewServer(w.s)
		t.Cleanup(ts.Close)
		admin, buyer, owner := w.cookies["admin"], w.cookies["buyer"], w.cookies["owner"]
		product := fmt.Sprint(w.product.ID) // the Lampung Selatan enterprise's ground coffee, 090121, halal

		// The ranking by HS code: every factor with its value and weight; the
		// six importers the shipped data lacks are said to be unknown, and
		// Germany is listed with partial data, never as buying nothing.
		r := call(t, ts.URL, buyer, "GET", "/api/v1/markets/products/0901", "", nil, 200)
		results := r["results"].([]any)
		if len(results) < 100 || r["product"] != "0901" {
			t.Fatalf("%d destinations for 0901", len(results))
		}
		first := results[0].(map[string]any)
		if f := factorOf(first, "demand_size"); f == nil || f["available"] != true || f["weight"].(float64) != 30 {
			t.Errorf("first destination's demand factor: %v", f)
		}
		if s := mustJSON(r["notes"]); !strings.Contains(s, "market.note.missing_importers") || !strings.Contains(s, "DEU, ESP, FRA, GBR, NLD, USA") {
			t.Errorf("notes: %s", s)
		}
		if deu := resultOf(r, "DEU"); deu == nil || deu["incomplete"] != true {
			t.Errorf("Germany: %v", deu)
		}
		// Growth is shrunk for small markets and scored by rank: nobody's own
		// figure is thousands of percent, and the API says what it was shrunk with.
		if g, ok := r["growth"].(map[string]any); !ok || g["prior_usd"].(float64) <= 0 || g["markets"].(float64) < 100 {
			t.Errorf("growth basis: %v", r["growth"])
		}
		aboveWorldShare := 0
		for _, x := range results {
			x := x.(map[string]any)
			if f := factorOf(x, "demand_growth"); f != nil && f["own"] != nil && f["own"].(float64) > 100 {
				t.Errorf("%v grows %v %% a year", x["country"], f["own"])
			}
			if ratio, ok := x["share_ratio"].(float64); ok && ratio > 1 && x["unrealised_usd"] == 0.0 {
				aboveWorldShare++
			}
		}
		if aboveWorldShare == 0 {
			t.Error("no destination where Indonesia sells above its world share: share_ratio missing")
		}
		st, body := page(t, ts.URL, buyer, "GET", "/markets/products/0901", nil)
		if st != 200 || !strings.Contains(body, "Belgia") || !strings.Contains(body, "DEU, ESP, FRA, GBR, NLD, USA") || !strings.Contains(body, "Besar pasar") {
			t.Errorf("ranking page: %d %s", st, firstLine(body))
		}
		// The cells are explained beside the table; a market already won says
		// so instead of "US$ 0".
		for _, want := range []string{`id="ranking-legend"`, "adalah poin yang disumbangkannya pada skor", "Potensi belum tergarap: yang akan dijual Indonesia", "pangsa dunianya</td>", "ditarik ke angka dunia"} {
			if !strings.Contains(body, want) {
				t.Errorf("ranking page lacks %q", want)
			}
		}
		if strings.Contains(body, ">US$ 0</td>") {
			t.Error("ranking page shows an unrealised potential of US$ 0")
		}

		// The ranking page for the registry's product links each destination's
		// requirements for the same product (the link once lost its "=").
		if st, body := page(t, ts.URL, owner, "GET", "/markets/products/x?product="+product, nil); st != 200 || !strings.Contains(body, "?hs=090121&amp;product="+product+`"`) {
			t.Errorf("ranking page for the product: %d, requirement links without the product", st)
		}
		// For the registry's product: its enterprise's certificates are the fit.
		r = call(t, ts.URL, owner, "GET", "/api/v1/markets/products/x?product="+product, "", nil, 200)
		if r["product"] != "090121" || r["enterprise"] == nil {
			t.Errorf("ranking for the product: %v %v", r["product"], r["enterprise"])
		}
		// Australia requires a phytosanitary certificate for coffee; the
		// enterprise holds only halal: none of one requirement met.
		if aus := resultOf(r, "AUS"); aus == nil || factorOf(aus, "fit")["available"] != true || factorOf(aus, "fit")["raw"].(float64) != 0 {
			t.Errorf("Australia's fit: %v", aus)
		}
		// A viewer may rank for the enterprise, and sees its personal data masked.
		v := call(t, ts.URL, w.cookies["viewer"], "GET", fmt.Sprintf("/api/v1/markets/products/090121?enterprise=%d", w.lamsel.ID), "", nil, 200)
		if s := mustJSON(v["enterprise"]); strings.Contains(s, "1801041203800002") || strings.Contains(s, "Jl. Raya 1") || !strings.Contains(s, "Kopi Lamsel") {
			t.Errorf("the enterprise in a viewer's ranking: %s", firstLine(s))
		}
		// Another regency's officer may not rank it with its certificates.
		if st, _ := page(t, ts.URL, w.cookies["officer_metro"], "GET", "/api/v1/markets/products/x?product="+product, nil); st != 403 && st != 404 {
			t.Errorf("out of scope product ranking: %d", st)
		}
		// Bad input says what and where.
		e := call(t, ts.URL, buyer, "GET", "/api/v1/markets/products/0901?weight_fit=banyak", "", nil, 422)
		if s := mustJSON(e); !strings.Contains(s, "weight_fit") {
			t.Errorf("bad weight: %s", s)
		}

		// A country's page: what it buys of what the province makes.
		c := call(t, ts.URL, admin, "GET", "/api/v1/markets/countries/JPN", "", nil, 200)
		if c["reports"] != true || !strings.Contains(mustJSON(c["products"]), `"hs":"090121"`) {
			t.Errorf("Japan: %s", firstLine(mustJSON(c)))
		}
		st, body = page(t, ts.URL, buyer, "GET", "/markets/countries/USA", nil)
		if st != 200 || !strings.Contains(body, "tidak diketahui") || !strings.Contains(body, "FDA") {
			t.Errorf("United States page: %d", st)
		}
		if st, _ := page(t, ts.URL, buyer, "GET", "/markets/countries/XXX", nil); st != 404 {
			t.Errorf("unknown country: %d", st)
		}

		// The gap for the product in the EU: the EUDR is not in force for a
		// micro firm yet, and says from when.
		g := call(t, ts.URL, owner, "GET", "/api/v1/markets/gap/EU?product="+product, "", nil, 200)
		gs := mustJSON(g["items"])
		if !strings.Contains(gs, `"id":"eu-eudr-coffee"`) || !strings.Contains(gs, `"status":"upcoming"`) || !strings.Contains(gs, "2027-06-30") {
			t.Errorf("EU gap: %s", firstLine(gs))
		}
		if st, body := page(t, ts.URL, owner, "GET", "/markets/gap/EU?product="+product, nil); st != 200 || !strings.Contains(body, "EUDR") {
			t.Errorf("gap page: %d", st)
		}

		// The requirements editor: an entry without a source is refused and
		// nothing is stored; a complete one is stored, edited at its version,
		// deleted.
		form := url.Values{"id": {"jpn-uji-kopi"}, "destination": {"JPN"}, "hs_prefixes": {"0901"}, "title_id": {"Uji"}, "title_en": {"Test"},
			"last_checked": {"2026-11-20"}, "confidence": {"check"}, "mandatory": {"1"}}
		st, body = page(t, ts.URL, admin, "POST", "/markets/requirements/new", form)
		if st != 422 || !strings.Contains(body, `href="#f-source_url"`) {
			t.Errorf("requirement without a source: %d %s", st, firstLine(body))
		}
		call(t, ts.URL, admin, "GET", "/api/v1/markets/requirements/jpn-uji-kopi", "", nil, 404)
		form.Set("source_url", "https://www.mhlw.go.jp/english/topics/importedfoods/")
		if st, _ := page(t, ts.URL, admin, "POST", "/markets/requirements/new", form); st != 200 && st != 303 {
			t.Errorf("complete requirement: %d", st)
		}
		q := call(t, ts.URL, admin, "GET", "/api/v1/markets/requirements/jpn-uji-kopi", "", nil, 200)
		q["title_en"], q["version"] = "Test, edited", 99
		call(t, ts.URL, admin, "PUT", "/api/v1/markets/requirements/jpn-uji-kopi", "application/json", strings.NewReader(mustJSON(q)), 409)
		q["version"] = 1
		call(t, ts.URL, admin, "PUT", "/api/v1/markets/requirements/jpn-uji-kopi", "application/json", strings.NewReader(mustJSON(q)), 200)
		call(t, ts.URL, buyer, "DELETE", "/api/v1/markets/requirements/jpn-uji-kopi", "", nil, 403)
		call(t, ts.URL, admin, "DELETE", "/api/v1/markets/requirements/jpn-uji-kopi", "", nil, 204)
		// A file with one bad row loads nothing, and says which line.
		before := len(call(t, ts.URL, admin, "GET", "/api/v1/markets/requirements", "", nil, 200)["items"].([]any))
		csv := "id,destination,hs_prefixes,title_id,title_en,source_url,last_checked,confidence\n" +
			"aus-uji-1,AUS,0901,Uji,Test,https://www.agriculture.gov.au/biosecurity-trade/import,2026-11-20,check\n" +
			"aus-uji-2,AUS,0901,Uji,Test,,2026-11-20,check\n"
		bad := call(t, ts.URL, admin, "POST", "/api/v1/markets/requirements/import?name=uji.csv", "text/csv", strings.NewReader(csv), 422)
		if s := mustJSON(bad["problems"]); !strings.Contains(s, `"line":3`) || !strings.Contains(s, "source_url") {
			t.Errorf("requirements file problems: %s", s)
		}
		if after := len(call(t, ts.URL, admin, "GET", "/api/v1/markets/requirements", "", nil, 200)["items"].([]any)); after != before {
			t.Errorf("a refused file changed the catalogue: %d → %d", before, after)
		}

		// Weights: all zero is refused; others change every ranking.
		call(t, ts.URL, admin, "PUT", "/api/v1/markets/weights", "application/json", strings.NewReader(`{"demand_size":0}`), 422)
		call(t, ts.URL, admin, "PUT", "/api/v1/markets/weights", "application/json",
			strings.NewReader(`{"demand_size":50,"demand_growth":0,"presence":20,"distance":20,"ties":10,"tariff":0,"fit":0}`), 200)
		r = call(t, ts.URL, buyer, "GET", "/api/v1/markets/products/121221", "", nil, 200)
		if wt := r["weights"].(map[string]any); wt["demand_size"].(float64) != 50 {
			t.Errorf("weights in the ranking: %v", wt)
		}

		// A trade file with bad rows is refused with their lines; accepted, it loads.
		baci := "t,i,j,k,v,q\n2023,360,276,121221,1200,300\n2023,999,276,121221,5,1\n"
		tr := call(t, ts.URL, admin, "POST", "/api/v1/markets/trade?format=baci&name=BACI_HS17_Y2023_V202501.csv", "text/csv", strings.NewReader(baci), 422)
		if s := mustJSON(tr["problems"]); tr["refused"] != true || !strings.Contains(s, `"line":3`) {
			t.Errorf("refused trade file: %s", mustJSON(tr))
		}
		call(t, ts.URL, officerOf(w), "POST", "/api/v1/markets/trade?format=baci", "text/csv", strings.NewReader(baci), 403)
		call(t, ts.URL, admin, "POST", "/api/v1/markets/trade?format=baci&accept_problems=1&name=BACI_HS17_Y2023_V202501.csv", "text/csv", strings.NewReader(baci), 201)
		loads := call(t, ts.URL, buyer, "GET", "/api/v1/markets/trade/loads", "", nil, 200)
		if s := mustJSON(loads); !strings.Contains(s, `"year":2023`) || !strings.Contains(s, `"dataset":"baci"`) {
			t.Errorf("loads: %s", s)
		}
		if st, body := page(t, ts.URL, buyer, "GET", "/markets/data", nil); st != 200 || !strings.Contains(body, "BACI_HS17_Y2023_V202501.csv") {
			t.Errorf("market data page: %d", st)
		}

		// Export statistics: the wide table has two totals that do not add up;
		// it is stored with both flagged.
		wide, err := os.ReadFile("../exportstats/testdata/bps-lampung-negara-tujuan-2024-sintetis.csv")
		if err != nil {
			t.Fatal(err)
		}
		up := call(t, ts.URL, w.cookies["officer_prov"], "POST", "/api/v1/markets/statistics?name=negara-tujuan-sintetis.csv", "text/csv", bytes.NewReader(wide), 201)
		if ws := up["warnings"].([]any); len(ws) != 2 || !strings.Contains(mustJSON(ws), `"line":10`) {
			t.Errorf("warnings: %s", mustJSON(up["warnings"]))
		}
		id := fmt.Sprint(up["load"].(map[string]any)["id"])
		stats := call(t, ts.URL, buyer, "GET", "/api/v1/markets/statistics/"+id, "", nil, 200)
		top := stats["top_destinations"].(map[string]any)["items"].([]any)
		if len(top) != 10 || top[0].(map[string]any)["key"] != "IND" {
			t.Errorf("top destinations: %s", firstLine(mustJSON(top)))
		}
		call(t, ts.URL, w.cookies["officer_prov"], "POST", "/api/v1/markets/statistics", "text/csv", strings.NewReader("Negara;Jan\nAtlantis;x\n"), 422)
		// The same table through the page: the warnings are shown, the chart's data is in the page.
		st, body = uploadPage(t, ts.URL, w.cookies["officer_prov"], "/markets/statistics", "negara-tujuan-sintetis.csv", wide)
		if st != 200 || !strings.Contains(body, "tidak cocok") || !strings.Contains(body, `id="chart-dest"`) || !strings.Contains(body, "chart.umd.min.js") {
			t.Errorf("statistics upload page: %d %s", st, firstLine(body))
		}

		// A product under an Indonesian export restriction says so, in the API and on its page.
		uco := &siapekspor.Product{EnterpriseID: w.lamsel.ID, NameID: "Minyak Jelantah", HSCode: "151800", Unit: "liter", CapacityPerMonth: 1000}
		if err := db.CreateProduct(sysCtx, uco); err != nil {
			t.Fatal(err)
		}
		p := call(t, ts.URL, owner, "GET", fmt.Sprintf("/api/v1/products/%d", uco.ID), "", nil, 200)
		if s := mustJSON(p["export_restrictions"]); !strings.Contains(s, `"kind":"approval"`) {
			t.Errorf("restrictions on the product: %s", s)
		}
		if st, body := page(t, ts.URL, owner, "GET", fmt.Sprintf("/products/%d", uco.ID), nil); st != 200 || !strings.Contains(body, "Persetujuan Ekspor") {
			t.Errorf("product page restriction: %d", st)
		}
		if st, body := page(t, ts.URL, owner, "GET", "/markets/products/151800", nil); st != 200 || !strings.Contains(body, "Persetujuan Ekspor") {
			t.Errorf("ranking page restriction: %d", st)
		}
	})
}

// officerOf is a regency officer's session: officers load statistics, not trade data.
func officerOf(w *world) string { return w.cookies["officer_lamsel"] }

// uploadPage posts a file as the pages' forms do.
func uploadPage(t *testing.T, base, cookie, path, name string, file []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	req, _ := http.NewRequest("POST", base+path, &body)
	req.Header.Set("Cookie", cookie)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}
