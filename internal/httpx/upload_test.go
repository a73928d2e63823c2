package httpx

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

func TestSpool(t *testing.T) {
	dir := t.TempDir() + "/uploads" // made when missing
	f, n, err := Spool(dir, "up-", strings.NewReader("Nama Usaha\nKopi\n"), 16)
	if err != nil || n != 16 {
		t.Fatalf("%d bytes, %v", n, err)
	}
	b, _ := io.ReadAll(f) // at its start
	f.Close()
	if string(b) != "Nama Usaha\nKopi\n" {
		t.Errorf("read back %q", b)
	}
	if _, _, err := Spool(dir, "up-", strings.NewReader(strings.Repeat("x", 17)), 16); siapekspor.KeyOf(err) != "import.too_large" {
		t.Errorf("over the limit: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("%d files left, want only the first upload", len(left))
	}
}
