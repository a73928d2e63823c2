package server_test

import (
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// /metrics: per-route counts and latency histograms in Prometheus's text
// format, the database pools and the import jobs; admins only.
func TestMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ts := newServer(t, db)
		for range 3 {
			scenario{"list", "GET", "/enterprises", "", nil, 200, nil, nil}.run(t, ts.URL)
		}
		scenario{"missing", "GET", "/api/v1/enterprises/999999", "", nil, 404, nil, nil}.run(t, ts.URL)
		scenario{"metrics", "GET", "/metrics", "", nil, 200, []string{
			"# TYPE siapekspor_http_requests_total counter",
			`siapekspor_http_requests_total{route="GET /enterprises",code="2xx"} 3`,
			`siapekspor_http_requests_total{route="GET /api/v1/enterprises/{id}",code="4xx"} 1`,
			`siapekspor_http_request_duration_seconds_bucket{route="GET /enterprises",le="+Inf"} 3`,
			`siapekspor_http_request_duration_seconds_count{route="GET /enterprises"} 3`,
			`siapekspor_db_connections{pool="read",state="idle"}`,
			`siapekspor_import_jobs{state="running"} 0`,
			"go_goroutines ",
		}, []string{"/enterprises?", "999999"}}.run(t, ts.URL)
		makeUser(t, db, "officer@example.id", siapekspor.RoleOfficer, "", 0)
		officer := signIn(t, s, "officer@example.id")
		scenario{"not for officers", "GET", "/metrics", "", map[string]string{"Cookie": officer}, 403, nil, []string{"siapekspor_"}}.run(t, ts.URL)
		scenario{"not public", "GET", "/metrics", "", map[string]string{"Cookie": ""}, 303, nil, []string{"siapekspor_"}}.run(t, ts.URL)
	})
}
