package server

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
)

// Route is one entry of the route table: a net/http pattern, the permission
// it requires, and its handler.
type Route struct {
	Pattern    string
	Permission siapekspor.Permission
	Handler    http.Handler
}

// Routes lists every route of the pages and the API in one place.
func (s *Server) Routes() []Route {
	p, a := s.pages, s.api
	f := func(pattern string, perm siapekspor.Permission, h http.HandlerFunc) Route {
		return Route{Pattern: pattern, Permission: perm, Handler: h}
	}
	return []Route{
		// Pages.
		f("GET /{$}", siapekspor.PermPublic, p.Home),
		f("GET /lang/{lang}", siapekspor.PermPublic, p.SwitchLang),
		{Pattern: "GET /static/", Permission: siapekspor.PermPublic, Handler: p.R.Static()},
		f("GET /healthz", siapekspor.PermPublic, s.health),
		f("GET /api/docs", siapekspor.PermPublic, p.APIDocs),
		f("GET /enterprises", siapekspor.PermEnterpriseRead, p.EnterpriseList),
		f("GET /enterprises/new", siapekspor.PermEnterpriseWrite, p.EnterpriseNew),
		f("POST /enterprises", siapekspor.PermEnterpriseWrite, p.EnterpriseCreate),
		f("GET /enterprises/{id}", siapekspor.PermEnterpriseRead, p.EnterpriseDetail),
		f("GET /enterprises/{id}/edit", siapekspor.PermEnterpriseWrite, p.EnterpriseEdit),
		f("POST /enterprises/{id}", siapekspor.PermEnterpriseWrite, p.EnterpriseUpdate),
		f("GET /enterprises/{id}/delete", siapekspor.PermEnterpriseWrite, p.EnterpriseDeleteConfirm),
		f("POST /enterprises/{id}/delete", siapekspor.PermEnterpriseWrite, p.EnterpriseDelete),

		// JSON API.
		f("GET /api/openapi.json", siapekspor.PermPublic, a.OpenAPIHandler),
		f("GET /api/v1/regions", siapekspor.PermReferenceRead, a.Regions),
		f("GET /api/v1/regions/{code}", siapekspor.PermReferenceRead, a.Region),
		f("GET /api/v1/hs", siapekspor.PermReferenceRead, a.HS),
		f("GET /api/v1/hs/{code}", siapekspor.PermReferenceRead, a.HSCode),
		f("GET /api/v1/enterprises", siapekspor.PermEnterpriseRead, a.ListEnterprises),
		f("POST /api/v1/enterprises", siapekspor.PermEnterpriseWrite, a.CreateEnterprise),
		f("GET /api/v1/enterprises/{id}", siapekspor.PermEnterpriseRead, a.GetEnterprise),
		f("PATCH /api/v1/enterprises/{id}", siapekspor.PermEnterpriseWrite, a.UpdateEnterprise),
		f("DELETE /api/v1/enterprises/{id}", siapekspor.PermEnterpriseWrite, a.DeleteEnterprise),
	}
}

// health answers load balancers and the test harness: the database is reachable.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if _, err := s.db.Setting(r.Context(), "refdata_version"); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
