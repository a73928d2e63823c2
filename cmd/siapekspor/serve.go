package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/mail"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/residency"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
)

func cmdServe(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var db dbConfig
	addDBFlags(fs, env.getenv, &db)
	fs.DurationVar(&db.BusyWait, "busy-timeout", envDuration(env.getenv, "SIAPEKSPOR_BUSY_TIMEOUT", store.DefaultBusyTimeout),
		"SQLite: how long a write waits for another process's write (an import run beside the server) before the page answers 503 [SIAPEKSPOR_BUSY_TIMEOUT]")
	addr := fs.String("addr", envOr(env.getenv, "SIAPEKSPOR_ADDR", "127.0.0.1:8080"), "address to listen on [SIAPEKSPOR_ADDR]")
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "Kemendagri code of the province this installation serves, e.g. 18; empty for all of Indonesia [SIAPEKSPOR_PROVINCE]")
	noMigrate := fs.Bool("no-migrate", env.getenv("SIAPEKSPOR_NO_MIGRATE") == "1", "do not migrate at start; refuse to start on a stale schema [SIAPEKSPOR_NO_MIGRATE=1]")
	trustedProxies := fs.String("trusted-proxies", env.getenv("SIAPEKSPOR_TRUSTED_PROXIES"), "reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For/-Proto are believed [SIAPEKSPOR_TRUSTED_PROXIES]")
	behindProxy := fs.Bool("behind-proxy", env.getenv("SIAPEKSPOR_BEHIND_PROXY") == "1", "a reverse proxy on this machine: the same as --trusted-proxies 127.0.0.0/8,::1 [SIAPEKSPOR_BEHIND_PROXY=1]")
	maxUpload := fs.Int64("max-upload-mb", envInt(env.getenv, "SIAPEKSPOR_MAX_UPLOAD_MB", 50), "largest file an import accepts, in MB [SIAPEKSPOR_MAX_UPLOAD_MB]")
	mediaDir := fs.String("media-dir", env.getenv("SIAPEKSPOR_MEDIA_DIR"), "folder for product photos and certificate scans (default DATA-DIR/media) [SIAPEKSPOR_MEDIA_DIR]")
	maxPhoto := fs.Int64("max-photo-mb", envInt(env.getenv, "SIAPEKSPOR_MAX_PHOTO_MB", 10), "largest product photo or certificate scan, in MB [SIAPEKSPOR_MAX_PHOTO_MB]")
	expiryDays := fs.Int("expiry-days", int(envInt(env.getenv, "SIAPEKSPOR_EXPIRY_DAYS", 90)), "list certificates expiring within this many days [SIAPEKSPOR_EXPIRY_DAYS]")
	searchCache := fs.Int("search-cache", int(envInt(env.getenv, "SIAPEKSPOR_SEARCH_CACHE", store.DefaultSearchCache)), "result pages the search cache keeps (a few kB each); 0 turns it off [SIAPEKSPOR_SEARCH_CACHE]")
	memLimit := fs.Int64("memory-limit-mb", envInt(env.getenv, "SIAPEKSPOR_MEMORY_LIMIT_MB", defaultMemoryLimitMB), "soft limit of the Go heap in MB: the collector works harder near it and gives freed memory back; 0 for none; GOMEMLIMIT, when set, wins [SIAPEKSPOR_MEMORY_LIMIT_MB]")
	demo := fs.Bool("demo", false, "fill an empty database with the synthetic demo province")
	var smtpc mail.Config
	fs.StringVar(&smtpc.Host, "smtp-host", env.getenv("SIAPEKSPOR_SMTP_HOST"), "SMTP server for the deal pipeline's e-mails; empty: no e-mail [SIAPEKSPOR_SMTP_HOST]")
	fs.IntVar(&smtpc.Port, "smtp-port", int(envInt(env.getenv, "SIAPEKSPOR_SMTP_PORT", 587)), "SMTP port (STARTTLS when offered) [SIAPEKSPOR_SMTP_PORT]")
	fs.StringVar(&smtpc.Username, "smtp-user", env.getenv("SIAPEKSPOR_SMTP_USER"), "SMTP login; the password only from SIAPEKSPOR_SMTP_PASSWORD [SIAPEKSPOR_SMTP_USER]")
	fs.StringVar(&smtpc.From, "smtp-from", env.getenv("SIAPEKSPOR_SMTP_FROM"), "sender address of the e-mails [SIAPEKSPOR_SMTP_FROM]")
	baseURL := fs.String("base-url", env.getenv("SIAPEKSPOR_BASE_URL"), "the site's address, for links in e-mails, e.g. https://siapekspor.example.go.id [SIAPEKSPOR_BASE_URL]")
	mapTiles := fs.String("map-tiles", env.getenv("SIAPEKSPOR_MAP_TILES"), "background tiles for the map page, a URL template such as https://tile.example.org/{z}/{x}/{y}.png (its origin is allowed in the CSP's img-src); empty: the binary's boundaries alone [SIAPEKSPOR_MAP_TILES]")
	mapTilesAttr := fs.String("map-tiles-attribution", env.getenv("SIAPEKSPOR_MAP_TILES_ATTRIBUTION"), "the tiles' attribution shown on the map, e.g. © OpenStreetMap contributors [SIAPEKSPOR_MAP_TILES_ATTRIBUTION]")
	logLevel := fs.String("log-level", envOr(env.getenv, "SIAPEKSPOR_LOG_LEVEL", "info"), "debug, info, warn or error [SIAPEKSPOR_LOG_LEVEL]")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	proxies, err := httpx.ParseProxies(*trustedProxies)
	if err != nil {
		fmt.Fprintf(env.stderr, "siapekspor serve: --trusted-proxies: %v\n", err)
		return errUsage
	}
	if *behindProxy {
		proxies = append(proxies, httpx.Loopback...)
	}
	log := newLogger(env.stderr, *logLevel)
	smtpc.Password = env.getenv("SIAPEKSPOR_SMTP_PASSWORD") // not a flag: flags show in the process list
	ctx := env.ctx
	started := time.Now()
	limited := env.getenv("GOMEMLIMIT") == "" && *memLimit > 0
	if limited {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(*memLimit << 20))
	}

	// Listen before opening the database: a port in use is one clear line.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", *addr, err)
	}
	defer ln.Close()

	// The first administrator is made as soon as the schema exists, and its
	// one-time password printed before the reference data, trade data and
	// demo province take their seconds or minutes.
	adminMade := false
	st, err := openDBThen(ctx, db, !*noMigrate, log, func(s *store.DB) error {
		pw, err := auth.New(s, auth.Config{}).EnsureAdmin(ctx)
		if err == nil && pw != "" {
			adminMade = true
			fmt.Fprintf(env.stdout, "\nFirst start: an administrator was created. Sign in once with\n  e-mail:   %s\n  password: %s\nThe password is shown only now and must be changed at the first sign-in.\n\n", auth.FirstAdminEmail, pw)
		}
		return err
	})
	if err != nil {
		return err
	}
	defer st.Close()

	st.SetSearchCache(max(*searchCache, 0))
	if limited {
		// The matcher's candidates (about 18 MB for the demo province,
		// held between a buying request's ranking and two idle minutes
		// after the last) get room of their own above the limit.
		st.OnCandidateSnapshot(func(held int64) { debug.SetMemoryLimit(*memLimit<<20 + held) })
	}
	prov, err := resolveProvince(ctx, st, *province)
	if err != nil {
		return err
	}
	if *demo {
		if prov, err = loadDemo(ctx, st, log, prov); err != nil {
			return err
		}
	}
	demoData, err := st.Setting(ctx, demoSetting)
	if err != nil {
		return err
	}
	srv, err := server.New(st, server.Config{Province: prov, TrustedProxies: proxies, Demo: demoData == "1", Log: log,
		Uploads: filepath.Join(db.DataDir, "uploads"), MaxUpload: *maxUpload << 20,
		Media: cmp.Or(*mediaDir, filepath.Join(db.DataDir, "media")), MaxPhoto: *maxPhoto << 20, MaxDocument: *maxPhoto << 20,
		ExpiryWarningDays: *expiryDays, Mail: smtpc, BaseURL: *baseURL, MapTiles: *mapTiles, MapTilesAttribution: *mapTilesAttr})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of large spreadsheets on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	fmt.Fprintf(env.stdout, "SiapEkspor is running at http://%s (database: %s, started in %s)\n", ln.Addr(), st.Engine(), time.Since(started).Round(time.Millisecond))
	if adminMade {
		fmt.Fprintf(env.stdout, "Sign in as %s with the one-time password printed above.\n", auth.FirstAdminEmail)
	}

	// Profiles for performance work, on an address of their own (never the
	// site's): SIAPEKSPOR_PPROF=127.0.0.1:6060.
	if a := env.getenv("SIAPEKSPOR_PPROF"); a != "" {
		go servePprof(a, log)
	}
	// Build the region index now rather than on the first page that needs it.
	go refdata.DefaultRegionIndex()
	go rollCatalogue(ctx, st, log)
	go dropReadOnce(ctx, log)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Close() // background imports stop now, before the database closes
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(env.stdout, "SiapEkspor stopped")
	return nil
}

// dropReadOnce hands back, every minute, the pages of the binary that were
// read and are not in use (the embedded reference and trade data a start
// or a first page unpacked, code run once): they are clean and backed by
// the file, so the kernel counts them resident until it needs the memory,
// and those still in use come back on their next touch (a few milliseconds
// of minor faults a minute). Serve with the demo province under the load
// benchmark: the binary's pages 48 → 37 MB after the tour of every page,
// 26 MB after the run (docs/scaling.md, "Memory of serve").
func dropReadOnce(ctx context.Context, log *slog.Logger) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		d, err := residency.Drop()
		if err != nil {
			log.Warn("handing back the binary's pages", "err", err)
			return
		}
		log.Debug("handed back the binary's pages", "mappings", d.Mappings, "mb", d.Bytes>>20)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// rollCatalogue moves the public catalogue's counts to a new day, at
// start and every hour: the first write of a day does it too, but on a day
// without one the catalogue's pages would count their rows themselves
// (right, only slower) once a certificate lapsed.
func rollCatalogue(ctx context.Context, st *store.DB, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if err := st.RollCatalogue(ctx); err != nil && ctx.Err() == nil {
			log.Warn("catalogue counts not moved to today", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// defaultMemoryLimitMB bounds the server's Go memory (docs/scaling.md,
// "Memory of serve"): without a limit the collector lets the heap grow to
// twice what is live and returns idle memory to the system slowly. With the
// demo province about 36 MB is live at rest and 42–50 MB under load, so the
// collector's own target (twice that) sits near 100 MB and the limit mostly
// makes it hand idle pages back; in 2026-12-04's heap of 70 MB a 96 MB
// limit made pages cost up to three times the CPU, while on 2026-12-06 100
// MB against 110 MB cost no CPU a request that the machine's noise showed
// and kept the peak under load at 192–197 MB instead of 199–206. SQLite's
// page caches and statements (about 40 MB, store.go) and the binary's
// pages (about 47 MB) come on top, for under 200 MB in all.
const defaultMemoryLimitMB = 100
