package store

import (
	"context"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

// searchIndex is where each engine keeps a search document's text and how
// it matches a query: SQLite in an FTS5 table (search_fts, rowid = the
// document's id) beside search_docs, PostgreSQL in search_docs' own
// tsvector column under a GIN index. The tokens are the same on both
// (internal/textsearch).
type searchIndex interface {
	// upsertDoc writes a document (its id set) over its earlier version.
	upsertDoc(ctx context.Context, q queryer, d *searchDoc) error
	// insertDocs adds new documents (ids set) in a bulk transaction.
	insertDocs(ctx context.Context, tx *bulkTx, docs []searchDoc) error
	// deleteText removes the text of the documents docsWhere (a condition
	// on search_docs d) selects, before the documents themselves go.
	deleteText(ctx context.Context, q queryer, docsWhere string, args ...any) error
	// matching is how a query selects and ranks documents.
	matching(query textsearch.Query) searchMatch
}

// searchMatch selects the documents that match a query and ranks them.
type searchMatch struct {
	cond  string // a condition with one ? for arg
	arg   any
	from  string // FROM …, the documents as d
	score string // higher is better; $1 is arg
	// alone, when not "", answers "id, score" of every match without
	// search_docs: the query when nothing else filters.
	alone string
	// noSeqScan: the planner must be kept from scanning the table to find
	// a LIMIT's worth of matches (PostgreSQL reads "LIMIT 501 of 80,000
	// matches" as "scan until 501 turn up": 60 ms when they sit at its end,
	// against 5 ms through the full-text index).
	noSeqScan bool
	// regionInIndex: the index holds the region columns beside the text,
	// and reverse is cond written the other way round (see scopedMatch).
	regionInIndex bool
	reverse       string
}

// scopedMatch is the match and an office's scope as one condition, each
// arm of the scope (its region's column, its binaan) beside the text, so
// that an index holding both reads only the scope's matches; "" when the
// engine's index has no region columns or the scope is not an office's.
// It selects what the match and scopeCond select: a region code names one
// column by its level (the other two never hold it), and no office is 0.
func (m searchMatch) scopedMatch(scope siapekspor.EnterpriseScope) (string, []any) {
	if !m.regionInIndex || scope.None || scope.All || scope.EnterpriseID != 0 || scope.Mentor || scope.RegionCode == "" {
		return "", nil
	}
	col := [...]string{"province_code", "regency_code", "district_code"}[min(strings.Count(scope.RegionCode, "."), 2)]
	// The match's argument comes first: the score names it as $1.
	c, args := "("+m.cond+" AND d."+col+" = ?)", []any{m.arg, scope.RegionCode}
	if scope.BinaanOrgID != 0 {
		// Written the other way round, or the planner takes the text out of
		// both arms as their common part and the index finds the whole
		// country's matches again.
		c, args = "("+c+" OR ("+m.reverse+" AND d.binaan_org_id = ?))", append(args, m.arg, scope.BinaanOrgID)
	}
	return c, args
}

func (sqliteDialect) upsertDoc(ctx context.Context, q queryer, d *searchDoc) error {
	if err := removeDocs(ctx, sqliteDialect{}, q, `d.id = $1`, d.id); err != nil {
		return err
	}
	args := d.args()
	if _, err := q.ExecContext(ctx, `INSERT INTO search_docs (`+docColumns+`) VALUES (`+placeholders(1, len(args))+`)`, args...); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO search_fts (rowid, title, body) VALUES ($1, $2, $3)`,
		d.id, strings.Join(d.title, " "), strings.Join(d.body, " "))
	return err
}

func (sqliteDialect) insertDocs(ctx context.Context, tx *bulkTx, docs []searchDoc) error {
	err := insertPrepared(ctx, tx.Tx, "search_docs", docColumnList, len(docs), func(i int, a []any) []any {
		return append(a, docs[i].args()...)
	})
	if err != nil {
		return err
	}
	return insertPrepared(ctx, tx.Tx, "search_fts", []string{"rowid", "title", "body"}, len(docs), func(i int, a []any) []any {
		return append(a, docs[i].id, strings.Join(docs[i].title, " "), strings.Join(docs[i].body, " "))
	})
}

func (sqliteDialect) deleteText(ctx context.Context, q queryer, docsWhere string, args ...any) error {
	_, err := q.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid IN (SELECT d.id FROM search_docs d WHERE `+docsWhere+`)`, args...)
	return err
}

func (sqliteDialect) matching(query textsearch.Query) searchMatch {
	return searchMatch{cond: "search_fts MATCH ?", arg: query.FTS5(),
		from:  `FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid`,
		score: `-bm25(search_fts, 10.0, 1.0)`,
		alone: `SELECT rowid, -bm25(search_fts, 10.0, 1.0) FROM search_fts WHERE search_fts MATCH $1`}
}

func (postgresDialect) upsertDoc(ctx context.Context, q queryer, d *searchDoc) error {
	args := append(d.args(), d.tsvector())
	_, err := q.ExecContext(ctx, `INSERT INTO search_docs (`+docColumns+`, tsv) VALUES (`+placeholders(1, len(args))+`)
		ON CONFLICT (id) DO UPDATE SET enterprise_id = excluded.enterprise_id, province_code = excluded.province_code,
		regency_code = excluded.regency_code, district_code = excluded.district_code, binaan_org_id = excluded.binaan_org_id,
		hs_chapter = excluded.hs_chapter, validation = excluded.validation, tsv = excluded.tsv`, args...)
	return err
}

func (postgresDialect) insertDocs(ctx context.Context, tx *bulkTx, docs []searchDoc) error {
	return copyRows(ctx, tx, "search_docs", append(docColumnList[:len(docColumnList):len(docColumnList)], "tsv"), len(docs), func(i int, a []any) []any {
		return append(append(a, docs[i].args()...), docs[i].tsvector())
	})
}

// The text is a column of the document itself.
func (postgresDialect) deleteText(context.Context, queryer, string, ...any) error { return nil }

func (postgresDialect) matching(query textsearch.Query) searchMatch {
	return searchMatch{cond: "d.tsv @@ to_tsquery('simple', ?)", arg: query.TSQuery(),
		from:      `FROM search_docs d`,
		score:     `ts_rank(d.tsv, to_tsquery('simple', $1))`,
		noSeqScan: true, regionInIndex: true, reverse: "to_tsquery('simple', ?) @@ d.tsv"}
}
