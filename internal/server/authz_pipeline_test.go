package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// The authorization matrix's rows and requests for the deal pipeline
// (issue 17, items 3–4). The fixture: the buyer's open request matched to
// a Lampung Selatan product, accepted by its owner.

var pipeReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "validator", "mentor", "buyer", "owner", "viewer"}

// pipeLamsel read a Lampung Selatan match: every pipeline reader but the
// Metro office.
var pipeLamsel = []string{"admin", "officer_prov", "officer_lamsel", "validator", "mentor", "buyer", "owner", "viewer"}

// shortlisters store matches from a ranking (a Lampung Selatan product).
var shortlisters = []string{"admin", "officer_prov", "officer_lamsel", "validator"}

// movers move a Lampung Selatan match: who runs the pipeline, and the two
// sides after the owner's consent.
var movers = []string{"admin", "officer_prov", "officer_lamsel", "validator", "buyer", "owner"}

// contactSeers see the contact of an accepted Lampung Selatan match.
var contactSeers = []string{"admin", "officer_prov", "officer_lamsel", "buyer", "owner"}

var pipelineRoutes = map[string][]string{
	"GET /inbox": signedIn, "GET /api/v1/inbox": signedIn,
	"POST /requests/{id}/shortlist": shortlisters, "POST /api/v1/matches": shortlisters,
	"GET /requests/{id}/board": pipeReaders, "GET /enterprises/{id}/board": pipeLamsel,
	"GET /matches": pipeReaders, "GET /matches/export.csv": pipeReaders, "GET /matches/export.xlsx": pipeReaders,
	"GET /api/v1/matches": pipeReaders, "GET /api/v1/matches/board": pipeReaders, "GET /api/v1/matches/export": pipeReaders,
	"GET /matches/{id}": pipeLamsel, "GET /api/v1/matches/{id}": pipeLamsel,
	"POST /matches/{id}/move": movers, "POST /api/v1/matches/{id}/move": movers,
	"POST /matches/{id}/answer": {"owner"}, "POST /api/v1/matches/{id}/answer": {"owner"},
	"GET /api/v1/matches/{id}/contact": contactSeers,
}

func init() {
	for k, v := range pipelineRoutes {
		expected[k] = v
	}
}

type pipelineFixture struct{ accepted *siapekspor.Match }

var pipelineFixtures sync.Map // *world → *pipelineFixture

// newMatch shortlists a fresh Lampung Selatan product for the buyer's
// request and moves it on to a step (introduced or accepted at most).
func (w *world) newMatch(t testing.TB, step siapekspor.MatchStep) *siapekspor.Match {
	t.Helper()
	p := newProduct(t, w.db, w.lamsel.ID)
	list, err := w.db.Shortlist(sysCtx, w.buyers(t).request.ID, []int64{p.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	m := list[0]
	if step == siapekspor.StepShortlisted {
		return m
	}
	if m, err = w.db.MoveMatch(sysCtx, m.ID, siapekspor.MatchMove{To: siapekspor.StepIntroduced}); err != nil {
		t.Fatal(err)
	}
	if step == siapekspor.StepAccepted {
		u := w.users["owner"]
		owner := siapekspor.WithActor(sysCtx, siapekspor.Actor{UserID: u.ID, Label: u.Email, Role: siapekspor.RoleOwner, EnterpriseID: w.lamsel.ID})
		if m, err = w.db.AnswerIntroduction(owner, m.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func (w *world) pipeline(t testing.TB) *pipelineFixture {
	if f, ok := pipelineFixtures.Load(w); ok {
		return f.(*pipelineFixture)
	}
	f := &pipelineFixture{accepted: w.newMatch(t, siapekspor.StepAccepted)}
	pipelineFixtures.Store(w, f)
	return f
}

// pipelineRequest builds the matrix's request for the routes above; ok is
// false for other routes.
func (w *world) pipelineRequest(t *testing.T, pattern, role string) (method, target, body, ctype string, ok bool) {
	if _, ok := pipelineRoutes[pattern]; !ok {
		return "", "", "", "", false
	}
	f := w.pipeline(t)
	req := w.buyers(t).request.ID
	id := f.accepted.ID
	switch pattern {
	case "POST /requests/{id}/shortlist", "POST /api/v1/matches":
		pid := w.product.ID
		if contains(shortlisters, role) {
			pid = newProduct(t, w.db, w.lamsel.ID).ID
		}
		if pattern == "POST /api/v1/matches" {
			return "POST", "/api/v1/matches", toJSON(map[string]any{"request_id": req, "product_ids": []int64{pid}}), jsonType, true
		}
		return "POST", fmt.Sprintf("/requests/%d/shortlist", req), url.Values{"product_id": {fmt.Sprint(pid)}}.Encode(), formType, true
	case "POST /matches/{id}/move", "POST /api/v1/matches/{id}/move":
		to := siapekspor.StepMeeting
		switch role {
		case "buyer", "owner":
			id = w.newMatch(t, siapekspor.StepAccepted).ID
		case "admin", "officer_prov", "officer_lamsel", "validator":
			id, to = w.newMatch(t, siapekspor.StepShortlisted).ID, siapekspor.StepIntroduced
		}
		if strings.HasPrefix(pattern, "POST /api/") {
			return "POST", fmt.Sprintf("/api/v1/matches/%d/move", id), toJSON(map[string]any{"to": to}), jsonType, true
		}
		return "POST", fmt.Sprintf("/matches/%d/move", id), url.Values{"to": {string(to)}}.Encode(), formType, true
	case "POST /matches/{id}/answer", "POST /api/v1/matches/{id}/answer":
		if role == "owner" {
			id = w.newMatch(t, siapekspor.StepIntroduced).ID
		}
		if strings.HasPrefix(pattern, "POST /api/") {
			return "POST", fmt.Sprintf("/api/v1/matches/%d/answer", id), `{"accept":true}`, jsonType, true
		}
		return "POST", fmt.Sprintf("/matches/%d/answer", id), "answer=accept", formType, true
	case "GET /requests/{id}/board":
		return "GET", fmt.Sprintf("/requests/%d/board", req), "", "", true
	case "GET /enterprises/{id}/board":
		return "GET", fmt.Sprintf("/enterprises/%d/board", w.lamsel.ID), "", "", true
	case "GET /api/v1/matches/board":
		return "GET", fmt.Sprintf("/api/v1/matches/board?request=%d", req), "", "", true
	case "GET /api/v1/matches/export":
		return "GET", "/api/v1/matches/export?format=csv", "", "", true
	case "GET /api/v1/matches":
		return "GET", fmt.Sprintf("/api/v1/matches?request=%d", req), "", "", true
	}
	m, path, _ := stringsCut(pattern)
	if strings.Contains(path, "%d") {
		return m, fmt.Sprintf(path, id), "", "", true
	}
	return m, path, "", "", true
}
