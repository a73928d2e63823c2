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
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/webp"
)

// Fixtures are made in code, so the tests need no files.

func pngBytes(t testing.TB, w, h int, transparent bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if transparent && x < w/2 {
				a = 0
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 100, a})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 3), uint8(y * 5), 60, 255})
		}
	}
	return encodeJPEG(t, img)
}

// halves is a w×h JPEG, red on its left half and blue on its right.
func halves(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return encodeJPEG(t, img)
}

// withExif puts an APP1 Exif segment with an orientation tag right after
// a JPEG's SOI marker, in little-endian ("II") or big-endian ("MM") TIFF.
func withExif(jpg []byte, order string, o uint16) []byte {
	var bo binary.ByteOrder = binary.LittleEndian
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	if order == "MM" {
		bo = binary.BigEndian
		tiff = []byte("MM\x00*\x00\x00\x00\x08")
	}
	ifd := make([]byte, 2+12+4) // count, one entry, no next IFD
	bo.PutUint16(ifd[0:], 1)
	bo.PutUint16(ifd[2:], 0x0112) // Orientation
	bo.PutUint16(ifd[4:], 3)      // SHORT
	bo.PutUint32(ifd[6:], 1)      // one value
	bo.PutUint16(ifd[10:], o)
	payload := append(append([]byte("Exif\x00\x00"), tiff...), ifd...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	return append(append([]byte{0xFF, 0xD8}, seg...), jpg[2:]...)
}

// pngBomb is a valid 1×1 PNG whose header declares w×h pixels.
func pngBomb(t testing.TB, w, h uint32) []byte {
	b := pngBytes(t, 1, 1, false)
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29])) // IHDR's CRC
	return b
}

// webp1x1 is a lossless (VP8L) 1×1 WebP; TestWebP checks it decodes.
var webp1x1 = []byte{
	'R', 'I', 'F', 'F', 0x1a, 0x00, 0x00, 0x00, 'W', 'E', 'B', 'P',
	'V', 'P', '8', 'L', 0x0d, 0x00, 0x00, 0x00,
	0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00,
}

var minimalPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func keyOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// stored decodes a stored rendition, checking it is a JPEG.
func stored(t *testing.T, s *Store, rel string) image.Image {
	t.Helper()
	if ContentType(rel) != "image/jpeg" {
		t.Fatalf("%s: not a .jpg", rel)
	}
	f, err := s.Open(rel)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return img
}

func TestSniff(t *testing.T) {
	mz := append([]byte("MZ\x90\x00"), make([]byte, 600)...)
	for name, c := range map[string]struct {
		head []byte
		want Kind
	}{
		"jpeg":                 {[]byte{0xFF, 0xD8, 0xFF, 0xE0}, KindJPEG},
		"png":                  {pngBytes(t, 1, 1, false), KindPNG},
		"webp":                 {webp1x1, KindWebP},
		"pdf":                  {minimalPDF, KindPDF},
		"pdf after BOM, blank": {append([]byte("\xef\xbb\xbf\r\n  "), minimalPDF...), KindPDF},
		"pdf after garbage":    {append([]byte("<html>"), minimalPDF...), ""},
		"riff but not webp":    {[]byte("RIFF\x00\x00\x00\x00WAVEfmt "), ""},
		"elf":                  {[]byte("\x7fELF\x02\x01\x01\x00"), ""},
		"windows exe":          {mz, ""},
		"two jpeg bytes":       {[]byte{0xFF, 0xD8}, ""},
		"empty":                {nil, ""},
	} {
		if got := Sniff(c.head); got != c.want {
			t.Errorf("%s: Sniff = %q, want %q", name, got, c.want)
		}
	}
}

func TestSavePhotoResizesAndFlattens(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	src := pngBytes(t, 2000, 1000, true)
	ph, err := s.SavePhoto(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if ph.DisplayW != 1200 || ph.DisplayH != 600 || ph.ThumbW != 320 || ph.ThumbH != 160 {
		t.Errorf("sizes: %+v", ph)
	}
	if len(ph.SourceSHA256) != 64 {
		t.Errorf("source hash %q", ph.SourceSHA256)
	}
	for _, r := range []struct {
		rel  string
		w, h int
	}{{ph.Display, 1200, 600}, {ph.Thumb, 320, 160}} {
		img := stored(t, s, r.rel)
		if b := img.Bounds(); b.Dx() != r.w || b.Dy() != r.h {
			t.Errorf("%s is %v, want %dx%d", r.rel, b, r.w, r.h)
		}
		// The transparent left half is white, not black.
		if cr, cg, cb, _ := img.At(r.w/8, r.h/2).RGBA(); cr>>8 < 240 || cg>>8 < 240 || cb>>8 < 240 {
			t.Errorf("%s: transparent area is %v, want white", r.rel, img.At(r.w/8, r.h/2))
		}
	}
	// Stored under two-level folders named by the content's hash.
	if parts := strings.Split(ph.Display, "/"); len(parts) != 2 || len(parts[0]) != 2 || len(parts[1]) != 62+len(".jpg") {
		t.Errorf("path %q", ph.Display)
	}

	again, err := s.SavePhoto(bytes.NewReader(src))
	if err != nil || again != ph {
		t.Errorf("the same photo again: %+v %v, want %+v", again, err, ph)
	}
}

func TestSmallPhotoIsNotEnlarged(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	ph, err := s.SavePhoto(bytes.NewReader(pngBytes(t, 100, 50, false)))
	if err != nil {
		t.Fatal(err)
	}
	if ph.DisplayW != 100 || ph.DisplayH != 50 || ph.ThumbW != 100 || ph.ThumbH != 50 {
		t.Errorf("a small image was enlarged: %+v", ph)
	}
	if b := stored(t, s, ph.Display).Bounds(); b.Dx() != 100 || b.Dy() != 50 {
		t.Errorf("stored %v", b)
	}
}

func TestPortraitFitsByHeight(t *testing.T) {
	s := &Store{Dir: t.TempDir(), Limits: Limits{ThumbSize: 30, DisplaySize: 90}}
	ph, err := s.SavePhoto(bytes.NewReader(jpegBytes(t, 100, 300)))
	if err != nil {
		t.Fatal(err)
	}
	if ph.DisplayW != 30 || ph.DisplayH != 90 || ph.ThumbW != 10 || ph.ThumbH != 30 {
		t.Errorf("sizes: %+v", ph)
	}
}

func TestMetadataAndTrailingPayloadAreDropped(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	payload := []byte("<script>alert(1)</script>PK\x03\x04 hidden zip")
	up := append(withExif(jpegBytes(t, 64, 48), "II", 1), payload...)
	ph, err := s.SavePhoto(bytes.NewReader(up))
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{ph.Display, ph.Thumb} {
		f, err := s.Open(rel)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte("<script>")) {
			t.Errorf("%s keeps metadata or payload", rel)
		}
	}
}

func TestWebP(t *testing.T) {
	img, err := webp.Decode(bytes.NewReader(webp1x1))
	if err != nil || img.Bounds().Dx() != 1 || img.Bounds().Dy() != 1 {
		t.Fatalf("the WebP fixture does not decode to 1×1: %v", err)
	}
	s := &Store{Dir: t.TempDir()}
	ph, err := s.SavePhoto(bytes.NewReader(webp1x1))
	if err != nil || ph.DisplayW != 1 || ph.DisplayH != 1 {
		t.Errorf("webp photo: %+v %v", ph, err)
	}
	doc, err := s.SaveDocument(bytes.NewReader(webp1x1))
	if err != nil || doc.Kind != KindWebP || !strings.HasSuffix(doc.Path, ".webp") || ContentType(doc.Path) != "image/webp" {
		t.Errorf("webp document: %+v %v", doc, err)
	}
}

func TestExifOrientation(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	// Orientation 6 is how phones store a photo taken upright: a quarter
	// turn clockwise puts the stored left side (red) on top.
	for _, order := range []string{"II", "MM"} {
		ph, err := s.SavePhoto(bytes.NewReader(withExif(halves(t, 40, 20), order, 6)))
		if err != nil {
			t.Fatal(err)
		}
		if ph.DisplayW != 20 || ph.DisplayH != 40 || ph.ThumbW != 20 || ph.ThumbH != 40 {
			t.Errorf("%s orientation 6: %+v, want 20x40", order, ph)
		}
		img := stored(t, s, ph.Display)
		top, bottom := img.At(10, 5), img.At(10, 35)
		if r, _, b, _ := top.RGBA(); r < b {
			t.Errorf("%s: top is %v, want red", order, top)
		}
		if r, _, b, _ := bottom.RGBA(); b < r {
			t.Errorf("%s: bottom is %v, want blue", order, bottom)
		}
	}
	// Orientation 8 is the opposite turn: red ends at the bottom.
	ph, err := s.SavePhoto(bytes.NewReader(withExif(halves(t, 40, 20), "II", 8)))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, b, _ := stored(t, s, ph.Display).At(10, 35).RGBA(); r < b {
		t.Error("orientation 8: bottom is not red")
	}
	// A big photo is resized then turned, into the right box.
	s.Limits = Limits{ThumbSize: 32, DisplaySize: 120}
	ph, err = s.SavePhoto(bytes.NewReader(withExif(jpegBytes(t, 400, 300), "II", 6)))
	if err != nil || ph.DisplayW != 90 || ph.DisplayH != 120 || ph.ThumbW != 24 || ph.ThumbH != 32 {
		t.Errorf("400x300 orientation 6: %+v %v", ph, err)
	}
}

func TestOrientAllEight(t *testing.T) {
	// A 3×2 image with distinct pixels, turned upright by each orientation;
	// want lists the source pixel index of each result pixel, row by row.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[i*4] = uint8(i)
	}
	for o, want := range map[int][]uint8{
		1: {0, 1, 2, 3, 4, 5},
		2: {2, 1, 0, 5, 4, 3},
		3: {5, 4, 3, 2, 1, 0},
		4: {3, 4, 5, 0, 1, 2},
		5: {0, 3, 1, 4, 2, 5},
		6: {3, 0, 4, 1, 5, 2},
		7: {5, 2, 4, 1, 3, 0},
		8: {2, 5, 1, 4, 0, 3},
	} {
		got := orient(src, o)
		var idx []uint8
		for i := 0; i < len(got.Pix); i += 4 {
			idx = append(idx, got.Pix[i])
		}
		if !bytes.Equal(idx, want) {
			t.Errorf("orientation %d: %v, want %v", o, idx, want)
		}
	}
}

func TestExifParsingIsDefensive(t *testing.T) {
	jpg := jpegBytes(t, 8, 8)
	good := withExif(jpg, "II", 6)
	for name, c := range map[string]struct {
		data []byte
		want int
	}{
		"no exif":        {jpg, 1},
		"exif 6":         {good, 6},
		"exif 3 MM":      {withExif(jpg, "MM", 3), 3},
		"out of range 9": {withExif(jpg, "II", 9), 1},
		"not a jpeg":     {[]byte("hello"), 1},
		"empty":          {nil, 1},
	} {
		if got := exifOrientation(c.data); got != c.want {
			t.Errorf("%s: %d, want %d", name, got, c.want)
		}
	}
	// Every truncation of the Exif segment, and an IFD offset pointing
	// far away, end in 1 and never panic.
	for n := range 60 {
		exifOrientation(good[:n])
	}
	bad := bytes.Clone(good)
	binary.LittleEndian.PutUint32(bad[2+4+6+4:], 0xFFFFFFF0) // after SOI, APP1 header, "Exif\0\0", "II*\0"
	if got := exifOrientation(bad); got != 1 {
		t.Errorf("wild IFD offset: %d", got)
	}
}

func TestRefusedUploadsStoreNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "photos") // created only by a write
	s := &Store{Dir: dir, Limits: Limits{MaxPhotoBytes: 1 << 20, MaxDocumentBytes: 1 << 20}}
	elf := append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 600)...)
	mz := append([]byte("MZ\x90\x00"), make([]byte, 600)...)
	big := jpegBytes(t, 640, 480)
	// The header and part of the image data: DecodeConfig works, Decode does not.
	cutInScan := big[:len(big)*2/3]
	for name, c := range map[string]struct {
		data []byte
		doc  bool
		key  string
	}{
		"an ELF executable named photo.jpg":  {elf, false, "media.not_image"},
		"a Windows executable":               {mz, false, "media.not_image"},
		"a PDF as a photo":                   {minimalPDF, false, "media.not_image"},
		"an empty photo":                     {nil, false, "media.not_image"},
		"a 3 MB photo over a 1 MB limit":     {bytes.Repeat([]byte{0xFF, 0xD8, 0xFF, 0}, 800_000), false, "media.too_large"},
		"a photo one byte over":              {append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 1<<20-2)...), false, "media.too_large"},
		"a 50000×50000 PNG":                  {pngBomb(t, 50000, 50000), false, "media.too_many_pixels"},
		"a JPEG cut in its header":           {big[:300], false, "media.broken_image"},
		"a JPEG cut in its image data":       {cutInScan, false, "media.broken_image"},
		"an executable as a document":        {mz, true, "media.not_document"},
		"an empty document":                  {nil, true, "media.not_document"},
		"a 2 MB document over the limit":     {append([]byte("%PDF-1.4"), make([]byte, 2<<20)...), true, "media.too_large"},
		"a 50000×50000 PNG as a document":    {pngBomb(t, 50000, 50000), true, "media.too_many_pixels"},
		"a JPEG header only as a document":   {big[:300], true, "media.broken_image"},
		"a PNG with a bad header checksum":   {pngBytes(t, 1, 1, false)[:20], false, "media.broken_image"},
		"an image document over the pixels":  {pngBomb(t, 7000, 7000), true, "media.too_many_pixels"},
		"a photo just over the pixels limit": {pngBomb(t, 8000, 5001), false, "media.too_many_pixels"},
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
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("refused uploads created the store's folder: %v", err)
	}
}

func TestTooLargeArgs(t *testing.T) {
	s := &Store{Dir: t.TempDir(), Limits: Limits{MaxPhotoBytes: 3 << 20}}
	_, err := s.SavePhoto(bytes.NewReader(make([]byte, 3<<20+1)))
	var e *Error
	if !errors.As(err, &e) || e.Key != "media.too_large" || len(e.Args) != 1 || e.Args[0] != 3 {
		t.Errorf("got %#v", err)
	}
	if e.Error() != "media.too_large [3]" {
		t.Errorf("Error() = %q", e.Error())
	}
	// A body cut by http.MaxBytesReader is the same user-facing problem.
	req := httptest.NewRequest("POST", "/", bytes.NewReader(make([]byte, 100)))
	body := http.MaxBytesReader(httptest.NewRecorder(), req.Body, 10)
	if _, err := s.SavePhoto(body); keyOf(err) != "media.too_large" {
		t.Errorf("MaxBytesReader: %v", err)
	}
}

func TestBombIsRefusedWithoutAllocating(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	bomb := pngBomb(t, 50000, 50000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := s.SavePhoto(bytes.NewReader(bomb))
	runtime.ReadMemStats(&after)
	var e *Error
	if !errors.As(err, &e) || e.Key != "media.too_many_pixels" || e.Args[0] != 50000 || e.Args[1] != 50000 {
		t.Fatalf("got %v", err)
	}
	// Decoding would take 10 GB; the header check takes a few kilobytes.
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d bytes", n)
	}
}

func TestSaveDocument(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	for _, c := range []struct {
		data []byte
		kind Kind
		ext  string
	}{
		{minimalPDF, KindPDF, ".pdf"},
		{append([]byte("\xef\xbb\xbf\n"), minimalPDF...), KindPDF, ".pdf"},
		{jpegBytes(t, 30, 20), KindJPEG, ".jpg"},
		{pngBytes(t, 30, 20, true), KindPNG, ".png"},
	} {
		doc, err := s.SaveDocument(bytes.NewReader(c.data))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Kind != c.kind || filepath.Ext(doc.Path) != c.ext || ContentType(doc.Path) != string(c.kind) ||
			doc.Size != int64(len(c.data)) || len(doc.SHA256) != 64 || !strings.HasPrefix(doc.Path, doc.SHA256[:2]+"/"+doc.SHA256[2:]) {
			t.Errorf("%s: %+v", c.kind, doc)
		}
		// Kept byte for byte.
		f, err := s.Open(doc.Path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(got, c.data) {
			t.Errorf("%s: stored bytes differ", c.kind)
		}
	}
}

func TestNoTemporaryFilesLeft(t *testing.T) {
	dir := t.TempDir()
	s := &Store{Dir: dir}
	for range 2 {
		if _, err := s.SavePhoto(bytes.NewReader(jpegBytes(t, 50, 50))); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveDocument(bytes.NewReader(minimalPDF)); err != nil {
			t.Fatal(err)
		}
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), ".upload-") {
			t.Errorf("left behind: %s", p)
		}
		return err
	})
}

func TestOpenAndRemove(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	doc, err := s.SaveDocument(bytes.NewReader(minimalPDF))
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Open(doc.Path)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Something outside the store that a bad path might reach.
	os.WriteFile(filepath.Join(filepath.Dir(s.Dir), "x"), []byte("secret"), 0o600)
	for _, p := range []string{
		"../x", "/etc/passwd", `a\b`, `..\x`, "a/../../b", "a/../" + doc.Path, "./" + doc.Path,
		doc.Path + "/", "", ".", "C:/x", doc.Path[:2], // the last one is a folder
	} {
		if _, err := s.Open(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q): %v, want not exist", p, err)
		}
		if err := s.Remove(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Remove(%q): %v, want refused", p, err)
		}
	}
	// A symbolic link out of the store is not followed.
	if err := os.Symlink("/etc", filepath.Join(s.Dir, "etc")); err == nil {
		if _, err := s.Open("etc/passwd"); err == nil {
			t.Error("Open followed a link out of the store")
		}
	}
	if err := s.Remove(doc.Path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(doc.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after Remove: %v", err)
	}
	if err := s.Remove(doc.Path); err != nil {
		t.Errorf("removing twice: %v", err)
	}
	missing := &Store{Dir: filepath.Join(t.TempDir(), "none")}
	if _, err := missing.Open("ab/cd.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open in a missing store: %v", err)
	}
	if err := missing.Remove("ab/cd.jpg"); err != nil {
		t.Errorf("Remove in a missing store: %v", err)
	}
}

func TestContentType(t *testing.T) {
	for rel, want := range map[string]string{
		"ab/cd.jpg": "image/jpeg", "ab/cd.png": "image/png", "ab/cd.webp": "image/webp",
		"ab/cd.pdf": "application/pdf", "ab/cd.exe": "application/octet-stream", "ab/cd": "application/octet-stream",
	} {
		if got := ContentType(rel); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", rel, got, want)
		}
	}
}

func benchmarkSavePhoto(b *testing.B, data []byte) {
	base := b.TempDir()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		// A fresh folder each time, so the content-addressed store writes
		// instead of finding the files already there.
		s := &Store{Dir: filepath.Join(base, strconv.Itoa(i))}
		if _, err := s.SavePhoto(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/photo")
}

// BenchmarkSavePhoto stores a 3000×2000 (6 megapixel) camera-sized JPEG.
func BenchmarkSavePhoto(b *testing.B) {
	benchmarkSavePhoto(b, jpegBytes(b, 3000, 2000))
}

// BenchmarkSavePhotoRotated is the same photo taken upright on a phone
// (Exif orientation 6), the most common case.
func BenchmarkSavePhotoRotated(b *testing.B) {
	benchmarkSavePhoto(b, withExif(jpegBytes(b, 3000, 2000), "II", 6))
}

// Issue 14: what a crash left half written is removed at start: the
// temporary files only, never a stored photo.
func TestRemoveUnfinished(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	for _, rel := range []string{"ab/" + tempPrefix + "1", tempPrefix + "2", "ab/abcdef.jpg"} {
		full := filepath.Join(s.Dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(full), 0o750)
		if err := os.WriteFile(full, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.RemoveUnfinished()
	if err != nil || n != 2 {
		t.Fatalf("RemoveUnfinished: %d, %v", n, err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "ab", "abcdef.jpg")); err != nil {
		t.Errorf("a stored photo went: %v", err)
	}
	if n, err := (&Store{Dir: filepath.Join(s.Dir, "missing")}).RemoveUnfinished(); n != 0 || err != nil {
		t.Errorf("a missing folder: %d, %v", n, err)
	}
}
