package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// The public catalogue's read model (migration 0043; docs/catalogue.md).
// The listing rule — validated, the enterprise agreed to be listed, every
// kind of certificate recorded for the product still has one that counts
// (siapekspor.ListingState.Listed) — is worked out when something it reads
// changes, not when a buyer opens a page:
//
//   - catalogue_products holds each validated product of an enterprise that
//     agreed to be listed, with the last day it stays listed (listed_until:
//     the rule's only dependence on the date is its certificates' expiry);
//   - catalogue_certs the certificates each holds, its own and its
//     enterprise's, one row per kind with the last day one counts;
//   - catalogue_state the counts of what is listed (the front page's and
//     the filters'), exact for every day from as_of to stable_until.
//
// They change with recount (counts.go): every write that changes an
// enterprise's products (or their photos), its name or regency, its
// certificates or its consent
// passes countCatalogue, which takes the enterprises out of the model
// before the change (catalogueOut) and puts them back after it
// (catalogueIn), in the same transaction; the counts move by what was
// taken out and put back. On the first write of a new day the counts are
// worked out afresh from the model's rows (a few hundred, a few thousand
// in a large province); a reader who finds them stale (a day after
// stable_until with no write since) counts the rows itself, and
// RollCatalogue, which `serve` runs every hour, brings them up to date.

// noEnd is listed_until and valid_until for what never lapses.
const noEnd = "9999-12-31"

// catalogueRows selects the model's rows of the enterprises cond selects
// (a condition on enterprises e, as recount's).
func catalogueRows(cond string) string {
	return `SELECT p.id, p.enterprise_id, SUBSTR(p.hs_code, 1, 2), p.category, e.regency_code, p.capacity_per_month,
		COALESCE(p.validated_at, p.updated_at),
		COALESCE((SELECT MIN(k.until) FROM (SELECT MAX(CASE WHEN c.expires_on = '' THEN '` + noEnd + `' ELSE c.expires_on END) AS until
			FROM certificates c WHERE c.product_id = p.id GROUP BY c.type) k), '` + noEnd + `'),
		p.name_id, p.name_en, p.unit, e.name,
		COALESCE((SELECT ph.thumb FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1), ''),
		COALESCE((SELECT string_agg(k.type || '=' || k.until, ' ' ORDER BY k.type) FROM (SELECT c.type,
			MAX(CASE WHEN c.expires_on = '' THEN '` + noEnd + `' ELSE c.expires_on END) AS until FROM certificates c
			WHERE c.enterprise_id = p.enterprise_id AND (c.product_id IS NULL OR c.product_id = p.id) GROUP BY c.type) k), '')
		FROM enterprises e JOIN listing_consents lc ON lc.enterprise_id = e.id AND lc.listed
		JOIN products p ON p.enterprise_id = e.id AND p.validation = 'approved'
		WHERE ` + cond
}

// catalogueCertRows selects the certificate rows of the products
// catalogueRows(cond) selects.
func catalogueCertRows(cond string) string {
	return `SELECT p.id, c.type, p.enterprise_id, MAX(CASE WHEN c.expires_on = '' THEN '` + noEnd + `' ELSE c.expires_on END)
		FROM enterprises e JOIN listing_consents lc ON lc.enterprise_id = e.id AND lc.listed
		JOIN products p ON p.enterprise_id = e.id AND p.validation = 'approved'
		JOIN certificates c ON c.enterprise_id = p.enterprise_id AND (c.product_id IS NULL OR c.product_id = p.id)
		WHERE ` + cond + ` GROUP BY p.id, c.type, p.enterprise_id`
}

// catalogueOf is the model's rows of the enterprises cond selects.
func catalogueOf(table, cond string) string {
	return ` FROM ` + table + ` WHERE enterprise_id IN (SELECT e.id FROM enterprises e WHERE ` + cond + `)`
}

// modelRow is one row of catalogue_products as the counts need it.
type modelRow struct {
	product, enterprise            int64
	chapter, category, regency, to string
}

// modelCert is one row of catalogue_certs.
type modelCert struct {
	product    int64
	kind, to   string
	enterprise int64
}

// tally is what is listed on a day, counted: the catalogue_state row.
type tally struct {
	asOf, stableUntil     string
	products, enterprises int
	// by facet ("chapter", "category", "regency", "certificate"), by value
	facets map[string]map[string]int
}

var tallyFacets = []string{"chapter", "category", "regency", "certificate"}

func newTally(day string) *tally {
	t := &tally{asOf: day, stableUntil: noEnd, facets: map[string]map[string]int{}}
	for _, f := range tallyFacets {
		t.facets[f] = map[string]int{}
	}
	return t
}

// add counts (sign +1) or uncounts (-1) whole enterprises' rows and
// certificates as listed on t.asOf; +1 also moves stableUntil down to the
// first day any of them lapses.
func (t *tally) add(sign int, rows []modelRow, certs []modelCert) {
	listed := map[int64]bool{}
	ents := map[int64]bool{}
	for _, r := range rows {
		if r.to < t.asOf {
			continue
		}
		listed[r.product], ents[r.enterprise] = true, true
		t.products += sign
		if len(r.chapter) == 2 {
			t.facets["chapter"][r.chapter] += sign
		}
		if r.category != "" {
			t.facets["category"][r.category] += sign
		}
		t.facets["regency"][r.regency] += sign
		if sign > 0 && r.to < t.stableUntil {
			t.stableUntil = r.to
		}
	}
	t.enterprises += sign * len(ents)
	for _, c := range certs {
		if !listed[c.product] || c.to < t.asOf {
			continue
		}
		t.facets["certificate"][c.kind] += sign
		if sign > 0 && c.to < t.stableUntil {
			t.stableUntil = c.to
		}
	}
}

// encode writes the counts one per line, "facet<TAB>value<TAB>n", largest
// first, as CatalogueFacets shows them, a regency's name after its count;
// reading them is a split per line.
func (t *tally) encode() string {
	var b strings.Builder
	b.WriteString("products\t\t" + strconv.Itoa(t.products) + "\nenterprises\t\t" + strconv.Itoa(t.enterprises) + "\n")
	for _, f := range tallyFacets {
		for _, fc := range sortedCounts(t.facets[f]) {
			b.WriteString(f + "\t" + fc.Key + "\t" + strconv.Itoa(fc.Count))
			if f == "regency" {
				b.WriteString("\t" + regionNameOf(fc.Key)) // the label, so that readers need not look it up
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// sortedCounts lists the values counted more than zero times, most first.
func sortedCounts(m map[string]int) []FacetCount {
	out := make([]FacetCount, 0, len(m))
	for k, n := range m {
		// The values are codes from fixed lists; one that could break a
		// line of the encoding is not counted.
		if n > 0 && !strings.ContainsAny(k, "\t\n") {
			out = append(out, FacetCount{Key: k, Count: n})
		}
	}
	slices.SortFunc(out, func(a, b FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// decodeTally reads the kept counts back into a tally a writer moves.
func decodeTally(asOf, stableUntil, text string) (*tally, error) {
	f, err := parseFacets(text)
	if err != nil {
		return nil, err
	}
	t := newTally(asOf)
	t.stableUntil, t.products, t.enterprises = stableUntil, f.Products, f.Enterprises
	for facet, fcs := range map[string][]FacetCount{"chapter": f.Chapters, "category": f.Categories, "regency": f.Regencies, "certificate": f.Certificates} {
		for _, fc := range fcs {
			t.facets[facet][fc.Key] = fc.Count
		}
	}
	return t, nil
}

// tallyLine reads one line of the tally's text.
func tallyLine(line string) (facet, key string, n int, label string, err error) {
	facet, rest, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
	key, rest, ok := strings.Cut(rest, "\t")
	num, label, _ := strings.Cut(rest, "\t")
	if n, err = strconv.Atoi(num); !ok || err != nil {
		return "", "", 0, "", errors.New("catalogue_state: bad tally line " + strconv.Quote(line))
	}
	return facet, key, n, label, nil
}

// facetsOf is the counts as CatalogueFacets returns them: the same text a
// writer keeps, read as a reader reads it.
func (t *tally) facetsOf() (*CatalogueFacets, error) { return parseFacets(t.encode()) }

// readModel reads the model's rows of the enterprises cond selects ("" all).
func readModel(ctx context.Context, q queryer, cond string, args ...any) ([]modelRow, []modelCert, error) {
	rowsFrom, certsFrom := ` FROM catalogue_products`, ` FROM catalogue_certs`
	if cond != "" {
		rowsFrom, certsFrom = catalogueOf("catalogue_products", cond), catalogueOf("catalogue_certs", cond)
	}
	rows, err := q.QueryContext(ctx, `SELECT product_id, enterprise_id, hs_chapter, category, regency_code, listed_until`+rowsFrom, args...)
	if err != nil {
		return nil, nil, err
	}
	var out []modelRow
	for rows.Next() {
		var r modelRow
		if err := rows.Scan(&r.product, &r.enterprise, &r.chapter, &r.category, &r.regency, &r.to); err != nil {
			rows.Close()
			return nil, nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT product_id, type, enterprise_id, valid_until`+certsFrom, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var certs []modelCert
	for rows.Next() {
		var c modelCert
		if err := rows.Scan(&c.product, &c.kind, &c.enterprise, &c.to); err != nil {
			return nil, nil, err
		}
		certs = append(certs, c)
	}
	return out, certs, rows.Err()
}

// countModel counts the whole model as listed on day.
func countModel(ctx context.Context, q queryer, day string) (*tally, error) {
	rows, certs, err := readModel(ctx, q, "")
	if err != nil {
		return nil, err
	}
	t := newTally(day)
	t.add(1, rows, certs)
	return t, nil
}

// readTally reads catalogue_state; nil when it holds nothing yet.
func readTally(ctx context.Context, q queryer) (*tally, error) {
	var asOf, until, text string
	err := q.QueryRowContext(ctx, `SELECT as_of, stable_until, tally FROM catalogue_state WHERE id = 1`).Scan(&asOf, &until, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return decodeTally(asOf, until, text)
}

func saveTally(ctx context.Context, q queryer, t *tally) error {
	_, err := q.ExecContext(ctx, `INSERT INTO catalogue_state (id, as_of, stable_until, tally) VALUES (1, $1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, stable_until = excluded.stable_until, tally = excluded.tally`,
		t.asOf, t.stableUntil, t.encode())
	return err
}

// todaysTally is the counts as of the writer's today: the stored ones, or
// on a new day (or a clock set back) the model counted afresh.
func (db *DB) todaysTally(ctx context.Context, q queryer) (*tally, error) {
	day := db.now().Format(isoDate)
	t, err := readTally(ctx, q)
	if err != nil || (t != nil && t.asOf == day) {
		return t, err
	}
	return countModel(ctx, q, day)
}

// catalogueOut takes the enterprises cond selects out of the read model
// and its counts (recount's −1); the caller holds the counts' lock.
func (db *DB) catalogueOut(ctx context.Context, q queryer, cond string, args ...any) error {
	rows, certs, err := readModel(ctx, q, cond, args...)
	if err != nil || len(rows) == 0 {
		return err
	}
	t, err := db.todaysTally(ctx, q)
	if err != nil {
		return err
	}
	t.add(-1, rows, certs)
	for _, table := range []string{"catalogue_certs", "catalogue_products"} {
		if _, err := q.ExecContext(ctx, `DELETE`+catalogueOf(table, cond), args...); err != nil {
			return err
		}
	}
	return saveTally(ctx, q, t)
}

// catalogueIn puts the enterprises cond selects into the read model as
// they are now, and counts them (recount's +1).
func (db *DB) catalogueIn(ctx context.Context, q queryer, cond string, args ...any) error {
	res, err := q.ExecContext(ctx, `INSERT INTO catalogue_products (product_id, enterprise_id, hs_chapter, category, regency_code, capacity,
		validated_at, listed_until, name_id, name_en, unit, enterprise, thumb, certs) `+catalogueRows(cond), args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // none listed: the usual case, one index probe
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO catalogue_certs (product_id, type, enterprise_id, valid_until) `+catalogueCertRows(cond), args...); err != nil {
		return err
	}
	day := db.now().Format(isoDate)
	t, err := readTally(ctx, q)
	if err != nil {
		return err
	}
	if t == nil || t.asOf != day {
		// A new day: the model counted afresh, the rows just put in with it.
		t, err = countModel(ctx, q, day)
	} else {
		var rows []modelRow
		var certs []modelCert
		if rows, certs, err = readModel(ctx, q, cond, args...); err == nil {
			t.add(1, rows, certs)
		}
	}
	if err != nil {
		return err
	}
	return saveTally(ctx, q, t)
}

// rebuildCatalogue fills the read model from the registry (migration 0043;
// tests compare the kept model with it).
func rebuildCatalogue(ctx context.Context, db *DB, tx *sql.Tx) error {
	for _, t := range []string{"catalogue_certs", "catalogue_products", "catalogue_state"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return err
		}
	}
	if err := db.catalogueIn(ctx, tx, "1 = 1"); err != nil {
		return err
	}
	t, err := readTally(ctx, tx)
	if err != nil || t != nil {
		return err
	}
	return saveTally(ctx, tx, newTally(db.now().Format(isoDate)))
}

// RollCatalogue brings the catalogue's counts to today when a day has
// begun since they were made (serve runs it every hour; it writes only
// then). Pages are right without it, only slower: they count the model's
// rows while the counts are stale.
func (db *DB) RollCatalogue(ctx context.Context) error {
	day := db.now().Format(isoDate)
	t, err := readTally(ctx, db.read)
	if err != nil || (t != nil && t.asOf == day) {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.dialect.lockCounts(ctx, tx, false); err != nil {
			return err
		}
		t, err := db.todaysTally(ctx, tx)
		if err != nil || t == nil {
			return err
		}
		return saveTally(ctx, tx, t)
	})
}

// catalogueFacets is the counts a reader shows on day: the kept ones while
// they hold, read straight from their text, else the model's rows counted
// now (and false).
func (db *DB) catalogueFacets(ctx context.Context, day string) (*CatalogueFacets, bool, error) {
	var asOf, until, text string
	err := db.readQueryRow(ctx, `SELECT as_of, stable_until, tally FROM catalogue_state WHERE id = 1`).Scan(&asOf, &until, &text)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, false, err
	}
	if err == nil && asOf <= day && day <= until {
		f, err := parseFacets(text)
		return f, err == nil, err
	}
	t, err := countModel(ctx, db.read, day)
	if err != nil {
		return nil, false, err
	}
	f, err := t.facetsOf()
	return f, false, err
}

// parseFacets reads the tally's text (tally.encode: sorted as shown) into
// the counts, without the maps a writer needs.
func parseFacets(text string) (*CatalogueFacets, error) {
	n := strings.Count(text, "\n")
	f := &CatalogueFacets{Chapters: make([]FacetCount, 0, min(n, 99)), Categories: []FacetCount{}, Regencies: make([]FacetCount, 0, min(n, 30)),
		Certificates: []FacetCount{}}
	for line := range strings.Lines(text) {
		facet, key, n, label, err := tallyLine(line)
		if err != nil {
			return nil, err
		}
		c := FacetCount{Key: key, Count: n}
		switch facet {
		case "products":
			f.Products = n
		case "enterprises":
			f.Enterprises = n
		case "chapter":
			f.Chapters = append(f.Chapters, c)
		case "category":
			f.Categories = append(f.Categories, c)
		case "regency":
			c.Label = label
			f.Regencies = append(f.Regencies, c)
		case "certificate":
			f.Certificates = append(f.Certificates, c)
		default:
			return nil, errors.New("catalogue_state: unknown facet " + strconv.Quote(facet))
		}
	}
	return f, nil
}
