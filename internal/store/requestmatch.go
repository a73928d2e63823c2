package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/placement"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// The matcher wired to the store (issue 17, item 2). As
// docs/match-method.md recommends, the province's candidates are kept in
// memory (products with their stemmed words, enterprises shared), indexed
// by HS heading and by word, and each request's Filter is applied to that
// snapshot before match.Rank reads what is left.

const matchWeightsKey = "match_weights"

// MatchWeights returns the matcher's weights for both kinds of request
// (the defaults until an admin sets them).
func (db *DB) MatchWeights(ctx context.Context) (map[siapekspor.RequestKind]match.Weights, error) {
	out := map[siapekspor.RequestKind]match.Weights{}
	for _, k := range match.Kinds {
		out[siapekspor.RequestKind(k)] = match.DefaultWeights(k)
	}
	s, err := db.Setting(ctx, matchWeightsKey)
	if err != nil || s == "" {
		return out, err
	}
	var stored map[siapekspor.RequestKind]match.Weights
	if json.Unmarshal([]byte(s), &stored) == nil {
		for k, w := range stored {
			if _, ok := out[k]; ok && w.Validate() == nil {
				out[k] = w
			}
		}
	}
	return out, nil
}

// SetMatchWeights stores one kind's weights (admins).
func (db *DB) SetMatchWeights(ctx context.Context, kind siapekspor.RequestKind, w match.Weights) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermMatchAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if !slices.Contains(siapekspor.RequestKinds, kind) {
		return siapekspor.Problems{{Field: "kind", Key: "field.choice"}}.Err()
	}
	if err := w.Validate(); err != nil {
		return err
	}
	all, err := db.MatchWeights(ctx)
	if err != nil {
		return err
	}
	before := all[kind]
	all[kind] = w
	b, _ := json.Marshal(all)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, matchWeightsKey, string(b)); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "match_weights", 0, map[string]any{string(kind): before}, map[string]any{string(kind): w})
	})
}

// CandidateInfo is what a match list shows of a product: its public
// profile (names, HS code, enterprise name and regency), never the
// owner's name, NIK or phone.
type CandidateInfo struct {
	ProductID      int64  `json:"product_id"`
	NameID         string `json:"name_id"`
	NameEN         string `json:"name_en"`
	HSCode         string `json:"hs_code"`
	EnterpriseID   int64  `json:"enterprise_id"`
	EnterpriseName string `json:"enterprise_name"`
	RegencyCode    string `json:"regency_code"`
	RegencyName    string `json:"regency_name"`
}

// snapshotTTL: after this long the snapshot is rebuilt in the background
// while rankings go on with it, so that writes by another process (a
// command-line import beside the server) show; writes through this DB make
// the next ranking rebuild it at once.
const snapshotTTL = 5 * time.Minute

type matchCache struct {
	mu         sync.Mutex
	snap       *candidateSnapshot
	refreshing bool
	// held hears the size of the snapshot held (OnCandidateSnapshot);
	// heldMu orders its calls, each of which says size as it is then, so
	// that the last call says the last change.
	heldMu sync.Mutex
	held   func(bytes int64)
	size   atomic.Int64
	// used is when a ranking last read the snapshot; after idle without
	// one it is let go (snapshotIdle), and the next ranking builds it again.
	used  time.Time
	idle  time.Duration
	timer *time.Timer
}

// snapshotIdle: a snapshot no ranking has read for this long is let go
// (about 18 MB for the demo province, which serve's memory limit makes
// room for while it is held); rankings come in bursts — an officer going
// through a buyer's requests — and a build takes a second.
const snapshotIdle = 2 * time.Minute

// letGo drops the snapshot once it has been idle, and hands its memory
// back; it runs from the cache's timer.
func (db *DB) letGo() {
	c := &db.matches
	c.mu.Lock()
	idle := cmp.Or(c.idle, snapshotIdle)
	if c.snap == nil { // a build failed, or none was made: the next ranking sets a timer again
		c.timer = nil
		c.mu.Unlock()
		return
	}
	if wait := idle - time.Since(c.used); wait > 0 {
		c.timer.Reset(wait)
		c.mu.Unlock()
		return
	}
	c.snap, c.timer = nil, nil
	c.size.Store(0)
	c.mu.Unlock()
	db.releaseBuild()
}

// OnCandidateSnapshot sets f to hear the size of the candidate snapshot
// held, in bytes, after each new one is in place (and its build's garbage
// collected) and 0 after one is let go: it is the one large thing the
// store keeps in memory (about 18 MB for the demo's 156,150 products), and
// serve raises its soft memory limit by it — the collector does not mark
// it (no pointers), but under an unchanged limit it would leave the pages
// that much less room between collections and run two to three times as
// often.
func (db *DB) OnCandidateSnapshot(f func(bytes int64)) {
	db.matches.heldMu.Lock()
	defer db.matches.heldMu.Unlock()
	db.matches.held = f
}

// candidates returns the current snapshot, rebuilding it after a write
// that changed candidates (candidatesChanged).
func (db *DB) candidates(ctx context.Context) (*candidateSnapshot, error) {
	c := &db.matches
	c.mu.Lock()
	defer c.mu.Unlock()
	gen := db.candidateGen.Load()
	c.used = time.Now()
	if c.timer == nil {
		c.timer = time.AfterFunc(cmp.Or(c.idle, snapshotIdle), db.letGo)
	}
	if s := c.snap; s != nil && s.gen == gen {
		if time.Since(s.made) >= snapshotTTL && !c.refreshing {
			c.refreshing = true
			go func() {
				fresh, err := db.buildSnapshot(context.WithoutCancel(ctx))
				c.mu.Lock()
				c.refreshing = false
				if err == nil && c.snap == s {
					fresh.gen = gen
					c.snap = fresh
					c.size.Store(fresh.bytes())
				}
				c.mu.Unlock()
				db.releaseBuild()
			}()
		}
		return s, nil
	}
	s, err := db.buildSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	s.gen = gen
	c.snap = s
	c.size.Store(s.bytes())
	db.releaseBuild()
	return s, nil
}

// releaseBuild hands the memory a snapshot's build and the snapshot it
// replaced leave behind back to the system at once (a forced collection
// beside the build's second): serve with the demo province, after its
// first ranking, held 203–224 MB without it and 196 MB with it (when the
// snapshot was pointer-rich). OnCandidateSnapshot's hook then hears the
// size of the snapshot now held (0 none).
func (db *DB) releaseBuild() {
	debug.FreeOSMemory()
	c := &db.matches
	c.heldMu.Lock()
	defer c.heldMu.Unlock()
	if c.held != nil {
		c.held(c.size.Load())
	}
}

func regionPoint(code string) match.Point {
	if len(code) >= len("18.71") {
		if r, ok := refdata.DefaultRegionIndex().ByCode(code[:len("18.71")]); ok && (r.Lat != 0 || r.Lng != 0) {
			return match.Point{Lat: r.Lat, Lng: r.Lng, Known: true}
		}
	}
	return match.Point{}
}

// buildSnapshot reads every product with its enterprise, certificates,
// latest readiness and track record, in five queries.
func (db *DB) buildSnapshot(ctx context.Context) (*candidateSnapshot, error) {
	start := time.Now()
	// Certificates first, so that each enterprise and product is packed
	// whole as it is read.
	entCerts, productCerts := map[int64][]match.Cert{}, map[int64][]match.Cert{}
	rows, err := db.read.QueryContext(ctx, `SELECT enterprise_id, product_id, type, expires_on FROM certificates`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var eid int64
		var pid sql.NullInt64
		var typ, expires string
		if err := rows.Scan(&eid, &pid, &typ, &expires); err != nil {
			rows.Close()
			return nil, err
		}
		c := match.Cert{Type: siapekspor.CertificateType(typ)}
		if t := parseDateText(expires); t != nil {
			c.ExpiresOn = *t
		}
		if pid.Valid {
			productCerts[pid.Int64] = append(productCerts[pid.Int64], c)
		} else {
			entCerts[eid] = append(entCerts[eid], c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The track record: each enterprise's past in the pipeline.
	hist, err := db.matchHistory(ctx)
	if err != nil {
		return nil, err
	}
	// Sized ahead: grown by appending, the array of 156,150 products kept
	// a fifth of its length unused.
	var count int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM products`).Scan(&count); err != nil {
		return nil, err
	}
	b := newSnapshotBuilder(count)
	rows, err = db.read.QueryContext(ctx, `SELECT e.id, e.name, COALESCE(e.province_code, ''), COALESCE(e.regency_code, ''), COALESCE(e.district_code, ''), COALESCE(e.village_code, ''),
		e.binaan_org_id, COALESCE(r.level, ''), COALESCE(r.overall, 0)
		FROM enterprises e LEFT JOIN enterprise_readiness r ON r.enterprise_id = e.id`)
	if err != nil {
		return nil, err
	}
	points := map[string]match.Point{} // by regency
	for rows.Next() {
		var e match.Enterprise
		var name, level, province, district, village string
		var binaan sql.NullInt64
		if err := rows.Scan(&e.ID, &name, &province, &e.RegencyCode, &district, &village, &binaan, &level, &e.Readiness); err != nil {
			rows.Close()
			return nil, err
		}
		point, ok := points[e.RegencyCode]
		if !ok {
			point = regionPoint(e.RegencyCode)
			points[e.RegencyCode] = point
		}
		e.Point, e.Level, e.Certificates = point, siapekspor.TrainingLevel(level), entCerts[e.ID]
		if h := hist[e.ID]; h != nil {
			e.History = *h
		}
		b.enterprise(&e, name, cmp.Or(village, district, e.RegencyCode, province), binaan.Int64)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT id, enterprise_id, name_id, name_en, description_id, description_en, hs_code, unit,
		capacity_per_month, min_order, validation FROM products ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Synthetic and imported catalogues repeat names and descriptions:
	// stem each text once.
	terms := map[[4]string]string{}
	for rows.Next() {
		var p match.Product
		var eid int64
		var texts [4]string
		if err := rows.Scan(&p.ID, &eid, &texts[0], &texts[1], &texts[2], &texts[3], &p.HSCode, &p.Unit,
			&p.CapacityPerMonth, &p.MinOrder, &p.Validation); err != nil {
			return nil, err
		}
		t, ok := terms[texts]
		if !ok {
			t = match.Terms(texts[0], texts[1], texts[2], texts[3])
			if len(terms) < 200_000 {
				terms[texts] = t
			}
		}
		p.Terms, p.Certificates = t, productCerts[p.ID]
		b.product(&p, eid, texts[0], texts[1])
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s, err := b.done()
	if err != nil {
		return nil, err
	}
	s.made, s.build = start, time.Since(start)
	return s, nil
}

// MatchOptions of a request's ranking.
type MatchOptions struct {
	Top         int
	NearMisses  int
	AllProducts bool
	// Spread turns on the regency cap (placement.DefaultRegencyCap).
	Spread     bool
	RegencyCap float64
}

// RequestMatches is a request's ranking with the public profile of every
// product it lists.
type RequestMatches struct {
	Request  *siapekspor.BuyingRequest `json:"request"`
	Ranking  *match.Ranking            `json:"ranking"`
	Products map[int64]CandidateInfo   `json:"products"`
	// Timings: the candidate selection (snapshot filter and scope) and the
	// whole ranking, in microseconds; Snapshot: when the snapshot was made.
	CandidateMicros int64     `json:"candidate_micros"`
	TotalMicros     int64     `json:"total_micros"`
	Snapshot        time.Time `json:"snapshot"`
}

// MatchRequest ranks the province's products for a request the actor
// reads. The candidates are those MatchCandidateScope gives the actor.
func (db *DB) MatchRequest(ctx context.Context, id int64, o MatchOptions) (*RequestMatches, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermMatchRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	r, err := db.BuyingRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	weights, err := db.MatchWeights(ctx)
	if err != nil {
		return nil, err
	}
	var restr []market.Restriction
	if r.Kind == siapekspor.RequestBuying {
		if restr, err = market.ShippedRestrictions(); err != nil {
			return nil, err
		}
	}
	return db.rankRequest(ctx, r, weights[r.Kind], restr, o, siapekspor.MatchCandidateScope(a))
}

// MatchInput is what the matcher needs of a stored request.
func MatchInput(r *siapekspor.BuyingRequest) match.Request {
	m := match.Request{Kind: match.Kind(r.Kind), HSCode: r.HSCode, Words: r.Words, Quantity: r.Quantity, Unit: r.Unit,
		Frequency: match.Frequency(r.Frequency), MinCapacityPct: r.MinCapacityPct, Destination: r.Destination,
		Certificates: r.Certificates, RequireValidated: r.RequireValidated, DeliveryRegion: r.DeliveryRegion,
		LocalFirst: match.Locality(r.LocalFirst)}
	if r.DeliveryDate != nil {
		m.DeliveryDate = *r.DeliveryDate
	}
	if r.Kind == siapekspor.RequestProcurement {
		m.DeliveryPoint = regionPoint(r.DeliveryRegion)
	}
	return m
}

func (db *DB) rankRequest(ctx context.Context, r *siapekspor.BuyingRequest, w match.Weights, restr []market.Restriction,
	o MatchOptions, scope siapekspor.EnterpriseScope) (*RequestMatches, error) {
	start := time.Now()
	snap, err := db.candidates(ctx)
	if err != nil {
		return nil, err
	}
	req := MatchInput(r)
	keep := snap.filter(req.Filter(), scope)
	picked := time.Since(start)
	opt := match.Options{Now: db.now(), Top: min(max(o.Top, 0), match.MaxTop), NearMisses: o.NearMisses, AllProducts: o.AllProducts}
	if o.Spread {
		opt.RegencyCap = o.RegencyCap
		if opt.RegencyCap <= 0 || opt.RegencyCap >= 1 {
			opt.RegencyCap = placement.DefaultRegencyCap
		}
	}
	// The snapshot whole, with the picked indexes: no copy per request.
	rk, err := match.Rank(match.Input{Request: req, Source: snap.source(), Only: nonNil(keep), Weights: w, Restrictions: restr, Options: opt})
	if err != nil {
		return nil, err
	}
	out := &RequestMatches{Request: r, Ranking: rk, Products: map[int64]CandidateInfo{}, Snapshot: snap.made,
		CandidateMicros: picked.Microseconds(), TotalMicros: time.Since(start).Microseconds()}
	for _, list := range [][]match.Entry{rk.Entries, rk.NearMisses} {
		for _, e := range list {
			if j, ok := slices.BinarySearchFunc(keep, e.ProductID, func(i int32, id int64) int {
				return cmp.Compare(snap.products[i].id, id)
			}); ok {
				out.Products[e.ProductID] = snap.info(keep[j])
			}
		}
	}
	return out, nil
}

// nonNil keeps an empty pick an empty one (Only nil would rank everything).
func nonNil(keep []int32) []int32 {
	if keep == nil {
		return []int32{}
	}
	return keep
}
