package bounded

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

var errOver = errors.New("over")

func TestReaderLimit(t *testing.T) {
	over := func() error { return errOver }
	for _, tc := range []struct {
		size, limit int
		err         error
	}{{10, 10, nil}, {11, 10, errOver}, {0, 0, nil}, {1, 0, errOver}, {1 << 20, -1, nil}} {
		b, err := io.ReadAll(NewReader(context.Background(), strings.NewReader(strings.Repeat("x", tc.size)), int64(tc.limit), over))
		if !errors.Is(err, tc.err) || (err == nil && len(b) != tc.size) || len(b) > max(tc.limit, 0) && tc.limit >= 0 {
			t.Errorf("size %d limit %d: %d bytes, %v", tc.size, tc.limit, len(b), err)
		}
	}
}

func TestReaderContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := NewReader(ctx, strings.NewReader("abcdef"), -1, nil)
	p := make([]byte, 3)
	if n, err := r.Read(p); n != 3 || err != nil {
		t.Fatal(n, err)
	}
	cancel()
	if _, err := r.Read(p); !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: %v", err)
	}
	if _, err := (ReaderAt{Ctx: ctx, R: bytes.NewReader(nil)}).ReadAt(p, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadAt after cancel: %v", err)
	}
}
