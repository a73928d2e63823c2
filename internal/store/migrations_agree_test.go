package store

import (
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// schemaOf reads what a folder of migrations builds, statement by
// statement: each table's columns with their types in words both engines
// share, and each index with its table. It knows the statements the
// migrations use; a statement it does not know is reported, so the test
// cannot pass by not understanding a migration.
type schemaOf struct {
	tables  map[string]map[string]string // table → column → type
	indexes map[string]string            // index → table
	unknown []string
}

var (
	reCreateTable = regexp.MustCompile(`(?is)^CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*)\)\s*(?:PARTITION BY .*|WITHOUT ROWID)?$`)
	reVirtual     = regexp.MustCompile(`(?is)^CREATE VIRTUAL TABLE`)
	reCreateIndex = regexp.MustCompile(`(?is)^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+)\s+ON\s+(\w+)`)
	reAddColumn   = regexp.MustCompile(`(?is)^ALTER TABLE (\w+) ADD COLUMN (?:IF NOT EXISTS )?(\w+)\s+(.*)$`)
	reDropColumn  = regexp.MustCompile(`(?is)^ALTER TABLE (\w+) (DROP COLUMN (?:IF EXISTS )?\w+(?:, DROP COLUMN (?:IF EXISTS )?\w+)*)$`)
	reDropIndex   = regexp.MustCompile(`(?is)^DROP INDEX (?:IF EXISTS )?(\w+)$`)
	reDropTable   = regexp.MustCompile(`(?is)^DROP TABLE (?:IF EXISTS )?(\w+)$`)
	reRename      = regexp.MustCompile(`(?is)^ALTER TABLE (\w+) RENAME TO (\w+)$`)
	reData        = regexp.MustCompile(`(?is)^(INSERT|UPDATE|DELETE|SELECT|CREATE (?:OR REPLACE )?(?:TRIGGER|FUNCTION|VIEW)|DROP TRIGGER|ANALYZE|PRAGMA|CREATE EXTENSION|ALTER TABLE \w+ ALTER COLUMN|ALTER TABLE \w+ (?:ADD|DROP) CONSTRAINT|COMMENT ON)`)
)

// typeWord turns a column's declared type into a word both engines share.
func typeWord(decl string) string {
	d := strings.ToUpper(strings.TrimSpace(decl))
	switch {
	case strings.Contains(d, "PRIMARY KEY") && (strings.HasPrefix(d, "INTEGER") || strings.HasPrefix(d, "BIGINT") || strings.Contains(d, "SERIAL")):
		// An integer key: SQLite's INTEGER PRIMARY KEY is the rowid,
		// PostgreSQL's an identity or a key the application gives.
		return "key"
	case strings.HasPrefix(d, "TSVECTOR"):
		return "search"
	case strings.HasPrefix(d, "INTEGER"), strings.HasPrefix(d, "BIGINT"), strings.HasPrefix(d, "SMALLINT"), strings.HasPrefix(d, "INT "), d == "INT",
		strings.HasPrefix(d, "BIGSERIAL"), strings.HasPrefix(d, "SERIAL"):
		return "int"
	case strings.HasPrefix(d, "TEXT"), strings.HasPrefix(d, "VARCHAR"), strings.HasPrefix(d, "CHAR"):
		return "text"
	case strings.HasPrefix(d, "DOUBLE PRECISION"), strings.HasPrefix(d, "REAL"), strings.HasPrefix(d, "NUMERIC"), strings.HasPrefix(d, "FLOAT"):
		return "real"
	case strings.HasPrefix(d, "BOOLEAN"), strings.HasPrefix(d, "BOOL"):
		return "bool"
	case strings.HasPrefix(d, "TIMESTAMP"), strings.HasPrefix(d, "DATETIME"), strings.HasPrefix(d, "DATE"):
		return "time"
	case strings.HasPrefix(d, "BLOB"), strings.HasPrefix(d, "BYTEA"):
		return "bytes"
	case strings.HasPrefix(d, "JSON"):
		return "json"
	}
	return "?" + strings.Fields(d + " ?")[0]
}

// splitTop splits s at commas outside parentheses.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func stripComments(sql string) string {
	var b strings.Builder
	for _, line := range strings.Split(sql, "\n") {
		if i := strings.Index(line, "--"); i >= 0 && strings.Count(line[:i], "'")%2 == 0 {
			line = line[:i]
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// statements splits a migration at semicolons outside quotes and $$ bodies.
func statements(sql string) []string {
	var out []string
	var cur strings.Builder
	quote, dollar := false, false
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case !dollar && c == '\'':
			quote = !quote
		case !quote && strings.HasPrefix(sql[i:], "$$"):
			dollar = !dollar
			cur.WriteString("$")
			i++
		case !quote && !dollar && c == ';':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
			continue
		case !quote && !dollar && strings.HasPrefix(strings.ToUpper(sql[i:]), "BEGIN") && strings.Contains(strings.ToUpper(cur.String()), "CREATE TRIGGER"):
			// a SQLite trigger body runs to its END;
			end := strings.Index(strings.ToUpper(sql[i:]), "END;")
			if end >= 0 {
				cur.WriteString(sql[i : i+end+3])
				i += end + 3
				out = append(out, strings.TrimSpace(cur.String()))
				cur.Reset()
				continue
			}
		}
		cur.WriteByte(c)
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

func readSchema(t *testing.T, engine string) *schemaOf {
	s := &schemaOf{tables: map[string]map[string]string{}, indexes: map[string]string{}}
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range statements(stripComments(string(raw))) {
			st = strings.Join(strings.Fields(st), " ")
			if st == "" {
				continue
			}
			switch m := reCreateTable.FindStringSubmatch(st); {
			case m != nil:
				cols := map[string]string{}
				for _, part := range splitTop(m[2]) {
					f := strings.Fields(part)
					if len(f) < 2 {
						continue
					}
					switch strings.ToUpper(f[0]) {
					case "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT", "EXCLUDE":
						continue
					}
					cols[strings.ToLower(f[0])] = typeWord(strings.Join(f[1:], " "))
				}
				s.tables[strings.ToLower(m[1])] = cols
				continue
			}
			if reVirtual.MatchString(st) || reData.MatchString(st) {
				continue
			}
			if m := reCreateIndex.FindStringSubmatch(st); m != nil {
				s.indexes[strings.ToLower(m[1])] = strings.ToLower(m[2])
			} else if m := reAddColumn.FindStringSubmatch(st); m != nil {
				if s.tables[strings.ToLower(m[1])] == nil {
					s.unknown = append(s.unknown, e.Name()+": a column added to an unknown table: "+st)
					continue
				}
				s.tables[strings.ToLower(m[1])][strings.ToLower(m[2])] = typeWord(m[3])
			} else if m := reDropColumn.FindStringSubmatch(st); m != nil {
				for _, d := range strings.Split(m[2], ",") {
					f := strings.Fields(d)
					delete(s.tables[strings.ToLower(m[1])], strings.ToLower(f[len(f)-1]))
				}
			} else if m := reDropIndex.FindStringSubmatch(st); m != nil {
				delete(s.indexes, strings.ToLower(m[1]))
			} else if m := reDropTable.FindStringSubmatch(st); m != nil {
				delete(s.tables, strings.ToLower(m[1]))
			} else if m := reRename.FindStringSubmatch(st); m != nil {
				s.tables[strings.ToLower(m[2])] = s.tables[strings.ToLower(m[1])]
				delete(s.tables, strings.ToLower(m[1]))
			} else {
				s.unknown = append(s.unknown, e.Name()+": "+st)
			}
		}
	}
	return s
}

func TestMigrationsAgree(t *testing.T) {
	lite, pg := readSchema(t, "sqlite"), readSchema(t, "postgres")
	for _, u := range append(lite.unknown, pg.unknown...) {
		t.Errorf("a statement the comparison does not know: %.200s", u)
	}
	names := func(fsys string) []string {
		entries, _ := fs.ReadDir(migrationFiles, path.Join("migrations", fsys))
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	if a, b := strings.Join(names("sqlite"), " "), strings.Join(names("postgres"), " "); a != b {
		t.Errorf("the migration files differ:\nsqlite:   %s\npostgres: %s", a, b)
	}
	var diffs []string
	for table, cols := range lite.tables {
		other, ok := pg.tables[table]
		if !ok {
			diffs = append(diffs, "table "+table+" only on SQLite")
			continue
		}
		for c, typ := range cols {
			if o, ok := other[c]; !ok {
				diffs = append(diffs, table+"."+c+" only on SQLite")
			} else if o != typ {
				diffs = append(diffs, table+"."+c+": "+typ+" on SQLite, "+o+" on PostgreSQL")
			}
		}
		for c, typ := range other {
			if _, ok := cols[c]; !ok && !pgOnlyColumn(table, c, typ) {
				diffs = append(diffs, table+"."+c+" only on PostgreSQL")
			}
		}
	}
	for table := range pg.tables {
		if _, ok := lite.tables[table]; !ok {
			diffs = append(diffs, "table "+table+" only on PostgreSQL")
		}
	}
	for ix, table := range lite.indexes {
		if o, ok := pg.indexes[ix]; !ok {
			diffs = append(diffs, "index "+ix+" only on SQLite")
		} else if ok && o != table {
			diffs = append(diffs, "index "+ix+" on "+table+" on SQLite, on "+o+" on PostgreSQL")
		}
	}
	for ix := range pg.indexes {
		if _, ok := lite.indexes[ix]; !ok && !pgOnlyIndex(ix) {
			diffs = append(diffs, "index "+ix+" only on PostgreSQL")
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
}

// What may differ, and why: each engine searches its own way (SQLite an
// FTS5 virtual table, PostgreSQL a tsvector column with a GIN index), and
// finds a part of a name its own way (SQLite an FTS5 trigram table,
// PostgreSQL a pg_trgm index on the column).
func pgOnlyColumn(table, column, typ string) bool { return typ == "search" }

func pgOnlyIndex(index string) bool { return index == "search_docs_tsv" || index == "enterprises_text" }
