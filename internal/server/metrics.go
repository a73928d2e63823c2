package server

import (
	"bufio"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Metrics for operators in the Prometheus text format (/metrics): requests
// and their latency per route pattern (never per URL, so the series stay
// few), the database pools, the import jobs and the process's memory. It
// is not public: the route needs PermMetricsRead (admins; a scraper signs in
// with an admin's read-only API token).

// latencyBuckets are the histogram's upper bounds in seconds, around the
// goals pages are held to (50 ms p99, 200 ms at national scale).
var latencyBuckets = [...]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5}

type routeMetrics struct {
	byClass [5]atomic.Uint64 // 1xx … 5xx
	buckets [len(latencyBuckets)]atomic.Uint64
	count   atomic.Uint64
	nanos   atomic.Uint64
}

func (m *routeMetrics) observe(status int, d time.Duration) {
	if c := status/100 - 1; c >= 0 && c < len(m.byClass) {
		m.byClass[c].Add(1)
	}
	s := d.Seconds()
	for i, le := range latencyBuckets {
		if s <= le {
			m.buckets[i].Add(1)
			break
		}
	}
	m.count.Add(1)
	m.nanos.Add(uint64(d.Nanoseconds()))
}

type metrics struct {
	mu     sync.Mutex
	routes map[string]*routeMetrics
}

// route returns the figures of a route pattern, made once when the route
// table is built (the request path takes no lock).
func (ms *metrics) route(pattern string) *routeMetrics {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.routes == nil {
		ms.routes = map[string]*routeMetrics{}
	}
	m, ok := ms.routes[pattern]
	if !ok {
		m = &routeMetrics{}
		ms.routes[pattern] = m
	}
	return m
}

// measured records a route's answers: status class and latency.
func measured(m *routeMetrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		m.observe(rec.status, time.Since(start))
	})
}

// Metrics answers /metrics.
func (s *Server) Metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	b := bufio.NewWriter(w)
	defer b.Flush()
	s.metrics.mu.Lock()
	patterns := make([]string, 0, len(s.metrics.routes))
	for p := range s.metrics.routes {
		patterns = append(patterns, p)
	}
	s.metrics.mu.Unlock()
	sort.Strings(patterns)
	label := func(p string) string { return strconv.Quote(p) }

	fmt.Fprintln(b, "# HELP siapekspor_http_requests_total Requests answered, by route pattern and status class.")
	fmt.Fprintln(b, "# TYPE siapekspor_http_requests_total counter")
	for _, p := range patterns {
		m := s.metrics.route(p)
		for c := range m.byClass {
			if n := m.byClass[c].Load(); n > 0 {
				fmt.Fprintf(b, "siapekspor_http_requests_total{route=%s,code=\"%dxx\"} %d\n", label(p), c+1, n)
			}
		}
	}
	fmt.Fprintln(b, "# HELP siapekspor_http_request_duration_seconds Time to answer a request, by route pattern.")
	fmt.Fprintln(b, "# TYPE siapekspor_http_request_duration_seconds histogram")
	for _, p := range patterns {
		m := s.metrics.route(p)
		count := m.count.Load()
		if count == 0 {
			continue
		}
		var cum uint64
		for i, le := range latencyBuckets {
			cum += m.buckets[i].Load()
			fmt.Fprintf(b, "siapekspor_http_request_duration_seconds_bucket{route=%s,le=\"%g\"} %d\n", label(p), le, cum)
		}
		fmt.Fprintf(b, "siapekspor_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(p), count)
		fmt.Fprintf(b, "siapekspor_http_request_duration_seconds_sum{route=%s} %g\n", label(p), float64(m.nanos.Load())/1e9)
		fmt.Fprintf(b, "siapekspor_http_request_duration_seconds_count{route=%s} %d\n", label(p), count)
	}

	read, write := s.db.PoolStats()
	fmt.Fprintln(b, "# HELP siapekspor_db_connections Connections of the database pools, by pool and state.")
	fmt.Fprintln(b, "# TYPE siapekspor_db_connections gauge")
	pools := []struct {
		name string
		st   sql.DBStats
	}{{"read", read}, {"write", write}}
	for _, p := range pools {
		fmt.Fprintf(b, "siapekspor_db_connections{pool=%q,state=\"in_use\"} %d\n", p.name, p.st.InUse)
		fmt.Fprintf(b, "siapekspor_db_connections{pool=%q,state=\"idle\"} %d\n", p.name, p.st.Idle)
	}
	fmt.Fprintln(b, "# HELP siapekspor_db_waits_total Times a request waited for a free connection, by pool.")
	fmt.Fprintln(b, "# TYPE siapekspor_db_waits_total counter")
	for _, p := range pools {
		fmt.Fprintf(b, "siapekspor_db_waits_total{pool=%q} %d\n", p.name, p.st.WaitCount)
	}
	fmt.Fprintln(b, "# HELP siapekspor_db_wait_seconds_total Time spent waiting for a free connection, by pool.")
	fmt.Fprintln(b, "# TYPE siapekspor_db_wait_seconds_total counter")
	for _, p := range pools {
		fmt.Fprintf(b, "siapekspor_db_wait_seconds_total{pool=%q} %g\n", p.name, p.st.WaitDuration.Seconds())
	}

	jobs := s.jobs.Counts()
	fmt.Fprintln(b, "# HELP siapekspor_import_jobs Import jobs of the pages kept by the server, by state.")
	fmt.Fprintln(b, "# TYPE siapekspor_import_jobs gauge")
	fmt.Fprintf(b, "siapekspor_import_jobs{state=\"running\"} %d\n", jobs.Running)
	fmt.Fprintf(b, "siapekspor_import_jobs{state=\"finished\"} %d\n", jobs.Finished)
	fmt.Fprintf(b, "siapekspor_import_jobs{state=\"failed\"} %d\n", jobs.Failed)

	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fmt.Fprintln(b, "# HELP go_goroutines Goroutines that exist now.")
	fmt.Fprintln(b, "# TYPE go_goroutines gauge")
	fmt.Fprintf(b, "go_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(b, "# HELP go_memstats_heap_alloc_bytes Bytes of the Go heap in use.")
	fmt.Fprintln(b, "# TYPE go_memstats_heap_alloc_bytes gauge")
	fmt.Fprintf(b, "go_memstats_heap_alloc_bytes %d\n", mem.HeapAlloc)
	if rss, ok := residentBytes(); ok {
		fmt.Fprintln(b, "# HELP process_resident_memory_bytes Resident memory of the process.")
		fmt.Fprintln(b, "# TYPE process_resident_memory_bytes gauge")
		fmt.Fprintf(b, "process_resident_memory_bytes %d\n", rss)
	}
}

// residentBytes reads the process's resident memory (Linux's /proc).
func residentBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize()), err == nil
}
