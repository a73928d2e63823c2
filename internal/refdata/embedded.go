package refdata

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"io/fs"
	"sort"
)

// The embedded data files of this package and of internal/trade are read
// and versioned the same way.

// ReadGzipCSV reads a gzip-compressed CSV file of fsys whole (a UTF-8 BOM
// is dropped); header drops the first row.
func ReadGzipCSV(fsys fs.FS, name string, header bool) ([][]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if header && len(rows) > 0 {
		rows = rows[1:]
	}
	return rows, nil
}

// FilesVersion is a short hash of the files of fsys matching pattern, names
// and contents: a loader compares it with what it stored last to know
// whether the shipped data changed.
func FilesVersion(fsys fs.FS, pattern string) string {
	h := sha256.New()
	names, _ := fs.Glob(fsys, pattern)
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(fsys, n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
