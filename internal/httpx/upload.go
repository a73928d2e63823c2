package httpx

import (
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"

	"github.com/siapekspor/siapekspor"
)

// Spool copies an upload to a new temporary file in dir (made when
// missing), the pages' and the API's alike: at most limit bytes, more is
// the "import.too_large" error and nothing is kept. The file comes back
// at its start, for the readers that stream it, with its size.
func Spool(dir, prefix string, src io.Reader, limit int64) (*os.File, int64, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, 0, err
	}
	f, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return nil, 0, err
	}
	n, err := io.Copy(f, io.LimitReader(src, limit+1))
	var tooBig *http.MaxBytesError
	if n > limit || errors.As(err, &tooBig) {
		err = siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(limit>>20, 10))
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, 0, err
	}
	return f, n, nil
}
