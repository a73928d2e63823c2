// Package bounded keeps the readers of outside input in bounds: a reader
// that stops when its context is cancelled, and one that refuses to read
// past a limit, counting the bytes it actually hands out (never trusting a
// size a file declares about itself).
package bounded

import (
	"context"
	"io"
)

// Reader reads from R until Ctx is done, after which every Read fails with
// the context's error; with Limit ≥ 0, reading more than Limit bytes fails
// with Over() instead of handing out the excess. N counts the bytes read.
type Reader struct {
	Ctx   context.Context
	R     io.Reader
	Limit int64 // < 0: none
	Over  func() error
	N     int64
}

// NewReader returns a Reader over r for ctx (nil: never cancelled) with a
// limit (< 0: none) and the error past it.
func NewReader(ctx context.Context, r io.Reader, limit int64, over func() error) *Reader {
	return &Reader{Ctx: ctx, R: r, Limit: limit, Over: over}
}

func (b *Reader) Read(p []byte) (int, error) {
	if b.Ctx != nil {
		if err := b.Ctx.Err(); err != nil {
			return 0, err
		}
	}
	if b.Limit >= 0 {
		if b.N >= b.Limit {
			// One byte more tells "exactly the limit" from "over it".
			var one [1]byte
			n, err := b.R.Read(one[:])
			if n > 0 {
				return 0, b.Over()
			}
			return 0, err
		}
		if rest := b.Limit - b.N; int64(len(p)) > rest {
			p = p[:rest]
		}
	}
	n, err := b.R.Read(p)
	b.N += int64(n)
	return n, err
}

// ReaderAt is an io.ReaderAt that fails once its context is done.
type ReaderAt struct {
	Ctx context.Context
	R   io.ReaderAt
}

func (b ReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if b.Ctx != nil {
		if err := b.Ctx.Err(); err != nil {
			return 0, err
		}
	}
	return b.R.ReadAt(p, off)
}
