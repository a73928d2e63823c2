package sheet

import (
	"fmt"
	"runtime/debug"
)

// prefetchTable reads the rows of a table on a goroutine of its own, a few
// batches ahead of its reader. An XLSX sheet costs more to read than a CSV
// file (inflating, then scanning XML); read this way, that work runs on
// the second core while the first maps the rows, so a two-row-header XLSX
// imports in the time the same rows take as CSV.
type prefetchTable struct {
	src     Table
	batches chan rowBatch
	stop    chan struct{}
	done    chan struct{}
	cur     rowBatch
	i       int
	end     *rowBatch // the batch that ended the table: its error, again and again
}

type prefetchedRow struct {
	cells []string
	line  int
}

type rowBatch struct {
	rows []prefetchedRow
	err  error
	line int // of the error
}

const (
	prefetchRows    = 256 // rows handed over at once: one channel operation each
	prefetchBatches = 4   // batches read ahead: at most ~1,000 rows held
)

func prefetch(src Table) *prefetchTable {
	t := &prefetchTable{src: src, batches: make(chan rowBatch, prefetchBatches), stop: make(chan struct{}), done: make(chan struct{})}
	go t.read()
	return t
}

func (t *prefetchTable) read() {
	defer close(t.done)
	defer close(t.batches)
	// A bug in the reader fails the import, never the server: a panic on
	// a goroutine of its own would end the process.
	defer func() {
		if v := recover(); v != nil {
			t.send(rowBatch{err: fmt.Errorf("panic reading the sheet: %v\n%s", v, debug.Stack())})
		}
	}()
	for {
		b := rowBatch{rows: make([]prefetchedRow, 0, prefetchRows)}
		for len(b.rows) < prefetchRows {
			cells, line, err := t.src.Next()
			if err != nil {
				b.err, b.line = err, line
				break
			}
			b.rows = append(b.rows, prefetchedRow{cells, line})
		}
		if !t.send(b) || b.err != nil {
			return
		}
	}
}

// send hands a batch over, unless the table is being closed.
func (t *prefetchTable) send(b rowBatch) bool {
	select {
	case t.batches <- b:
		return true
	case <-t.stop:
		return false
	}
}

func (t *prefetchTable) Next() ([]string, int, error) {
	for t.i == len(t.cur.rows) {
		if t.end != nil {
			return nil, t.end.line, t.end.err
		}
		b, ok := <-t.batches
		if !ok { // closed after its last batch, which ended with an error
			b = rowBatch{err: errBroken}
		}
		t.cur, t.i = b, 0
		if b.err != nil {
			t.end = &rowBatch{err: b.err, line: b.line}
		}
	}
	r := t.cur.rows[t.i]
	t.i++
	return r.cells, r.line, nil
}

// Merges passes on the sheet's merged ranges.
func (t *prefetchTable) Merges() []Merge {
	if m, ok := t.src.(interface{ Merges() []Merge }); ok {
		return m.Merges()
	}
	return nil
}

// Close stops the reading goroutine and waits for it before the sheet is
// closed beneath it.
func (t *prefetchTable) Close() error {
	select {
	case <-t.stop:
	default:
		close(t.stop)
	}
	<-t.done
	return t.src.Close()
}
