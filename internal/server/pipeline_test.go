package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestPipelineConsentOverHTTP follows one introduction through the pages
// and the API: the buyer is refused the phone before the owner's consent
// (403, a message saying why), the owner answers in its inbox, the buyer
// then gets the contact and a WhatsApp link; bad moves are refused naming
// the field, and nothing changes.
func TestPipelineConsentOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		m := w.newMatch(t, siapekspor.StepIntroduced)
		contact := fmt.Sprintf("/api/v1/matches/%d/contact", m.ID)

		rec := w.do(t, "buyer", "GET", contact+"?lang=en", "", "")
		if rec.Code != 403 || !strings.Contains(rec.Body.String(), "once its owner accepts") {
			t.Fatalf("buyer's phone before consent: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		page := w.must(t, "buyer", "GET", fmt.Sprintf("/matches/%d", m.ID), "", "", 200).Body.String()
		if containsAny(page, phoneForms(w.lamsel.Phone)) || strings.Contains(page, w.lamsel.OwnerName) || !strings.Contains(page, "perlindungan data pribadi") {
			t.Error("the buyer's page before consent shows the contact or does not say why it is hidden")
		}
		inbox := w.must(t, "owner", "GET", "/inbox", "", "", 200).Body.String()
		if !strings.Contains(inbox, fmt.Sprintf(`href="/matches/%d"`, m.ID)) {
			t.Error("the owner's inbox does not list the introduction")
		}
		if !strings.Contains(w.must(t, "owner", "GET", fmt.Sprintf("/matches/%d", m.ID), "", "", 200).Body.String(), "/answer") {
			t.Error("the owner's match page offers no answer")
		}
		w.must(t, "owner", "POST", fmt.Sprintf("/matches/%d/answer", m.ID), "answer=accept&note=siap", formType, 303)

		var c store.MatchContact
		json.Unmarshal(w.must(t, "buyer", "GET", contact+"?lang=en", "", "", 200).Body.Bytes(), &c)
		u, err := url.Parse(c.WhatsApp)
		if err != nil || c.Phone == "" || u.Host != "wa.me" || !strings.HasPrefix(u.Path, "/62") || !strings.Contains(u.Query().Get("text"), "SiapEkspor") {
			t.Fatalf("contact after consent: %+v %v", c, err)
		}
		if !strings.Contains(w.must(t, "buyer", "GET", "/inbox", "", "", 200).Body.String(), fmt.Sprintf(`href="/matches/%d"`, m.ID)) {
			t.Error("the buyer's inbox does not list the accepted introduction")
		}

		// Bad moves, refused by field; the match stays where it was.
		move := fmt.Sprintf("/api/v1/matches/%d/move", m.ID)
		w.must(t, "officer_lamsel", "POST", move, `{"to":"negotiation"}`, jsonType, 200)
		for field, body := range map[string]string{
			"note":              `{"to":"meeting"}`,
			"contract_currency": `{"to":"contract","contract":{"value":1500,"quantity":2,"unit":"ton","terms":"FOB Panjang"}}`,
			"lost_reason":       `{"to":"lost","lost_reason":"weather"}`,
		} {
			rec := w.do(t, "officer_lamsel", "POST", move, body, jsonType)
			if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":"`+field+`"`) {
				t.Errorf("%s: %d %s", field, rec.Code, firstLine(rec.Body.String()))
			}
		}
		form := url.Values{"to": {"meeting"}, "version": {"0"}}
		rec = w.do(t, "officer_lamsel", "POST", fmt.Sprintf("/matches/%d/move", m.ID), form.Encode(), formType)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "perlu alasan") {
			t.Errorf("the page's backwards move without a reason: %d", rec.Code)
		}
		got, err := db.Match(sysCtx, m.ID)
		if err != nil || got.Step != siapekspor.StepNegotiation || len(got.Steps) != 4 {
			t.Fatalf("after the refused moves: %+v %v", got, err)
		}
		// The board and the export carry it.
		board := w.must(t, "officer_lamsel", "GET", fmt.Sprintf("/requests/%d/board", w.buyers(t).request.ID), "", "", 200).Body.String()
		if !strings.Contains(board, fmt.Sprintf(`href="/matches/%d"`, m.ID)) {
			t.Error("the board does not show the match")
		}
		csv := w.must(t, "officer_lamsel", "GET", "/matches/export.csv?step=negotiation", "", "", 200).Body.String()
		if !strings.Contains(csv, "negotiation") || strings.Count(csv, "\n") != 2 {
			t.Errorf("export: %q", csv)
		}
	})
}
