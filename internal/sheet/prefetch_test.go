package sheet

import (
	"errors"
	"io"
	"strconv"
	"testing"
)

// numberedTable gives n rows, then err (io.EOF at the end of a good table).
type numberedTable struct {
	n, i   int
	err    error
	panics bool
	closed bool
}

func (c *numberedTable) Next() ([]string, int, error) {
	if c.i == c.n {
		if c.panics {
			panic("reader bug")
		}
		return nil, c.i + 1, c.err
	}
	c.i++
	return []string{strconv.Itoa(c.i)}, c.i, nil
}

func (c *numberedTable) Close() error { c.closed = true; return nil }

func TestPrefetchKeepsOrderAndEndsAsTheTableDoes(t *testing.T) {
	broken := errors.New("broken row")
	for _, c := range []struct {
		rows int
		err  error
	}{{0, io.EOF}, {1, io.EOF}, {prefetchRows, io.EOF}, {prefetchRows*prefetchBatches*3 + 7, io.EOF}, {prefetchRows + 1, broken}} {
		src := &numberedTable{n: c.rows, err: c.err}
		p := prefetch(src)
		for i := 1; i <= c.rows; i++ {
			cells, line, err := p.Next()
			if err != nil || line != i || cells[0] != strconv.Itoa(i) {
				t.Fatalf("%d rows: row %d = %v %d %v", c.rows, i, cells, line, err)
			}
		}
		for range 2 { // the end, and again
			if _, line, err := p.Next(); err != c.err || line != c.rows+1 {
				t.Errorf("%d rows: end %d %v, want %d %v", c.rows, line, err, c.rows+1, c.err)
			}
		}
		if p.Close(); !src.closed {
			t.Errorf("%d rows: source not closed", c.rows)
		}
	}
}

// Closed early (a preview reads the first rows), the goroutine stops.
func TestPrefetchClosedEarlyStops(t *testing.T) {
	src := &numberedTable{n: 1 << 20, err: io.EOF}
	p := prefetch(src)
	if _, _, err := p.Next(); err != nil {
		t.Fatal(err)
	}
	p.Close() // waits for the goroutine: a hang here is the failure
	if src.i >= src.n || !src.closed {
		t.Errorf("read %d of %d rows, closed %v", src.i, src.n, src.closed)
	}
}

func TestPrefetchPanicIsAnError(t *testing.T) {
	p := prefetch(&numberedTable{n: 3, panics: true})
	defer p.Close()
	for range 3 {
		p.Next()
	}
	if _, _, err := p.Next(); err == nil {
		t.Fatal("a panic in the reader read as the end of the table")
	}
}
