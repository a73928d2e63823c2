// Package media stores uploaded product photos and certificate scans.
//
// The type of an upload is sniffed from its bytes, never taken from its
// name or the client's Content-Type. Photos are decoded and re-encoded as
// JPEG in two sizes, which also drops Exif/metadata and any payload hidden
// after the image; documents are kept as uploaded. Every file is written to
// a temporary name and renamed, so a failure never leaves half a file.
// Names are the SHA-256 of the stored bytes: the same upload is stored
// once, and a name never changes meaning, so it may be cached for good.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/image/webp"
)

// Kind of a stored file.
type Kind string

const (
	KindJPEG Kind = "image/jpeg"
	KindPNG  Kind = "image/png"
	KindWebP Kind = "image/webp"
	KindPDF  Kind = "application/pdf"
)

// sniffLen is how much of an upload Sniff is shown.
const sniffLen = 512

// Sniff returns the kind of a file from its first bytes, or "" when it is
// none of the four.
func Sniff(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return KindJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return KindWebP
	}
	// Some tools write a BOM or a blank line before the PDF header; nothing
	// else is allowed there, so a polyglot cannot hide its real start.
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n\f\x00")
	if bytes.HasPrefix(trimmed, []byte("%PDF-")) {
		return KindPDF
	}
	return ""
}

func (k Kind) isImage() bool { return k == KindJPEG || k == KindPNG || k == KindWebP }

// ext is the file extension a kind is stored with.
func (k Kind) ext() string {
	switch k {
	case KindJPEG:
		return ".jpg"
	case KindPNG:
		return ".png"
	case KindWebP:
		return ".webp"
	case KindPDF:
		return ".pdf"
	}
	return ""
}

// Error is a problem with an upload the user can act on; Key is a message
// key of the app's catalogues and Args fill its verbs.
type Error struct {
	Key  string
	Args []any
}

func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return e.Key
	}
	return fmt.Sprintf("%s %v", e.Key, e.Args)
}

// Limits of a Store; zero values take the defaults (the README's table of
// limits quotes them).
type Limits struct {
	MaxPhotoBytes, MaxDocumentBytes int64 // default 10 MiB each
	MaxPixels                       int   // declared width×height; default 40 megapixels
	// MaxDecodeBytes bounds the memory a photo's decoding takes, from its
	// declared size and kind (a 16-bit PNG takes 8 bytes a pixel, a
	// progressive JPEG keeps its coefficients); default 96 MiB.
	MaxDecodeBytes         int64
	ThumbSize, DisplaySize int // longest side in pixels; default 320 and 1200
	JPEGQuality            int // of both renditions; default 82
}

func (l Limits) withDefaults() Limits {
	if l.MaxPhotoBytes <= 0 {
		l.MaxPhotoBytes = 10 << 20
	}
	if l.MaxDocumentBytes <= 0 {
		l.MaxDocumentBytes = 10 << 20
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = 40_000_000
	}
	if l.MaxDecodeBytes <= 0 {
		l.MaxDecodeBytes = 96 << 20
	}
	if l.ThumbSize <= 0 {
		l.ThumbSize = 320
	}
	if l.DisplaySize <= 0 {
		l.DisplaySize = 1200
	}
	if l.JPEGQuality <= 0 {
		l.JPEGQuality = 82
	}
	l.JPEGQuality = min(l.JPEGQuality, 100)
	return l
}

// Store keeps files under Dir, created when missing, in two-level folders
// named by content hash (ab/cdef….jpg).
type Store struct {
	Dir    string
	Limits Limits
}

// Document is a stored document.
type Document struct {
	Path   string // relative to Dir, slash-separated
	Kind   Kind
	Size   int64
	SHA256 string
}

// SaveDocument checks a scan (a PDF or an image) and stores it as it was
// uploaded.
func (s *Store) SaveDocument(r io.Reader) (Document, error) {
	l := s.Limits.withDefaults()
	data, err := readLimited(r, l.MaxDocumentBytes)
	if err != nil {
		return Document{}, err
	}
	kind := Sniff(head(data))
	if kind == "" {
		return Document{}, &Error{Key: "media.not_document"}
	}
	if kind.isImage() {
		// Not decoded (the bytes are kept), but a scan that would crash or
		// exhaust a viewer is refused all the same.
		if _, err := checkPixels(data, kind, l.MaxPixels); err != nil {
			return Document{}, err
		}
	}
	rel, sum, err := s.write(data, kind.ext())
	if err != nil {
		return Document{}, err
	}
	return Document{Path: rel, Kind: kind, Size: int64(len(data)), SHA256: sum}, nil
}

func head(data []byte) []byte { return data[:min(len(data), sniffLen)] }

// readLimited reads all of r, refusing more than limit bytes. One byte
// more than the limit is read to tell "exactly the limit" from "over it".
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	tooLarge := &Error{Key: "media.too_large", Args: []any{int(max(1, (limit+(1<<20)-1)>>20))}}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		// A request body over the server's own limit ends the same way.
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge
	}
	return data, nil
}

// checkPixels reads only the header of an image and refuses it when the
// declared size is over the limit: a few kilobytes may declare a picture
// whose decoding takes gigabytes (a decompression bomb).
func checkPixels(data []byte, kind Kind, maxPixels int) (image.Config, error) {
	var cfg image.Config
	var err error
	r := bytes.NewReader(data)
	switch kind {
	case KindJPEG:
		cfg, err = jpeg.DecodeConfig(r)
	case KindPNG:
		cfg, err = png.DecodeConfig(r)
	case KindWebP:
		cfg, err = webp.DecodeConfig(r)
	default:
		return cfg, &Error{Key: "media.not_image"}
	}
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return cfg, &Error{Key: "media.broken_image"}
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return cfg, &Error{Key: "media.too_many_pixels", Args: []any{cfg.Width, cfg.Height}}
	}
	return cfg, nil
}

// decodeBytes estimates the memory decoding an image takes: its pixels
// in the decoder's form, and for a progressive JPEG also the coefficients
// the decoder keeps (4 bytes each) until the last scan.
func decodeBytes(data []byte, kind Kind, cfg image.Config) int64 {
	pixels := float64(cfg.Width) * float64(cfg.Height)
	if kind == KindJPEG {
		if samples, progressive, ok := jpegFrame(data); ok {
			if progressive {
				return int64(pixels * samples * 5)
			}
			return int64(pixels * samples)
		}
		return int64(pixels * 3 * 5) // unknown: the worst
	}
	per := 8.0 // 16-bit colour, and anything unknown
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		per = 1
	case color.Gray16Model, color.Alpha16Model:
		per = 2
	case color.YCbCrModel:
		per = 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		per = 4
	}
	if _, ok := cfg.ColorModel.(color.Palette); ok {
		per = 1
	}
	return int64(pixels * per)
}

// jpegFrame reads a JPEG's frame header: samples per pixel (3 for 4:4:4
// colour, 1.5 for 4:2:0, 1 for grey) and whether it is progressive.
func jpegFrame(b []byte) (samples float64, progressive, ok bool) {
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return 0, false, false
		}
		m := b[i+1]
		switch {
		case m == 0xFF:
			i++
			continue
		case m == 0xDA || m == 0xD9:
			return 0, false, false
		case m == 0x01 || (m >= 0xD0 && m <= 0xD8):
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 0, false, false
		}
		seg := b[i+4 : i+2+n]
		// SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
		if m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			if len(seg) < 6 || len(seg) < 6+3*int(seg[5]) || seg[5] == 0 {
				return 0, false, false
			}
			comps := seg[6 : 6+3*int(seg[5])]
			hmax, vmax := 1, 1
			for c := 0; c < len(comps); c += 3 {
				if comps[c+1]>>4 == 0 || comps[c+1]&15 == 0 {
					return 0, false, false // no decoder takes a sampling factor of 0
				}
				hmax, vmax = max(hmax, int(comps[c+1]>>4)), max(vmax, int(comps[c+1]&15))
			}
			for c := 0; c < len(comps); c += 3 {
				samples += float64(int(comps[c+1]>>4)*int(comps[c+1]&15)) / float64(hmax*vmax)
			}
			progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE
			return samples, progressive, true
		}
		i += 2 + n
	}
	return 0, false, false
}

// write stores bytes under their hash, atomically, and returns their
// relative path and hex SHA-256. A file already there holds the same bytes.
func (s *Store) write(data []byte, ext string) (rel, sum string, err error) {
	h := sha256.Sum256(data)
	sum = hex.EncodeToString(h[:])
	rel = sum[:2] + "/" + sum[2:] + ext
	full := filepath.Join(s.Dir, filepath.FromSlash(rel))
	if _, err := os.Stat(full); err == nil {
		return rel, sum, nil
	}
	dir := filepath.Dir(full)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", "", err
	}
	// The temporary file is in the same folder, so the rename is atomic.
	tmp, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync() // the bytes are on disk before the name is
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), full)
	}
	if err != nil {
		return "", "", err
	}
	return rel, sum, nil
}

// validRel accepts only clean, slash-separated paths inside the store;
// backslashes and colons are refused so that a path means the same on
// every system.
func validRel(rel string) bool {
	return fs.ValidPath(rel) && rel != "." && !strings.ContainsAny(rel, `\:`)
}

// Open opens a stored file for serving. Paths that are not clean relative
// paths to a file inside Dir are fs.ErrNotExist; os.Root also keeps
// symbolic links from leading out of Dir.
func (s *Store) Open(rel string) (*os.File, error) {
	if !validRel(rel) {
		return nil, fs.ErrNotExist
	}
	root, err := os.OpenRoot(s.Dir)
	if err != nil {
		return nil, fs.ErrNotExist
	}
	defer root.Close() // files opened through a Root outlive it
	f, err := root.Open(rel)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.IsDir() {
		f.Close()
		return nil, fs.ErrNotExist
	}
	return f, nil
}

// Remove deletes a stored file; a missing one is not an error. Unsafe
// paths and folders are fs.ErrNotExist.
func (s *Store) Remove(rel string) error {
	if !validRel(rel) {
		return fs.ErrNotExist
	}
	root, err := os.OpenRoot(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer root.Close()
	if st, err := root.Lstat(rel); err == nil && st.IsDir() {
		return fs.ErrNotExist
	}
	err = root.Remove(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// ContentType is the MIME type of a stored file, by its extension.
func ContentType(rel string) string {
	switch path.Ext(rel) {
	case ".jpg":
		return string(KindJPEG)
	case ".png":
		return string(KindPNG)
	case ".webp":
		return string(KindWebP)
	case ".pdf":
		return string(KindPDF)
	}
	return "application/octet-stream"
}

// tempPrefix names the files write makes before renaming them into place.
const tempPrefix = ".upload-"

// RemoveUnfinished removes what writes cut short by a crash left behind:
// the temporary files (tempPrefix) in the store's folders. Call it at
// start, before any upload.
func (s *Store) RemoveUnfinished() (int, error) {
	n := 0
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, e := range entries {
			full := filepath.Join(dir, e.Name())
			switch {
			case e.IsDir() && depth == 0: // the two-character folders of write
				if err := walk(full, 1); err != nil {
					return err
				}
			case e.Type().IsRegular() && strings.HasPrefix(e.Name(), tempPrefix):
				if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				n++
			}
		}
		return nil
	}
	return n, walk(s.Dir, 0)
}
