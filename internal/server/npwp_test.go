package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// cut returns the part of body from the first from to the next to after it.
func cut(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest[len(from):], to); j >= 0 {
		return rest[:len(from)+j]
	}
	return rest
}

// TestNPWPAndRegistryAnswers: the NPWP is stored through the API, refused
// when malformed, masked for those who may not see personal data, and
// prefills the NPWP question only once the registry has it; the assessment
// marks as the registry's only the answers it really gave.
func TestNPWPAndRegistryAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ts := httptest.NewServer(w.s)
		t.Cleanup(ts.Close)
		id := strconv.FormatInt(w.lamsel.ID, 10)

		// No NPWP recorded: the question is the person's to answer.
		st, body := page(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/enterprises/"+id+"/assess", nil)
		npwpQ := cut(body, `id="f-q-legal_npwp"`, "</fieldset>")
		if st != 200 || npwpQ == "" || strings.Contains(npwpQ, `class="prefilled"`) {
			t.Fatalf("NPWP question prefilled without an NPWP: %d %s", st, npwpQ)
		}
		if nib := cut(body, `id="f-q-legal_nib"`, "</fieldset>"); !strings.Contains(nib, `class="prefilled"`) {
			t.Errorf("the NIB question is the registry's: %s", nib)
		}
		if terms := cut(body, `id="f-q-mgmt_export_terms"`, "</fieldset>"); terms == "" || strings.Contains(terms, `class="prefilled"`) {
			t.Errorf("the registry knows nothing of Incoterms: %s", terms)
		}

		// A malformed NPWP is refused by field; a legacy one is stored as digits.
		e := call(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/api/v1/enterprises/"+id, "", nil, 200)
		bad := call(t, ts.URL, w.cookies["officer_lamsel"], "PATCH", "/api/v1/enterprises/"+id, "application/json",
			strings.NewReader(fmt.Sprintf(`{"npwp":"01.234.567.8-901","version":%v}`, e["version"])), 422)
		if s := mustJSON(bad); !strings.Contains(s, `"field":"npwp"`) || !strings.Contains(s, "npwp.digits") {
			t.Errorf("short NPWP: %s", s)
		}
		e = call(t, ts.URL, w.cookies["officer_lamsel"], "PATCH", "/api/v1/enterprises/"+id, "application/json",
			strings.NewReader(fmt.Sprintf(`{"npwp":"01.234.567.8-901.000","version":%v}`, e["version"])), 200)
		if e["npwp"] != "012345678901000" {
			t.Errorf("stored NPWP %v", e["npwp"])
		}

		// The enterprise is a UD: its NPWP is the owner's, personal data.
		for who, want := range map[string]string{"officer_lamsel": "012345678901000", "owner": "012345678901000",
			"viewer": "•••••••••••1000", "mentor": "•••••••••••1000"} {
			if got := call(t, ts.URL, w.cookies[who], "GET", "/api/v1/enterprises/"+id, "", nil, 200)["npwp"]; got != want {
				t.Errorf("%s sees NPWP %v, want %s", who, got, want)
			}
		}
		if _, body := page(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/enterprises/"+id, nil); !strings.Contains(body, "01.234.567.8-901.000") {
			t.Error("the enterprise page shows the NPWP as printed on the card")
		}

		// Now the registry answers the NPWP question: the owner's number.
		_, body = page(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/enterprises/"+id+"/assess", nil)
		npwpQ = cut(body, `id="f-q-legal_npwp"`, "</fieldset>")
		if !strings.Contains(npwpQ, `class="prefilled"`) || !strings.Contains(npwpQ, `value="owner" checked`) {
			t.Errorf("NPWP question with the owner's NPWP: %s", npwpQ)
		}

		// Weak answers: the NPWP and the NIB (none recorded) as the registry
		// says, the English labels (it says all) changed to some: only the
		// registry's answers are marked, never Incoterms.
		form, _ := answerForm(t, db, false)
		form.Set("q_legal_npwp", "owner")
		form.Set("q_legal_nib", "no")
		form.Set("q_product_english_label", "some")
		if st, body := page(t, ts.URL, w.cookies["officer_lamsel"], "POST", "/enterprises/"+id+"/assess", form); st != http.StatusSeeOther {
			t.Fatalf("assess: %d %s", st, firstLine(body))
		}
		latest := call(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/api/v1/enterprises/"+id+"/assessments", "", nil, 200)["items"].([]any)[0].(map[string]any)
		_, body = page(t, ts.URL, w.cookies["officer_lamsel"], "GET", fmt.Sprintf("/assessments/%v", latest["id"]), nil)
		const tag = "dari data registri"
		rows := map[string]bool{"NPWP": true, "(NIB)": true, "bahasa Inggris": false, "Incoterms": false}
		for text, tagged := range rows {
			row := cut(body, text, "</tr>")
			if row == "" {
				t.Errorf("no row for %s", text)
				continue
			}
			if strings.Contains(row, tag) != tagged {
				t.Errorf("%s row marked as the registry's: %v, want %v: %s", text, !tagged, tagged, row)
			}
		}
	})
}
