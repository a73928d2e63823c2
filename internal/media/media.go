// Package media stores uploaded product photos and certificate scans. The
// type of an upload is sniffed from its bytes, never taken from its name;
// photos are decoded and re-encoded (which also drops metadata and any
// payload hidden after the image) in two sizes; every file is written to a
// temporary name and renamed, so a failure never leaves half a file. Names
// are the SHA-256 of the stored bytes: the same upload is stored once, and
// a name never changes meaning, so it may be cached for good.
package media

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	xdraw "golang.org/x/image/draw"
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

// Sniff returns the kind of a file from its first bytes, or "".
func Sniff(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return KindJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return KindWebP
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("%PDF-")) {
		return KindPDF
	}
	return ""
}

// Error is a problem with an upload the user can act on; Key is a message
// key of the app's catalogues.
type Error struct {
	Key  string
	Args []any
}

func (e *Error) Error() string { return fmt.Sprintf("%s %v", e.Key, e.Args) }

// Limits of a Store; zero values take the defaults.
type Limits struct {
	MaxPhotoBytes, MaxDocumentBytes int64
	MaxPixels                       int
	ThumbSize, DisplaySize          int
	JPEGQuality                     int
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
	if l.ThumbSize <= 0 {
		l.ThumbSize = 320
	}
	if l.DisplaySize <= 0 {
		l.DisplaySize = 1200
	}
	if l.JPEGQuality <= 0 {
		l.JPEGQuality = 82
	}
	return l
}

// Store keeps files under Dir in two-level folders named by content hash.
type Store struct {
	Dir    string
	Limits Limits
}

// Photo is a stored photo: paths of its renditions relative to Dir.
type Photo struct {
	Thumb, Display                     string
	ThumbW, ThumbH, DisplayW, DisplayH int
	SourceSHA256                       string
}

// Document is a stored document.
type Document struct {
	Path   string
	Kind   Kind
	Size   int64
	SHA256 string
}

// readLimited reads all of r, refusing more than limit bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		// A request body over the server's own limit ends the same way.
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &Error{Key: "media.too_large", Args: []any{limit >> 20}}
		}
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Error{Key: "media.too_large", Args: []any{limit >> 20}}
	}
	return data, nil
}

func decodeConfig(data []byte, kind Kind) (image.Config, error) {
	switch kind {
	case KindJPEG:
		return jpeg.DecodeConfig(bytes.NewReader(data))
	case KindPNG:
		return png.DecodeConfig(bytes.NewReader(data))
	case KindWebP:
		return webp.DecodeConfig(bytes.NewReader(data))
	}
	return image.Config{}, errors.New("not an image")
}

func decode(data []byte, kind Kind) (image.Image, error) {
	switch kind {
	case KindJPEG:
		return jpeg.Decode(bytes.NewReader(data))
	case KindPNG:
		return png.Decode(bytes.NewReader(data))
	case KindWebP:
		return webp.Decode(bytes.NewReader(data))
	}
	return nil, errors.New("not an image")
}

// checkImage sniffs an image and checks its declared size before anything
// is decoded: a small file may declare a huge picture (a decompression bomb).
func (s *Store) checkImage(data []byte) (Kind, error) {
	l := s.Limits.withDefaults()
	kind := Sniff(data[:min(len(data), 512)])
	if kind == "" || kind == KindPDF {
		return "", &Error{Key: "media.not_image"}
	}
	cfg, err := decodeConfig(data, kind)
	if err != nil {
		return "", &Error{Key: "media.broken_image"}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > int64(l.MaxPixels) {
		return "", &Error{Key: "media.too_many_pixels", Args: []any{cfg.Width, cfg.Height}}
	}
	return kind, nil
}

// SavePhoto checks, decodes, turns upright, resizes and stores a photo.
func (s *Store) SavePhoto(r io.Reader) (Photo, error) {
	l := s.Limits.withDefaults()
	data, err := readLimited(r, l.MaxPhotoBytes)
	if err != nil {
		return Photo{}, err
	}
	if len(data) == 0 {
		return Photo{}, &Error{Key: "media.not_image"}
	}
	kind, err := s.checkImage(data)
	if err != nil {
		return Photo{}, err
	}
	img, err := decode(data, kind)
	if err != nil {
		return Photo{}, &Error{Key: "media.broken_image"}
	}
	if kind == KindJPEG {
		img = orient(img, exifOrientation(data))
	}
	src := sha256.Sum256(data)
	ph := Photo{SourceSHA256: hex.EncodeToString(src[:])}
	for _, r := range []struct {
		size int
		path *string
		w, h *int
	}{{l.DisplaySize, &ph.Display, &ph.DisplayW, &ph.DisplayH}, {l.ThumbSize, &ph.Thumb, &ph.ThumbW, &ph.ThumbH}} {
		out := resize(img, r.size)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: l.JPEGQuality}); err != nil {
			return Photo{}, err
		}
		p, err := s.write(buf.Bytes(), ".jpg")
		if err != nil {
			return Photo{}, err
		}
		*r.path, *r.w, *r.h = p, out.Bounds().Dx(), out.Bounds().Dy()
	}
	return ph, nil
}

// resize fits an image within size×size, never enlarging it, on white (JPEG
// has no transparency).
func resize(img image.Image, size int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > size || h > size {
		if w >= h {
			w, h = size, max(1, h*size/w)
		} else {
			w, h = max(1, w*size/h), size
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), &image.Uniform{color.White}, image.Point{}, draw.Src)
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
		return dst
	}
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	return dst
}

// SaveDocument checks and stores a scan as it was uploaded.
func (s *Store) SaveDocument(r io.Reader) (Document, error) {
	l := s.Limits.withDefaults()
	data, err := readLimited(r, l.MaxDocumentBytes)
	if err != nil {
		return Document{}, err
	}
	kind := Sniff(data[:min(len(data), 1024)])
	ext := map[Kind]string{KindPDF: ".pdf", KindJPEG: ".jpg", KindPNG: ".png", KindWebP: ".webp"}[kind]
	if ext == "" {
		return Document{}, &Error{Key: "media.not_document"}
	}
	if kind != KindPDF {
		if _, err := s.checkImage(data); err != nil {
			return Document{}, err
		}
	}
	p, err := s.write(data, ext)
	if err != nil {
		return Document{}, err
	}
	sum := sha256.Sum256(data)
	return Document{Path: p, Kind: kind, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}, nil
}

// write stores bytes under their hash, atomically; an existing file with
// the same name already holds the same bytes.
func (s *Store) write(data []byte, ext string) (string, error) {
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	rel := name[:2] + "/" + name[2:] + ext
	full := filepath.Join(s.Dir, filepath.FromSlash(rel))
	if _, err := os.Stat(full); err == nil {
		return rel, nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".upload-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), full); err != nil {
		return "", err
	}
	return rel, nil
}

// safe accepts only clean relative paths made by write.
func safe(rel string) bool {
	return rel != "" && !strings.ContainsAny(rel, `\:`) && !strings.HasPrefix(rel, "/") &&
		path.Clean(rel) == rel && !strings.HasPrefix(rel, "..") && !strings.Contains(rel, "/../")
}

// Open opens a stored file for serving.
func (s *Store) Open(rel string) (*os.File, error) {
	if !safe(rel) {
		return nil, fs.ErrNotExist
	}
	root, err := os.OpenRoot(s.Dir)
	if err != nil {
		return nil, fs.ErrNotExist
	}
	defer root.Close()
	return root.Open(rel)
}

// Remove deletes a stored file; a missing one is not an error.
func (s *Store) Remove(rel string) error {
	if !safe(rel) {
		return fs.ErrNotExist
	}
	err := os.Remove(filepath.Join(s.Dir, filepath.FromSlash(rel)))
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

// exifOrientation reads the orientation tag (1–8) of a JPEG's Exif block;
// phones store pictures sideways and say so there. 1 when absent.
func exifOrientation(data []byte) int {
	br := bufio.NewReader(bytes.NewReader(data))
	var marker [2]byte
	if _, err := io.ReadFull(br, marker[:]); err != nil || marker != [2]byte{0xFF, 0xD8} {
		return 1
	}
	for {
		if _, err := io.ReadFull(br, marker[:]); err != nil || marker[0] != 0xFF {
			return 1
		}
		if marker[1] == 0xDA || marker[1] == 0xD9 { // start of scan: no Exif before it
			return 1
		}
		var lenBuf [2]byte
		if _, err := io.ReadFull(br, lenBuf[:]); err != nil {
			return 1
		}
		n := int(binary.BigEndian.Uint16(lenBuf[:])) - 2
		if n < 0 {
			return 1
		}
		seg := make([]byte, n)
		if _, err := io.ReadFull(br, seg); err != nil {
			return 1
		}
		if marker[1] == 0xE1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return orientationFromTIFF(seg[6:])
		}
	}
}

func orientationFromTIFF(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:8]))
	if ifd+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[ifd : ifd+2]))
	for i := 0; i < count; i++ {
		e := ifd + 2 + i*12
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:e+2]) == 0x0112 {
			v := int(bo.Uint16(t[e+8 : e+10]))
			if v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// orient turns an image upright for an Exif orientation.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	swap := o >= 5
	dw, dh := w, h
	if swap {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch o {
			case 2:
				nx, ny = w-1-x, y
			case 3:
				nx, ny = w-1-x, h-1-y
			case 4:
				nx, ny = x, h-1-y
			case 5:
				nx, ny = y, x
			case 6:
				nx, ny = h-1-y, x
			case 7:
				nx, ny = h-1-y, w-1-x
			case 8:
				nx, ny = y, w-1-x
			}
			dst.Set(nx, ny, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}
