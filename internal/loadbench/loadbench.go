// Package loadbench drives a bounded load against a running SiapEkspor
// server on the demo province and, in the same run with the same client,
// against a bare Go handler that writes a page of the same size: requests
// per second, p50, p99, errors and the server's peak memory per scenario,
// side by side. It also checks that nothing failed and that no write was
// lost: every edit reads back as written, every imported row is found.
//
// It is run as "siapekspor bench load" (cmd/siapekspor/bench.go). The
// server is a child process ("siapekspor serve --demo"), the bare handler
// another ("siapekspor bench bare"), so each one's memory is its own and
// both compete with the client for the same cores.
package loadbench

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/siapekspor/siapekspor/internal/demo"
)

// Config is one run.
type Config struct {
	// Bin is the siapekspor binary that serves; Self is this program (it
	// serves the bare handler). Both default to the running executable.
	Bin, Self string
	// DataDir holds the SQLite database (filled with the demo province on
	// the first run, 3–5 minutes) and the server's uploads and media.
	DataDir string
	// DB is a postgres:// URL; empty for SQLite in DataDir.
	DB string
	// Clients is the number of concurrent clients (and connections).
	Clients int
	// Duration is how long each scenario is measured, after Warm.
	Duration, Warm time.Duration
	// Rounds measures each scenario that many times, the app then the bare
	// handler each time, and reports the median round by app/bare: on a
	// shared machine whose speed drifts, a single pair of measurements can
	// catch the app and the bare handler at different speeds.
	Rounds int
	// Only names the scenarios to run; empty runs them all.
	Only []string
	// SearchCache is the server's search cache in result pages: 0 (the
	// default) makes every search a miss, as the figures ask.
	SearchCache int
	// Out receives the report; ServerLog the servers' own output.
	Out, ServerLog io.Writer
}

// Result is one scenario against one server.
type Result struct {
	Requests, Errors int
	PerSecond        float64
	P50, P99         time.Duration
	Bytes            int   // mean response size
	PeakRSS          int64 // the server's VmHWM during the scenario, bytes
	// CPUPerRequest is the server's CPU time (user and system) over the
	// requests it answered: what a request costs it, whatever else the
	// machine is doing.
	CPUPerRequest time.Duration
	FirstError    string  // the first failure, to say what went wrong
	lat           []int64 // nanoseconds
}

// Report is a whole run.
type Report struct {
	App, Bare        map[string]*Result
	Order            []string
	TourRSS, TourHWM int64
	Edits, Lost      int
	Imported, Missed int
	TourErrors       []string
}

// Failed reports whether any request failed or any write was lost.
func (r *Report) Failed() bool {
	if r.Lost > 0 || r.Missed > 0 || len(r.TourErrors) > 0 {
		return true
	}
	for _, x := range r.App {
		if x.Errors > 0 {
			return true
		}
	}
	return false
}

// Run starts the servers, signs in, tours every page, then measures each
// scenario against the app and then against the bare handler.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Clients <= 0 {
		cfg.Clients = 20
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 10 * time.Second
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if cfg.Bin == "" {
		cfg.Bin = self
	}
	if cfg.Self == "" {
		cfg.Self = self
	}
	if cfg.ServerLog == nil {
		cfg.ServerLog = io.Discard
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, err
	}
	dbArgs := []string{"--data-dir", cfg.DataDir}
	if cfg.DB != "" {
		dbArgs = append(dbArgs, "--db", cfg.DB)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(cfg.Out, "starting %s serve --demo on %s (a first run fills the demo province: 3–5 minutes)\n", cfg.Bin, addr)
	app := exec.CommandContext(ctx, cfg.Bin, append([]string{"serve", "--demo", "--addr", addr}, dbArgs...)...)
	app.Env = append(os.Environ(), "SIAPEKSPOR_SEARCH_CACHE="+strconv.Itoa(cfg.SearchCache))
	app.Stdout, app.Stderr = cfg.ServerLog, cfg.ServerLog
	if err := app.Start(); err != nil {
		return nil, err
	}
	defer stop(app)
	base := "http://" + addr
	if err := waitHealthy(ctx, base, 15*time.Minute); err != nil {
		return nil, fmt.Errorf("the server did not start: %w", err)
	}
	bareAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	bare := exec.CommandContext(ctx, cfg.Self, "bench", "bare", "--addr", bareAddr)
	bare.Stdout, bare.Stderr = cfg.ServerLog, cfg.ServerLog
	if err := bare.Start(); err != nil {
		return nil, err
	}
	defer stop(bare)
	if err := waitHealthy(ctx, "http://"+bareAddr, time.Minute); err != nil {
		return nil, fmt.Errorf("the bare handler did not start: %w", err)
	}

	run := &runner{cfg: cfg, base: base, bare: "http://" + bareAddr, appPID: app.Process.Pid, barePID: bare.Process.Pid, tag: strconv.FormatInt(time.Now().Unix(), 36)}
	run.http = &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients, MaxConnsPerHost: cfg.Clients, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Timeout: time.Minute,
	}
	if err := run.signIn(ctx, dbArgs); err != nil {
		return nil, err
	}
	if err := run.sample(ctx); err != nil {
		return nil, err
	}
	rep := &Report{App: map[string]*Result{}, Bare: map[string]*Result{}}
	rep.TourErrors = run.tour(ctx)
	rep.TourRSS, rep.TourHWM = memOf(run.appPID)
	fmt.Fprintf(cfg.Out, "tour of every page: %d failed; server VmRSS %s (%s), VmHWM %s\n\n", len(rep.TourErrors), mib(rep.TourRSS), rssParts(run.appPID), mib(rep.TourHWM))
	for _, e := range rep.TourErrors {
		fmt.Fprintln(cfg.Out, "  ", e)
	}
	fmt.Fprintf(cfg.Out, "%d clients, %s per scenario after %s of warming; the bare handler writes a page of the mean size the app answered; %d cores, load average %s\n\n",
		cfg.Clients, cfg.Duration, cfg.Warm, runtime.NumCPU(), loadAvg())
	fmt.Fprintf(cfg.Out, "%-22s %9s %8s %8s %6s %8s %9s %8s | %9s %8s %8s %9s %8s | %8s\n", "scenario", "app req/s", "p50", "p99", "errors", "bytes", "peak RSS", "cpu/req",
		"bare req/s", "p50", "p99", "peak RSS", "cpu/req", "app/bare")
	anon := false
	for _, sc := range scenarios {
		if len(cfg.Only) > 0 && !slices.Contains(cfg.Only, sc.name) {
			continue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		name := sc.name
		if sc.anon {
			name += "*"
			anon = true
		}
		type pair struct{ a, b *Result }
		var rounds []pair
		for i := range max(cfg.Rounds, 1) {
			a := run.measure(ctx, sc, false, 0)
			b := run.measure(ctx, sc, true, a.Bytes)
			rounds = append(rounds, pair{a, b})
			label := name
			if cfg.Rounds > 1 {
				label = fmt.Sprintf("%s #%d", name, i+1)
			}
			fmt.Fprintf(cfg.Out, "%-22s %9.0f %8s %8s %6d %8d %9s %8s | %9.0f %8s %8s %9s %8s | %7.0f%%\n", label, a.PerSecond, ms(a.P50), ms(a.P99), a.Errors, a.Bytes, mib(a.PeakRSS),
				us(a.CPUPerRequest), b.PerSecond, ms(b.P50), ms(b.P99), mib(b.PeakRSS), us(b.CPUPerRequest), ratio(a.PerSecond, b.PerSecond))
			if a.FirstError != "" {
				fmt.Fprintf(cfg.Out, "    first failure: %s\n", a.FirstError)
			}
		}
		slices.SortFunc(rounds, func(x, y pair) int {
			return cmp.Compare(ratio(x.a.PerSecond, x.b.PerSecond), ratio(y.a.PerSecond, y.b.PerSecond))
		})
		m := rounds[len(rounds)/2]
		if len(rounds) > 1 {
			fmt.Fprintf(cfg.Out, "%-22s %s median of %d rounds: %.0f%% of the bare handler\n", "", name, len(rounds), ratio(m.a.PerSecond, m.b.PerSecond))
		}
		rep.App[sc.name], rep.Bare[sc.name] = m.a, m.b
		rep.Order = append(rep.Order, sc.name)
	}
	if anon {
		fmt.Fprintf(cfg.Out, "\n* anonymous: no session cookie and no If-None-Match, so every request renders the page (the ETag never answers 304); %d listed products in turn\n", len(run.catalogue))
	}
	rep.Edits, rep.Lost = run.checkEdits(ctx)
	rep.Imported, rep.Missed = run.checkImports(ctx)
	rss, hwm := memOf(run.appPID)
	fmt.Fprintf(cfg.Out, "\nafter the run: server VmRSS %s (%s), VmHWM since the last scenario began %s\n", mib(rss), rssParts(run.appPID), mib(hwm))
	fmt.Fprintf(cfg.Out, "load average %s\n", loadAvg())
	fmt.Fprintf(cfg.Out, "writes: %d edits checked, %d lost; %d imported rows checked, %d missing\n", rep.Edits, rep.Lost, rep.Imported, rep.Missed)
	return rep, nil
}

// ratio is a as a percentage of b.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * a / b
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func us(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func mib(b int64) string { return fmt.Sprintf("%.0fMB", float64(b)/1e6) }

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func stop(c *exec.Cmd) {
	if c.Process != nil {
		c.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { c.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			c.Process.Kill()
		}
	}
}

func waitHealthy(ctx context.Context, base string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return errors.New("no answer from /healthz")
}

// memOf reads a process's resident memory now and at its peak (VmRSS,
// VmHWM), in bytes.
func memOf(pid int) (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n << 10
		case "VmHWM:":
			hwm = n << 10
		}
	}
	return rss, hwm
}

// rssParts says what the resident memory is: anonymous (the Go heap,
// SQLite's page caches) and file pages (the binary, memory maps).
func rssParts(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	var parts []string
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && (f[0] == "RssAnon:" || f[0] == "RssFile:") {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			parts = append(parts, strings.TrimSuffix(strings.TrimPrefix(f[0], "Rss"), ":")+" "+mib(n<<10))
		}
	}
	return strings.Join(parts, ", ")
}

// loadAvg is the machine's load average over 1, 5 and 15 minutes: how much
// else was running beside the benchmark.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

// cpuOf reads a process's CPU time so far (user and system, from
// /proc/PID/stat in clock ticks of 1/100 s).
func cpuOf(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command (which may hold spaces) start after ")".
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * 10 * time.Millisecond
}

// resetPeak starts a new VmHWM period (Linux: clear_refs 5).
func resetPeak(pid int) {
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// runner holds what the clients share.
type runner struct {
	cfg             Config
	base, bare      string
	appPID, barePID int
	http            *http.Client
	tag             string // this run's mark on what it writes
	email, password string
	sessions        []string // one per client
	enterprises     []int64  // a sample of the registry, to open
	products        []int64
	requests        []int64 // buying requests, whose pages rank the province's candidates
	regencies       []string
	words           []string
	// catalogue holds the addresses of listed products in the public
	// catalogue (/catalogue/p/123-name), read anonymously from its pages;
	// empty when the catalogue lists nothing.
	catalogue []string

	mu       sync.Mutex
	edited   map[int64]string // enterprise → the last notes written
	imported []string         // names of imported enterprises
	imports  int
}

// signIn makes an officer of the province's office and signs each client in.
func (r *runner) signIn(ctx context.Context, dbArgs []string) error {
	r.email = "bench-" + r.tag + "@bench.siapekspor.local"
	args := append([]string{"user", "add", "--email", r.email, "--role", "officer", "--org", "Disperindag Provinsi (demo)", "--name", "Load benchmark"}, dbArgs...)
	out, err := exec.CommandContext(ctx, r.cfg.Bin, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("user add: %v: %s", err, out)
	}
	m := regexp.MustCompile(`one-time password: (\S+)`).FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("user add printed no password: %s", out)
	}
	r.password = fmt.Sprintf("uji beban kuda baterai %x", rand.Uint64())
	first, err := r.login(ctx, string(m[1]))
	if err != nil {
		return err
	}
	form := url.Values{"current_password": {string(m[1])}, "password": {r.password}, "password_again": {r.password}}
	resp, err := r.do(ctx, first, "POST", r.base+"/account/password", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("choosing the password: %d %.300s", resp.StatusCode, resp.Body)
	}
	for i := 0; i < r.cfg.Clients; i++ {
		s, err := r.login(ctx, r.password)
		if err != nil {
			return err
		}
		r.sessions = append(r.sessions, s)
	}
	return nil
}

func (r *runner) login(ctx context.Context, password string) (string, error) {
	form := url.Values{"email": {r.email}, "password": {password}}
	req, _ := http.NewRequestWithContext(ctx, "POST", r.base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := r.http.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "siapekspor_session" && c.Value != "" {
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("sign-in refused: %s", resp.Status)
}

type answer struct {
	StatusCode int
	Body       []byte
}

// do sends one request with a session and reads the whole answer.
func (r *runner) do(ctx context.Context, session, method, u, ctype string, body io.Reader) (*answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if session != "" {
		req.Header.Set("Cookie", "siapekspor_session="+session)
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return &answer{StatusCode: resp.StatusCode, Body: b}, err
}

// listIDs reads the ids of the items an API list answers with; none is an
// error.
func (r *runner) listIDs(ctx context.Context, path string) ([]int64, error) {
	a, err := r.do(ctx, r.sessions[0], "GET", r.base+path, "", nil)
	if err != nil {
		return nil, err
	}
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if a.StatusCode != http.StatusOK || json.Unmarshal(a.Body, &page) != nil || len(page.Items) == 0 {
		return nil, fmt.Errorf("GET %s: %d %.200s", path, a.StatusCode, a.Body)
	}
	ids := make([]int64, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.ID
	}
	return ids, nil
}

// sample reads ids to open from the API, and the words to search for.
func (r *runner) sample(ctx context.Context) error {
	var err error
	if r.enterprises, err = r.listIDs(ctx, "/api/v1/enterprises?limit=500&sort=updated"); err != nil {
		return err
	}
	if r.products, err = r.listIDs(ctx, "/api/v1/products?limit=500"); err != nil {
		return err
	}
	// Buying requests: the demo posts some; a registry without any has no
	// ranking to measure (request-ranking then says so by its errors).
	r.requests, _ = r.listIDs(ctx, "/api/v1/requests?limit=50")
	if len(r.enterprises) < r.cfg.Clients*2 {
		return fmt.Errorf("the registry holds too few enterprises (%d) for %d clients", len(r.enterprises), r.cfg.Clients)
	}
	// The demo's regencies, read from its own ids.
	r.regencies = []string{"18.01", "18.02", "18.03", "18.04", "18.05", "18.06", "18.07", "18.08", "18.09", "18.10", "18.11", "18.12", "18.13", "18.71", "18.72"}
	r.words = demo.SearchWords()
	r.edited = map[int64]string{}
	r.catalogue = r.sampleCatalogue(ctx)
	return nil
}

var catalogueProductLink = regexp.MustCompile(`href="(/catalogue/p/[0-9]+-?[^"?#]*)"`)

// sampleCatalogue reads the addresses of up to 200 listed products from
// the public catalogue's search pages, anonymously.
func (r *runner) sampleCatalogue(ctx context.Context) []string {
	seen := map[string]bool{}
	var out []string
	for page := 1; page <= 10 && len(out) < 200; page++ {
		a, err := r.do(ctx, "", "GET", r.base+"/catalogue/search?page="+strconv.Itoa(page), "", nil)
		if err != nil || a.StatusCode != http.StatusOK {
			break
		}
		n := len(out)
		for _, m := range catalogueProductLink.FindAllSubmatch(a.Body, -1) {
			if p := html.UnescapeString(string(m[1])); !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// client is one simulated user.
type client struct {
	n       int
	session string
	rnd     *rand.Rand
	zipf    func() int
	own     []int64 // enterprises only this client edits
	walk    string  // the next page of a list walk
	walked  int
	seq     int // how many catalogue products it has opened
}

func (r *runner) newClient(n int) *client {
	c := &client{n: n, session: r.sessions[n], rnd: rand.New(rand.NewPCG(uint64(n), uint64(time.Now().UnixNano())))}
	per := len(r.enterprises) / r.cfg.Clients
	c.own = r.enterprises[n*per : (n+1)*per]
	z := rand.NewZipf(c.rnd, 1.2, 1, uint64(len(r.words)-1))
	c.zipf = func() int { return int(z.Uint64()) }
	return c
}

func (c *client) pick(ids []int64) int64 { return ids[c.rnd.IntN(len(ids))] }

// op is one timed action: a request (or two, for an edit) and its check.
type op func(ctx context.Context, r *runner, c *client) (bytes int, err error)

// get opens a page or an API answer and checks it: 200 and, for a page,
// the whole document.
func get(path func(r *runner, c *client) string) op {
	return func(ctx context.Context, r *runner, c *client) (int, error) {
		p := path(r, c)
		a, err := r.do(ctx, c.session, "GET", r.base+p, "", nil)
		if err != nil {
			return 0, err
		}
		if a.StatusCode != http.StatusOK {
			return len(a.Body), fmt.Errorf("GET %s: %d", p, a.StatusCode)
		}
		if !strings.HasPrefix(p, "/api/") && !strings.HasPrefix(p, "/geo/") && !bytes.Contains(a.Body, []byte("</html>")) {
			return len(a.Body), fmt.Errorf("GET %s: a cut page", p)
		}
		return len(a.Body), nil
	}
}

func fixed(p string) func(*runner, *client) string { return func(*runner, *client) string { return p } }

// getAnon opens a public page as a visitor who has never signed in: no
// session cookie and no If-None-Match, so that the page's ETag never
// answers 304 in place of the work measured. The answer must be the
// whole page with 200 (a redirect to the sign-in page is a failure).
func getAnon(path func(r *runner, c *client) string) op {
	return func(ctx context.Context, r *runner, c *client) (int, error) {
		p := path(r, c)
		if p == "" {
			return 0, errors.New("the catalogue lists no products: the demo needs listing consents (see docs/benchmarks.md)")
		}
		a, err := r.do(ctx, "", "GET", r.base+p, "", nil)
		if err != nil {
			return 0, err
		}
		if a.StatusCode != http.StatusOK {
			return len(a.Body), fmt.Errorf("GET %s: %d", p, a.StatusCode)
		}
		if !bytes.Contains(a.Body, []byte("</html>")) {
			return len(a.Body), fmt.Errorf("GET %s: a cut page", p)
		}
		return len(a.Body), nil
	}
}

// catalogueProduct is one of the listed products, each client going
// through them in turn from its own starting point.
func catalogueProduct(r *runner, c *client) string {
	if len(r.catalogue) == 0 {
		return ""
	}
	c.seq++
	return r.catalogue[(c.n*7+c.seq)%len(r.catalogue)]
}

// mapView is /geo/points for a 1280×720-pixel view of the demo province at
// a random zoom from 9 to 17 around a random place in it.
func mapView(_ *runner, c *client) string {
	zoom := 9 + c.rnd.IntN(9)
	lat, lng := -5.9+c.rnd.Float64()*1.6, 104.6+c.rnd.Float64()*1.2
	deg := 360 / (256 * math.Exp2(float64(zoom))) // degrees per pixel
	w, h := 640*deg, 360*deg*math.Cos(lat*math.Pi/180)
	return fmt.Sprintf("/geo/points?region=18&zoom=%d&bbox=%.5f,%.5f,%.5f,%.5f", zoom, lng-w, lat-h, lng+w, lat+h)
}

var nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next"`)

// walkList follows a filtered list's "next" links for up to 100 pages,
// then starts again with another regency.
func walkList(ctx context.Context, r *runner, c *client) (int, error) {
	if c.walk == "" || c.walked >= 100 {
		c.walk, c.walked = "/enterprises?regency="+r.regencies[c.rnd.IntN(len(r.regencies))], 0
	}
	p := c.walk
	a, err := r.do(ctx, c.session, "GET", r.base+p, "", nil)
	if err != nil {
		return 0, err
	}
	if a.StatusCode != http.StatusOK {
		return len(a.Body), fmt.Errorf("GET %s: %d", p, a.StatusCode)
	}
	c.walked++
	if m := nextLink.FindSubmatch(a.Body); m != nil {
		c.walk = html.UnescapeString(string(m[1]))
	} else {
		c.walk = ""
	}
	return len(a.Body), nil
}

// edit reads one of the client's own enterprises and changes its notes.
func edit(ctx context.Context, r *runner, c *client) (int, error) {
	id := c.pick(c.own)
	p := "/api/v1/enterprises/" + strconv.FormatInt(id, 10)
	a, err := r.do(ctx, c.session, "GET", r.base+p, "", nil)
	if err != nil {
		return 0, err
	}
	var e struct {
		Version int `json:"version"`
	}
	if a.StatusCode != http.StatusOK || json.Unmarshal(a.Body, &e) != nil {
		return len(a.Body), fmt.Errorf("GET %s: %d", p, a.StatusCode)
	}
	notes := fmt.Sprintf("load benchmark %s: client %d, edit at %s", r.tag, c.n, time.Now().Format(time.RFC3339Nano))
	body, _ := json.Marshal(map[string]any{"notes": notes, "version": e.Version})
	b, err := r.do(ctx, c.session, "PATCH", r.base+p, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	if b.StatusCode != http.StatusOK {
		return len(b.Body), fmt.Errorf("PATCH %s: %d %.200s", p, b.StatusCode, b.Body)
	}
	r.mu.Lock()
	r.edited[id] = notes
	r.mu.Unlock()
	return len(a.Body) + len(b.Body), nil
}

// importFile imports five new enterprises through the API.
func importFile(ctx context.Context, r *runner, c *client) (int, error) {
	r.mu.Lock()
	r.imports++
	n := r.imports
	r.mu.Unlock()
	var b strings.Builder
	b.WriteString("Nama Usaha,Nama Pemilik,Alamat,Desa/Kelurahan,Kecamatan,Kabupaten/Kota,Jenis Usaha,Tenaga Kerja,Modal,Omzet per Tahun,Tahun Berdiri,Status Ekspor\n")
	var names []string
	for i := 0; i < 5; i++ {
		// One word of the name is the row's own, so that the check below
		// finds it by search among the thousands the run imports.
		name := fmt.Sprintf("Usaha Uji Beban %s%dx%d", r.tag, n, i)
		names = append(names, name)
		fmt.Fprintf(&b, "%s,Budi Santoso,Jl. Raya Hajimena No. %d,Hajimena,Natar,Lampung Selatan,Makanan olahan,%d,Rp 150.000.000,Rp 600.000.000,2015,Belum\n", name, i+1, i+2)
	}
	p := "/api/v1/imports?name=" + url.QueryEscape(fmt.Sprintf("bench-%s-%d.csv", r.tag, n))
	a, err := r.do(ctx, c.session, "POST", r.base+p, "text/csv", strings.NewReader(b.String()))
	if err != nil {
		return 0, err
	}
	var res struct {
		Result struct {
			Inserted int `json:"inserted"`
		} `json:"result"`
	}
	if a.StatusCode != http.StatusCreated || json.Unmarshal(a.Body, &res) != nil || res.Result.Inserted != len(names) {
		return len(a.Body), fmt.Errorf("POST %s: %d %.300s", p, a.StatusCode, a.Body)
	}
	r.mu.Lock()
	r.imported = append(r.imported, names...)
	r.mu.Unlock()
	return len(a.Body), nil
}

// scenario is a named load: one op, or a weighted mix of others.
type scenario struct {
	name string
	op   op
	anon bool // sent without a session cookie (and without If-None-Match)
	mix  map[string]int
	once *sync.Once
	draw []op // the mix's ops, each as often as its weight
}

var hsCodes = []string{"0901", "090111", "0906", "121221", "530500", "140490", "3915", "200899", "0801", "1905"}
var countries = []string{"BEL", "AUS", "GBR", "THA", "PAK", "USA", "JPN", "CHN", "NLD", "DEU", "SAU", "MYS", "SGP", "KOR", "IND"}

func (c *client) pickS(s []string) string { return s[c.rnd.IntN(len(s))] }

var scenarios = []scenario{
	{name: "home", op: get(fixed("/"))},
	{name: "list", op: get(fixed("/enterprises"))},
	{name: "list-2-filters", op: get(func(r *runner, c *client) string {
		return "/enterprises?regency=" + c.pickS(r.regencies) + "&size=" + c.pickS([]string{"micro", "small", "medium"})
	})},
	{name: "list-walk-100-pages", op: walkList},
	{name: "enterprise", op: get(func(r *runner, c *client) string {
		return "/enterprises/" + strconv.FormatInt(c.pick(r.enterprises), 10)
	})},
	{name: "enterprise-edit-form", op: get(func(r *runner, c *client) string {
		return "/enterprises/" + strconv.FormatInt(c.pick(r.enterprises), 10) + "/edit"
	})},
	{name: "products", op: get(fixed("/products"))},
	{name: "product", op: get(func(r *runner, c *client) string { return "/products/" + strconv.FormatInt(c.pick(r.products), 10) })},
	{name: "search-page", op: get(func(r *runner, c *client) string { return "/search?q=" + url.QueryEscape(r.words[c.zipf()]) })},
	{name: "search-api", op: get(func(r *runner, c *client) string { return "/api/v1/search?q=" + url.QueryEscape(r.words[c.zipf()]) })},
	{name: "certificates-expiring", op: get(fixed("/certificates/expiring"))},
	{name: "readiness", op: get(fixed("/readiness"))},
	{name: "markets", op: get(fixed("/markets"))},
	{name: "market-product", op: get(func(r *runner, c *client) string { return "/markets/products/" + c.pickS(hsCodes) })},
	{name: "market-product-0901", op: get(fixed("/markets/products/0901"))},
	{name: "market-country", op: get(func(r *runner, c *client) string { return "/markets/countries/" + c.pickS(countries) })},
	{name: "market-gap", op: get(func(r *runner, c *client) string {
		return "/markets/gap/" + c.pickS(countries) + "?hs=" + c.pickS(hsCodes)
	})},
	{name: "requirements", op: get(fixed("/markets/requirements"))},
	{name: "trade-data", op: get(fixed("/markets/data"))},
	{name: "statistics", op: get(fixed("/markets/statistics"))},
	{name: "exports-compare", op: get(fixed("/exports/compare"))},
	{name: "exports-compare-filters", op: get(func(r *runner, c *client) string {
		return "/exports/compare?month_from=2023-01&month_to=2024-12&destination=" + c.pickS(countries) + "&hs=" + c.pickS(hsCodes)
	})},
	// The map's enterprise points (/geo/points) as the provincial officer
	// sees them: the province's whole view, and a view of 1280×720 pixels
	// at a random zoom (9–17) around a random place in the province.
	{name: "map-points", op: get(fixed("/geo/points?region=18&zoom=8&bbox=103.5,-6.2,106.3,-3.7"))},
	{name: "map-points-zoomed", op: get(mapView)},
	// The public catalogue (issue 20), anonymous: the buyers' front page,
	// the first page of products (a search with no words and no filter),
	// and a listed product's page, going through the listed products.
	// A buying request's page ranks the province's candidates (the
	// matcher's snapshot, built by the first and held while rankings come).
	{name: "request-ranking", op: get(func(r *runner, c *client) string {
		if len(r.requests) == 0 {
			return "/requests/0" // answers 404: counted as errors, and said
		}
		return "/requests/" + strconv.FormatInt(c.pick(r.requests), 10)
	})},
	{name: "catalogue-home", anon: true, op: getAnon(fixed("/catalogue"))},
	{name: "catalogue", anon: true, op: getAnon(fixed("/catalogue/search"))},
	{name: "catalogue-product", anon: true, op: getAnon(catalogueProduct)},
	{name: "edit", op: edit},
	{name: "import-5-rows", op: importFile},
	{name: "mixed", once: &sync.Once{}, mix: map[string]int{"home": 8, "list": 8, "list-2-filters": 12, "list-walk-100-pages": 8, "enterprise": 14, "enterprise-edit-form": 3,
		"products": 4, "product": 6, "search-page": 10, "search-api": 5, "certificates-expiring": 2, "readiness": 3, "markets": 2,
		"market-product": 3, "market-country": 2, "market-gap": 2, "edit": 6, "import-5-rows": 1}},
}

func scenarioNamed(name string) *scenario {
	for i := range scenarios {
		if scenarios[i].name == name {
			return &scenarios[i]
		}
	}
	return nil
}

// Scenarios lists the scenario names in their order.
func Scenarios() []string {
	var out []string
	for _, s := range scenarios {
		out = append(out, s.name)
	}
	return out
}

// pickOp chooses the next op of a scenario (a mix draws by weight).
func (sc *scenario) pickOp(c *client) op {
	if sc.mix == nil {
		return sc.op
	}
	sc.once.Do(func() {
		for _, n := range slices.Sorted(maps.Keys(sc.mix)) {
			for range sc.mix[n] {
				sc.draw = append(sc.draw, scenarioNamed(n).op)
			}
		}
	})
	return sc.draw[c.rnd.IntN(len(sc.draw))]
}

// measure runs a scenario with every client for Warm, then Duration, and
// returns what the timed part saw. Against the bare handler every request
// asks for a page of size bytes.
func (r *runner) measure(ctx context.Context, sc scenario, bare bool, size int) *Result {
	pid := r.appPID
	if bare {
		pid = r.barePID
	}
	res := &Result{}
	var total int64
	var mu sync.Mutex
	for _, phase := range []time.Duration{r.cfg.Warm, r.cfg.Duration} {
		if phase <= 0 {
			continue
		}
		timed := phase == r.cfg.Duration
		var cpu0 time.Duration
		if timed {
			resetPeak(pid)
			cpu0 = cpuOf(pid)
		}
		deadline := time.Now().Add(phase)
		var wg sync.WaitGroup
		for n := 0; n < r.cfg.Clients; n++ {
			wg.Add(1)
			go func(c *client) {
				defer wg.Done()
				var lat []int64
				var bytesRead int64
				errs, first := 0, ""
				for time.Now().Before(deadline) && ctx.Err() == nil {
					t0 := time.Now()
					var n int
					var err error
					if bare {
						n, err = r.barePage(ctx, size)
					} else {
						n, err = sc.pickOp(c)(ctx, r, c)
					}
					lat = append(lat, int64(time.Since(t0)))
					bytesRead += int64(n)
					if err != nil {
						errs++
						if first == "" {
							first = err.Error()
						}
					}
				}
				if !timed {
					return
				}
				mu.Lock()
				res.lat = append(res.lat, lat...)
				res.Errors += errs
				total += bytesRead
				if res.FirstError == "" {
					res.FirstError = first
				}
				mu.Unlock()
			}(r.newClient(n))
		}
		wg.Wait()
		if timed && len(res.lat) > 0 {
			res.CPUPerRequest = (cpuOf(pid) - cpu0) / time.Duration(len(res.lat))
		}
	}
	_, res.PeakRSS = memOf(pid)
	res.Requests = len(res.lat)
	if res.Requests > 0 {
		slices.Sort(res.lat)
		res.P50 = time.Duration(res.lat[res.Requests/2])
		res.P99 = time.Duration(res.lat[res.Requests*99/100])
		res.Bytes = int(total / int64(res.Requests))
		res.PerSecond = float64(res.Requests) / r.cfg.Duration.Seconds()
	}
	return res
}

func (r *runner) barePage(ctx context.Context, size int) (int, error) {
	a, err := r.do(ctx, "", "GET", r.bare+"/?size="+strconv.Itoa(size), "", nil)
	if err != nil {
		return 0, err
	}
	if a.StatusCode != http.StatusOK {
		return len(a.Body), fmt.Errorf("bare: %d", a.StatusCode)
	}
	return len(a.Body), nil
}

// tourPages are every page a signed-in officer opens, besides the
// scenarios' own.
var tourPages = []string{"/account", "/imports", "/hs?q=kopi", "/training", "/mentoring", "/mentoring/overdue", "/organisations",
	"/markets/requirements?destination=AUS", "/enterprises?q=kopi", "/enterprises?sort=workers&desc=1", "/enterprises?export=regular",
	"/products?validation=approved", "/readiness?level=pemula", "/search?q=kopi&kind=enterprise", "/api/docs",
	"/exports", "/funnel", "/funnel/targets", "/map", "/reports/monthly", "/requests", "/matches", "/inbox", "/events",
	"/catalogue/inquiries", "/catalogue/buyers"}

// tour opens every page once (and every scenario's page once), warming
// the server as people would and checking each answers.
func (r *runner) tour(ctx context.Context) []string {
	c := r.newClient(0)
	var bad []string
	for _, sc := range scenarios {
		if sc.mix != nil || sc.name == "edit" || sc.name == "import-5-rows" {
			continue
		}
		if _, err := sc.op(ctx, r, c); err != nil {
			bad = append(bad, sc.name+": "+err.Error())
		}
	}
	for _, p := range tourPages {
		if _, err := get(fixed(p))(ctx, r, c); err != nil {
			bad = append(bad, err.Error())
		}
	}
	// A few events, by the ids the API lists (the buying requests' pages
	// are a scenario's).
	events, err := r.listIDs(ctx, "/api/v1/events?limit=3")
	if err != nil {
		bad = append(bad, err.Error())
	}
	for _, id := range events {
		if _, err := get(fixed("/events/"+strconv.FormatInt(id, 10)))(ctx, r, c); err != nil {
			bad = append(bad, err.Error())
		}
	}
	for _, id := range r.enterprises[:5] {
		s := strconv.FormatInt(id, 10)
		for _, p := range []string{"/enterprises/" + s + "/readiness", "/enterprises/" + s + "/timeline", "/enterprises/" + s + "/mentoring"} {
			if _, err := get(fixed(p))(ctx, r, c); err != nil {
				bad = append(bad, err.Error())
			}
		}
	}
	return bad
}

// checkEdits reads back every edited enterprise: its notes must be the
// last ones written.
func (r *runner) checkEdits(ctx context.Context) (checked, lost int) {
	for id, want := range r.edited {
		a, err := r.do(ctx, r.sessions[0], "GET", r.base+"/api/v1/enterprises/"+strconv.FormatInt(id, 10), "", nil)
		var e struct {
			Notes string `json:"notes"`
		}
		checked++
		if err != nil || a.StatusCode != http.StatusOK || json.Unmarshal(a.Body, &e) != nil || e.Notes != want {
			lost++
			fmt.Fprintf(r.cfg.Out, "lost edit: enterprise %d should read %q\n", id, want)
		}
	}
	return checked, lost
}

// checkImports finds every imported enterprise by its name's own word in
// the search index (the list's text filter reads every row's text: a
// thousand checks of it took minutes).
func (r *runner) checkImports(ctx context.Context) (checked, missed int) {
	for _, name := range r.imported {
		own := name[strings.LastIndexByte(name, ' ')+1:]
		a, err := r.do(ctx, r.sessions[0], "GET", r.base+"/api/v1/search?kind=enterprise&q="+url.QueryEscape(own), "", nil)
		checked++
		if err != nil || a.StatusCode != http.StatusOK || !bytes.Contains(a.Body, []byte(`"title":"`+name+`"`)) {
			missed++
			fmt.Fprintf(r.cfg.Out, "imported enterprise not found: %q\n", name)
		}
	}
	return checked, missed
}

// ServeBare answers every request with a page of ?size= bytes (4,096 when
// not given): what a Go handler costs with nothing else to do.
func ServeBare(ctx context.Context, addr string, out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var page []byte
	line := []byte("<p>SiapEkspor bare page: nothing but bytes of the same size as the application's page.</p>\n")
	for len(page) < 2<<20 {
		page = append(page, line...)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		size := 4096
		if s, err := strconv.Atoi(r.URL.Query().Get("size")); err == nil && s >= 0 {
			size = min(s, len(page))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		w.Write(page[:size])
	})}
	fmt.Fprintf(out, "bare handler listening on %s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ReadScenarios splits a comma-separated list and checks each name.
func ReadScenarios(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	sc := bufio.NewScanner(strings.NewReader(strings.ReplaceAll(s, ",", "\n")))
	for sc.Scan() {
		name := strings.TrimSpace(sc.Text())
		if name == "" {
			continue
		}
		if scenarioNamed(name) == nil {
			return nil, fmt.Errorf("unknown scenario %q (known: %s)", name, strings.Join(Scenarios(), ", "))
		}
		out = append(out, name)
	}
	return out, nil
}
