package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func pngBytes(t testing.TB, w, h int, transparent bool) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if transparent && x < w/2 {
				a = 0
			}
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 100, a})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 3), uint8(y * 5), 60, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withOrientation inserts an Exif APP1 segment carrying an orientation tag.
func withOrientation(jpg []byte, o uint16) []byte {
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	ifd := make([]byte, 2+12+4)
	binary.LittleEndian.PutUint16(ifd[0:], 1)
	binary.LittleEndian.PutUint16(ifd[2:], 0x0112)
	binary.LittleEndian.PutUint16(ifd[4:], 3)
	binary.LittleEndian.PutUint32(ifd[6:], 1)
	binary.LittleEndian.PutUint16(ifd[10:], o)
	payload := append([]byte("Exif\x00\x00"), append(tiff, ifd...)...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	return append(append([]byte{0xFF, 0xD8}, seg...), jpg[2:]...)
}

func keyOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

func decodedSize(t *testing.T, s *Store, rel string) (int, int) {
	f, err := s.Open(rel)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := jpeg.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width, cfg.Height
}

// A minimal lossless 1×1 WebP.
var webp1x1 = []byte{0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c,
	0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00}

func TestSavePhoto(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	ph, err := s.SavePhoto(bytes.NewReader(pngBytes(t, 2000, 1000, true)))
	if err != nil {
		t.Fatal(err)
	}
	if ph.DisplayW != 1200 || ph.DisplayH != 600 || ph.ThumbW != 320 || ph.ThumbH != 160 {
		t.Errorf("sizes: %+v", ph)
	}
	if w, h := decodedSize(t, s, ph.Display); w != 1200 || h != 600 {
		t.Errorf("stored display %dx%d", w, h)
	}
	small, err := s.SavePhoto(bytes.NewReader(pngBytes(t, 100, 50, false)))
	if err != nil || small.DisplayW != 100 || small.ThumbW != 100 {
		t.Errorf("a small image was enlarged: %+v %v", small, err)
	}
	again, _ := s.SavePhoto(bytes.NewReader(pngBytes(t, 2000, 1000, true)))
	if again.Display != ph.Display || again.Thumb != ph.Thumb {
		t.Error("the same photo was stored twice")
	}
	if _, err := s.SavePhoto(bytes.NewReader(webp1x1)); err != nil {
		t.Errorf("webp: %v", err)
	}
	// Phones store pictures sideways with an orientation tag.
	turned, err := s.SavePhoto(bytes.NewReader(withOrientation(jpegBytes(t, 40, 20), 6)))
	if err != nil || turned.DisplayW != 20 || turned.DisplayH != 40 {
		t.Errorf("orientation 6: %+v %v", turned, err)
	}
}

func TestRefusedUploadsStoreNothing(t *testing.T) {
	dir := t.TempDir()
	s := &Store{Dir: dir, Limits: Limits{MaxPhotoBytes: 1 << 20, MaxDocumentBytes: 1 << 20}}
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	elf := append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 600)...)
	mz := append([]byte("MZ\x90\x00"), make([]byte, 600)...)
	bigPNG := pngBytes(t, 1, 1, false)
	// A PNG header that declares 50000×50000 pixels.
	bomb := append([]byte{}, bigPNG...)
	binary.BigEndian.PutUint32(bomb[16:], 50000)
	binary.BigEndian.PutUint32(bomb[20:], 50000)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))
	truncated := jpegBytes(t, 64, 64)[:300]
	for name, c := range map[string]struct {
		data []byte
		doc  bool
		key  string
	}{
		"an ELF executable named photo.jpg": {elf, false, "media.not_image"},
		"a Windows executable":              {mz, false, "media.not_image"},
		"a PDF as a photo":                  {pdf, false, "media.not_image"},
		"a 3 MB photo over a 1 MB limit":    {bytes.Repeat([]byte{0xFF, 0xD8, 0xFF, 0}, 800_000), false, "media.too_large"},
		"a decompression bomb":              {bomb, false, "media.too_many_pixels"},
		"a truncated JPEG":                  {truncated, false, "media.broken_image"},
		"an executable as a document":       {mz, true, "media.not_document"},
		"a 2 MB document over the limit":    {append([]byte("%PDF-1.4"), make([]byte, 2<<20)...), true, "media.too_large"},
	} {
		var err error
		if c.doc {
			_, err = s.SaveDocument(bytes.NewReader(c.data))
		} else {
			_, err = s.SavePhoto(bytes.NewReader(c.data))
		}
		if keyOf(err) != c.key {
			t.Errorf("%s: got %v, want %s", name, err, c.key)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("refused uploads left files: %v", entries)
	}
	doc, err := s.SaveDocument(bytes.NewReader(pdf))
	if err != nil || doc.Kind != KindPDF || filepath.Ext(doc.Path) != ".pdf" || ContentType(doc.Path) != "application/pdf" {
		t.Errorf("a PDF document: %+v %v", doc, err)
	}
}

func TestOpenRefusesUnsafePaths(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	for _, p := range []string{"../x", "/etc/passwd", `a\b`, "a/../../b", "", "C:/x"} {
		if _, err := s.Open(p); err == nil {
			t.Errorf("Open(%q) succeeded", p)
		}
		if err := s.Remove(p); err == nil {
			t.Errorf("Remove(%q) succeeded", p)
		}
	}
}

func BenchmarkSavePhoto(b *testing.B) {
	data := jpegBytes(b, 3000, 2000)
	s := &Store{Dir: b.TempDir()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A new byte each time, so the content-addressed store writes anew.
		d := append([]byte{}, data...)
		d[len(d)-3] ^= byte(i)
		if _, err := s.SavePhoto(bytes.NewReader(d)); err != nil && keyOf(err) != "media.broken_image" {
			b.Fatal(err)
		}
	}
}
