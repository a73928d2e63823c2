package media

import (
	"bytes"
	"errors"
	"image"
	"testing"

	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

// Fuzz targets of the uploads: a photo or scan is whatever bytes anyone
// sends. Run one longer with
//
//	go test -run '^$' -fuzz '^FuzzSavePhoto$' -fuzztime 5m ./internal/media/
//
// or all of them with scripts/fuzz.

// fuzzLimits keep the fuzzer's renditions small and its memory low.
var fuzzLimits = Limits{MaxPhotoBytes: 1 << 20, MaxDocumentBytes: 1 << 20, MaxPixels: 4_000_000, MaxDecodeBytes: 16 << 20, ThumbSize: 16, DisplaySize: 48}

// mediaError checks a refusal is a media error with a message.
func mediaError(t *testing.T, err error) {
	t.Helper()
	var me *Error
	if !errors.As(err, &me) {
		t.Fatalf("not a media error: %T %v", err, err)
	}
	fuzzcheck.Message(t, me.Key, me.Args...)
}

// FuzzSavePhoto decodes any bytes as a photo: stored as two JPEG
// renditions within their sizes, or refused with a message.
func FuzzSavePhoto(f *testing.F) {
	f.Add(pngBytes(f, 40, 30, true))
	f.Add(jpegBytes(f, 60, 20))
	f.Add(withExif(jpegBytes(f, 30, 10), "II", 6))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &Store{Dir: t.TempDir(), Limits: fuzzLimits}
		ph, err := s.SavePhoto(bytes.NewReader(data))
		if err != nil {
			var me *Error
			if errors.As(err, &me) {
				mediaError(t, err)
				return
			}
			t.Fatalf("%T %v", err, err) // a write failure in a temporary folder
		}
		if ph.DisplayW < 1 || ph.DisplayH < 1 || max(ph.DisplayW, ph.DisplayH) > fuzzLimits.DisplaySize ||
			ph.ThumbW < 1 || ph.ThumbH < 1 || max(ph.ThumbW, ph.ThumbH) > fuzzLimits.ThumbSize {
			t.Fatalf("renditions %d×%d and %d×%d", ph.DisplayW, ph.DisplayH, ph.ThumbW, ph.ThumbH)
		}
		for _, rel := range []string{ph.Display, ph.Thumb} {
			f, err := s.Open(rel)
			if err != nil {
				t.Fatal(err)
			}
			cfg, kind, err := image.DecodeConfig(f)
			f.Close()
			if err != nil || kind != "jpeg" || cfg.Width < 1 {
				t.Fatalf("%s: %v %s", rel, err, kind)
			}
		}
	})
}

// FuzzSaveDocument stores any bytes that sniff as a scan, or refuses them.
func FuzzSaveDocument(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n%…\n"))
	f.Add([]byte("\xef\xbb\xbf \n%PDF-1.7"))
	f.Add(pngBytes(f, 3, 3, false))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &Store{Dir: t.TempDir(), Limits: fuzzLimits}
		doc, err := s.SaveDocument(bytes.NewReader(data))
		if err != nil {
			mediaError(t, err)
			return
		}
		if doc.Kind != Sniff(head(data)) || doc.Size != int64(len(data)) {
			t.Fatalf("stored %+v", doc)
		}
	})
}

// FuzzHeaders walks any bytes as JPEG segments and image headers: the
// Exif orientation is 1–8, the frame's samples are few, the decoding
// estimate is never negative, and sniffing agrees with the magic bytes.
func FuzzHeaders(f *testing.F) {
	f.Add(withExif(jpegBytes(f, 8, 8), "MM", 8))
	f.Add(jpegBytes(f, 8, 8))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := exifOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		if samples, _, ok := jpegFrame(data); ok && (samples <= 0 || samples > 255) {
			t.Fatalf("%v samples a pixel", samples)
		}
		kind := Sniff(head(data))
		if kind.isImage() {
			if cfg, err := checkPixels(data, kind, fuzzLimits.MaxPixels); err == nil && decodeBytes(data, kind, cfg) < 0 {
				t.Fatalf("decoding %v takes %d bytes", cfg, decodeBytes(data, kind, cfg))
			}
		}
		if bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) && kind != KindJPEG {
			t.Fatalf("a JPEG sniffed as %q", kind)
		}
	})
}
