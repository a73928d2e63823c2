package store

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/siapekspor/siapekspor"
)

// importSpool holds an import's rows, read and prepared, between reading
// the file and writing them: the write transaction (which holds SQLite's
// one write lock, and PostgreSQL's lock on the enterprises table) then
// lasts only as long as the insert itself, however slow the file was to
// read. The rows go to a file, not memory: a whole province is 150 MB as
// structs, and the import command is held to 200 MB.
type importSpool struct {
	f    *os.File
	w    *bufio.Writer
	enc  *json.Encoder
	name string // still to remove at close where unlinking an open file fails
	rows int
	// keys: what the rows' duplicates are looked up by (loadDupIndex).
	keys *siapekspor.DuplicateKeys
}

// spooledRow is one accepted row of the file, prepared for the write.
type spooledRow struct {
	Line       int                    `json:"l"`
	OutOfScope bool                   `json:"o,omitempty"`
	RegistryID int64                  `json:"i,omitempty"`
	E          *siapekspor.Enterprise `json:"e,omitempty"`
	// doc is E's search document, made as the row is read back, beside
	// the transaction rather than in it; its ids are set on insert.
	doc searchDoc
}

// newSpool creates the spool file with mode 0600 (it holds personal data)
// and unlinks it at once, so that even a killed process leaves nothing.
func (db *DB) newSpool() (*importSpool, error) {
	f, err := os.CreateTemp(db.spoolDir, ".siapekspor-import-*")
	if err != nil {
		return nil, err
	}
	s := &importSpool{f: f, w: bufio.NewWriterSize(f, 1<<20), keys: siapekspor.NewDuplicateKeys()}
	if os.Remove(f.Name()) != nil {
		s.name = f.Name()
	}
	s.enc = json.NewEncoder(s.w)
	return s, nil
}

func (s *importSpool) add(r *spooledRow) error {
	s.rows++
	if r.E != nil {
		s.keys.Add(r.E, r.RegistryID)
	}
	return s.enc.Encode(r)
}

func (s *importSpool) close() {
	s.f.Close()
	if s.name != "" {
		os.Remove(s.name)
	}
}

// each hands the rows back in order. They are decoded, and their search
// documents made, on another goroutine ahead of fn, so that the write
// transaction does not wait on either.
func (s *importSpool) each(ctx context.Context, fn func(*spooledRow) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	type batch struct {
		rows []spooledRow
		err  error
	}
	ch := make(chan batch, 4)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(ch)
		dec := json.NewDecoder(bufio.NewReaderSize(s.f, 1<<20))
		for {
			b := batch{rows: make([]spooledRow, 0, 256)}
			for len(b.rows) < cap(b.rows) {
				var r spooledRow
				if err := dec.Decode(&r); err != nil {
					if !errors.Is(err, io.EOF) {
						b.err = err
					}
					break
				}
				if r.E != nil {
					r.doc = enterpriseDoc(r.E)
				}
				b.rows = append(b.rows, r)
			}
			select {
			case ch <- b:
			case <-stop:
				return
			}
			if len(b.rows) < cap(b.rows) {
				return
			}
		}
	}()
	for b := range ch {
		for i := range b.rows {
			if err := fn(&b.rows[i]); err != nil {
				return err
			}
		}
		if b.err != nil {
			return b.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
