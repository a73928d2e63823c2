package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

// The search index: one document per enterprise and per product, whose
// text the Go code has normalised and stemmed (internal/textsearch). SQLite
// keeps the tokens in an FTS5 table, PostgreSQL in a tsvector column with
// the 'simple' configuration; both see the same tokens, so both find the
// same documents. Every write that changes what a document says rewrites
// it in the same transaction.

type searchDoc struct {
	id                          int64
	kind                        string
	refID, enterpriseID         int64
	province, regency, district string
	binaan                      *int64
	hsChapter, validation       string
	title, body                 []string
}

// docID is a document's id, made from what it indexes: twice the record's
// id, plus one for products. A search that needs no other column of
// search_docs reads the hit straight from the full-text index.
func docID(kind string, refID int64) int64 {
	if kind == "product" {
		return refID*2 + 1
	}
	return refID * 2
}

func hitOf(id int64) (kind string, refID int64) {
	if id%2 == 1 {
		return "product", id / 2
	}
	return "enterprise", id / 2
}

func tokensOf(parts ...string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, strings.Fields(p)...)
	}
	return out
}

func regionNameOf(code string) string {
	if r, ok := refdata.DefaultRegionIndex().ByCode(code); ok {
		return r.Name
	}
	return ""
}

// enterpriseDoc: found by its name, its main products (in the office's
// words), its places and its sector; its recorded products are found
// through their own documents.
func enterpriseDoc(e *siapekspor.Enterprise) searchDoc {
	body := []string{textsearch.IndexID(e.MainProducts), textsearch.IndexEN(string(e.Sector)), textsearch.IndexID(regionNameOf(e.RegencyCode)),
		textsearch.IndexID(regionNameOf(e.DistrictCode)), textsearch.IndexID(regionNameOf(e.VillageCode))}
	return searchDoc{kind: "enterprise", refID: e.ID, enterpriseID: e.ID, province: e.ProvinceCode, regency: e.RegencyCode,
		district: e.DistrictCode, binaan: e.BinaanOrgID,
		title: tokensOf(textsearch.IndexID(e.Name), textsearch.IndexEN(e.Name)), body: tokensOf(body...)}
}

// productDoc: found by its names in both languages, its descriptions, its
// HS code and the nomenclature's words for it, and who makes it where.
func productDoc(p *siapekspor.Product, e *siapekspor.Enterprise) searchDoc {
	body := []string{textsearch.IndexID(p.DescriptionID), textsearch.IndexEN(p.DescriptionEN),
		textsearch.IndexEN(string(p.Category)), textsearch.IndexID(e.Name), textsearch.IndexID(regionNameOf(e.RegencyCode))}
	if p.HSCode != "" {
		ix := refdata.DefaultHSIndex()
		for _, c := range []string{p.HSCode[:min(6, len(p.HSCode))], p.HSCode[:min(4, len(p.HSCode))]} {
			if h, ok := ix.ByCode(c); ok {
				body = append(body, textsearch.IndexEN(h.DescriptionEN))
			}
		}
		body = append(body, textsearch.IndexID(refdata.WordsID(p.HSCode)), p.HSCode, p.HSCode[:min(4, len(p.HSCode))])
	}
	return searchDoc{kind: "product", refID: p.ID, enterpriseID: e.ID, province: e.ProvinceCode, regency: e.RegencyCode,
		district: e.DistrictCode, binaan: e.BinaanOrgID, hsChapter: siapekspor.HSChapter(p.HSCode), validation: string(p.Validation),
		title: tokensOf(textsearch.IndexID(p.NameID), textsearch.IndexEN(p.NameEN)), body: tokensOf(body...)}
}

// tsvector builds PostgreSQL's document: title words weigh A, body words B.
func (d *searchDoc) tsvector() pgtype.TSVector {
	pos := map[string][]pgtype.TSVectorPosition{}
	n := uint16(0)
	for i, list := range [][]string{d.title, d.body} {
		weight := pgtype.TSVectorWeightA
		if i == 1 {
			weight = pgtype.TSVectorWeightB
		}
		for _, w := range list {
			if n < 16383 {
				n++
			}
			if len(pos[w]) < 256 {
				pos[w] = append(pos[w], pgtype.TSVectorPosition{Position: n, Weight: weight})
			}
		}
	}
	words := make([]string, 0, len(pos))
	for w := range pos {
		words = append(words, w)
	}
	sort.Strings(words)
	tsv := pgtype.TSVector{Valid: true, Lexemes: make([]pgtype.TSVectorLexeme, len(words))}
	for i, w := range words {
		tsv.Lexemes[i] = pgtype.TSVectorLexeme{Word: w, Positions: pos[w]}
	}
	return tsv
}

func (d *searchDoc) args() []any {
	var binaan any
	if d.binaan != nil {
		binaan = *d.binaan
	}
	return []any{docID(d.kind, d.refID), d.enterpriseID, d.province, d.regency, d.district, binaan, d.hsChapter, d.validation}
}

// docColumns: the id says the kind and the record (docID), so they are not
// stored apart (migration 0012).
const docColumns = "id, enterprise_id, province_code, regency_code, district_code, binaan_org_id, hs_chapter, validation"

var docColumnList = strings.Split(strings.ReplaceAll(docColumns, " ", ""), ",")

// upsertDocs writes documents over their earlier versions.
func (db *DB) upsertDocs(ctx context.Context, q queryer, docs []searchDoc) error {
	for i := range docs {
		docs[i].id = docID(docs[i].kind, docs[i].refID)
		if err := db.dialect.upsertDoc(ctx, q, &docs[i]); err != nil {
			return err
		}
	}
	return nil
}

// insertDocsBulk adds documents of new records in bulk (imports, the demo).
func (db *DB) insertDocsBulk(ctx context.Context, tx *bulkTx, docs []searchDoc) error {
	if len(docs) == 0 {
		return nil
	}
	for i := range docs {
		docs[i].id = docID(docs[i].kind, docs[i].refID)
	}
	return db.dialect.insertDocs(ctx, tx, docs)
}

// unindex removes a document.
func (db *DB) unindex(ctx context.Context, q queryer, kind string, refID int64) error {
	return removeDocs(ctx, db.dialect, q, `d.id = $1`, docID(kind, refID))
}

// unindexEnterprise removes an enterprise's document and its products'.
func (db *DB) unindexEnterprise(ctx context.Context, q queryer, id int64) error {
	return removeDocs(ctx, db.dialect, q, `d.enterprise_id = $1`, id)
}

// removeDocs removes the documents docsWhere (a condition on search_docs
// d) selects, their text first.
func removeDocs(ctx context.Context, s searchIndex, q queryer, docsWhere string, args ...any) error {
	if err := s.deleteText(ctx, q, docsWhere, args...); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM search_docs AS d WHERE `+docsWhere, args...)
	return err
}

// indexEnterprise rewrites an enterprise's document and its products'
// (which carry its name and place).
func (db *DB) indexEnterprise(ctx context.Context, q queryer, id int64) error {
	e, err := db.enterprise(ctx, q, id)
	if err != nil {
		return err
	}
	docs := []searchDoc{enterpriseDoc(e)}
	rows, err := q.QueryContext(ctx, `SELECT `+productColumns+` `+productFrom+` WHERE p.enterprise_id = $1`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return err
		}
		docs = append(docs, productDoc(p, e))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return db.upsertDocs(ctx, q, docs)
}

// indexProducts rewrites a product's document.
func (db *DB) indexProducts(ctx context.Context, q queryer, productID int64) error {
	p, err := scanProduct(q.QueryRowContext(ctx, `SELECT `+productColumns+` `+productFrom+` WHERE p.id = $1`, productID))
	if err != nil {
		return err
	}
	e, err := db.enterprise(ctx, q, p.EnterpriseID)
	if err != nil {
		return err
	}
	return db.upsertDocs(ctx, q, []searchDoc{productDoc(p, e)})
}

// SearchRequest is a search over enterprises and products.
type SearchRequest struct {
	Query       string
	Kind        string // "", "enterprise" or "product"
	HSChapter   string
	RegencyCode string
	CertType    siapekspor.CertificateType
	Validation  siapekspor.ValidationStatus
	Limit       int
	Offset      int
}

// SearchHit is one result; Title and Detail are plain text, to be
// highlighted with the parsed query.
type SearchHit struct {
	Kind         string                      `json:"kind"`
	ID           int64                       `json:"id"`
	Title        string                      `json:"title"`
	TitleEN      string                      `json:"title_en,omitempty"`
	Detail       string                      `json:"detail"`
	HSCode       string                      `json:"hs_code,omitempty"`
	Validation   siapekspor.ValidationStatus `json:"validation,omitempty"`
	EnterpriseID int64                       `json:"enterprise_id"`
	Enterprise   string                      `json:"enterprise,omitempty"`
	RegencyName  string                      `json:"regency"`
	Score        float64                     `json:"score"`
}

// SearchResult is a page of hits, best first; Total is capped at SearchTotalCap.
type SearchResult struct {
	Hits  []SearchHit      `json:"hits"`
	Total int              `json:"total"`
	Query textsearch.Query `json:"-"`
	// Capped: there are more matches than SearchTotalCap.
	Capped bool `json:"capped"`
}

// SearchTotalCap is how many matches a search ranks; Total never exceeds it.
const SearchTotalCap = 500

// Search finds enterprises and products the actor may read. The query is
// parsed into safe tokens (never passed to the engine's syntax raw).
func (db *DB) Search(ctx context.Context, r SearchRequest) (*SearchResult, error) {
	res := &SearchResult{Hits: []SearchHit{}, Query: textsearch.ParseQuery(r.Query)}
	if res.Query.Empty() {
		return res, nil
	}
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermProductRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	w := &where{}
	m := db.dialect.matching(res.Query)
	scope := siapekspor.ProductScopeOf(a)
	if c, args := m.scopedMatch(scope); c != "" {
		w.add(c, args...)
	} else {
		w.add(m.cond, m.arg)
		if c, args := scopeCond(scope, "d.enterprise_id", "d."); c != "" {
			w.add(c, args...)
		}
	}
	kind := r.Kind
	if !siapekspor.Can(a, siapekspor.PermEnterpriseRead) || r.HSChapter != "" || r.Validation != "" {
		kind = "product" // filters only products have
	}
	switch kind {
	case "product":
		w.add("d.id % 2 = 1")
	case "enterprise":
		w.add("d.id % 2 = 0")
	}
	if r.HSChapter != "" {
		w.add("d.hs_chapter = ?", r.HSChapter)
	}
	if r.RegencyCode != "" {
		w.add("d.regency_code = ?", r.RegencyCode)
	}
	if r.Validation != "" {
		w.add("d.validation = ?", string(r.Validation))
	}
	if r.CertType != "" {
		// A certificate counts until its expiry day; product documents match
		// certificates of the enterprise or of that product.
		w.add(`EXISTS (SELECT 1 FROM certificates c WHERE c.enterprise_id = d.enterprise_id AND c.type = ?
			AND (c.expires_on = '' OR c.expires_on >= ?) AND (c.product_id IS NULL OR (d.id % 2 = 1 AND c.product_id = d.id / 2)))`,
			string(r.CertType), db.now().Format(isoDate))
	}
	if r.Limit <= 0 || r.Limit > 100 {
		r.Limit = 20
	}
	now := db.Now()
	key, gen := searchCacheKey(a, r, db.now().Format(isoDate)), db.cache.gen.Load()
	if cached, ok := db.cache.get(key, now); ok {
		return cached, nil
	}
	// Ranking every match of a common word ("kopi" names tens of thousands
	// of products) costs the engines 80 ms or more. Instead the first
	// SearchTotalCap matches in storage order (on PostgreSQL, for the whole
	// country, in the order of the provinces' codes) are ranked, and the
	// page is cut from those: exact for any query with fewer matches, and
	// for broad ones the best of 500 makes as good a first page as any.
	var q queryer = db.read
	if m.noSeqScan {
		tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return nil, err
		}
		q = tx
	}
	query := `SELECT d.id, ` + m.score + ` ` + m.from + w.sql()
	if m.alone != "" && len(w.conds) == 1 {
		query = m.alone // nothing to filter on: the index alone answers
	}
	type ranked struct {
		id  int64
		hit SearchHit
	}
	var all []ranked
	// read adds the matches of query, at most limit of them.
	read := func(query string, args []any, limit int) error {
		rows, err := q.QueryContext(ctx, query+` LIMIT `+strconv.Itoa(limit), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x ranked
			if err := rows.Scan(&x.id, &x.hit.Score); err != nil {
				return err
			}
			x.hit.Kind, x.hit.ID = hitOf(x.id)
			all = append(all, x)
		}
		return rows.Err()
	}
	if m.regionInIndex && scope.All && r.RegencyCode == "" {
		// The whole country's matches, province by province until enough
		// are found: the index answers a province's matches alone (its
		// region columns), where the country's first 500 matches of a
		// common word meant reading every match's entry first (0.2 s at
		// ten million; docs/scaling.md).
		provinces, err := db.registryProvinces(ctx, q)
		if err != nil {
			return nil, err
		}
		at := len(w.args) + 1
		query += ` AND d.province_code = $` + strconv.Itoa(at)
		args := append(w.args[:len(w.args):len(w.args)], "")
		for _, p := range provinces {
			args[at-1] = p
			if err := read(query, args, SearchTotalCap+1-len(all)); err != nil {
				return nil, err
			}
			if len(all) > SearchTotalCap {
				break
			}
		}
	} else if err := read(query, w.args, SearchTotalCap+1); err != nil {
		return nil, err
	}
	if tx, ok := q.(*sql.Tx); ok {
		// Give the connection back before fillHits takes another: with as
		// many concurrent searches as pooled connections, holding it would
		// leave every search waiting for a connection none will release.
		tx.Rollback()
	}
	res.Total, res.Capped = min(len(all), SearchTotalCap), len(all) > SearchTotalCap
	sort.Slice(all, func(i, j int) bool {
		if all[i].hit.Score != all[j].hit.Score {
			return all[i].hit.Score > all[j].hit.Score
		}
		return all[i].id < all[j].id
	})
	for i := max(r.Offset, 0); i < len(all) && i < SearchTotalCap && len(res.Hits) < r.Limit; i++ {
		res.Hits = append(res.Hits, all[i].hit)
	}
	if err := db.fillHits(ctx, res.Hits); err != nil {
		return nil, err
	}
	db.cache.put(key, gen, now, res)
	return res, nil
}

// registryProvinces lists the provinces that hold enterprises, in code
// order, from the summary figures (a look-up per province of the shipped
// reference, not a count).
func (db *DB) registryProvinces(ctx context.Context, q queryer) ([]string, error) {
	regions := refdata.DefaultRegionIndex().Children("")
	codes := make([]any, len(regions))
	for i, r := range regions {
		codes[i] = r.Code
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT region_code FROM enterprise_counts WHERE region_code IN (`+
		placeholders(1, len(codes))+`) AND n > 0 ORDER BY region_code`, codes...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// fillHits loads what a result shows, two queries for the whole page.
func (db *DB) fillHits(ctx context.Context, hits []SearchHit) error {
	var pids, eids []int64
	for _, h := range hits {
		if h.Kind == "product" {
			pids = append(pids, h.ID)
		} else {
			eids = append(eids, h.ID)
		}
	}
	products := map[int64]*siapekspor.Product{}
	if len(pids) > 0 {
		rows, err := db.queryIDs(ctx, db.read, `SELECT `+productColumns+` `+productFrom+` WHERE p.id `, pids, ``)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := scanProduct(rows)
			if err != nil {
				rows.Close()
				return err
			}
			products[p.ID] = p
		}
		rows.Close()
	}
	type ent struct{ name, regency, sector string }
	enterprises := map[int64]ent{}
	if len(eids) > 0 {
		rows, err := db.queryIDs(ctx, db.read, `SELECT e.id, e.name, e.regency_code, e.sector FROM enterprises e
			WHERE e.id `, eids, ``)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var x ent
			if err := rows.Scan(&id, &x.name, &x.regency, &x.sector); err != nil { // the regency's code, named below
				rows.Close()
				return err
			}
			enterprises[id] = x
		}
		rows.Close()
	}
	for i := range hits {
		h := &hits[i]
		if h.Kind == "product" {
			if p, ok := products[h.ID]; ok {
				h.Title, h.TitleEN, h.HSCode, h.Validation = p.NameID, p.NameEN, p.HSCode, p.Validation
				h.EnterpriseID, h.Enterprise, h.RegencyName = p.EnterpriseID, p.EnterpriseName, p.RegencyName
				h.Detail = snippet(p.DescriptionID, p.DescriptionEN)
			}
			continue
		}
		if x, ok := enterprises[h.ID]; ok {
			h.Title, h.EnterpriseID, h.RegencyName, h.Detail = x.name, h.ID, regionNameOf(x.regency), x.sector
		}
	}
	return nil
}

// snippet is the start of a description, cut at a word.
func snippet(parts ...string) string {
	for _, s := range parts {
		if s == "" {
			continue
		}
		if r := []rune(s); len(r) > 180 {
			cut := string(r[:180])
			if i := strings.LastIndexByte(cut, ' '); i > 100 {
				cut = cut[:i]
			}
			return cut + "…"
		}
		return s
	}
	return ""
}
