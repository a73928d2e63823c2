package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Photo is a stored photo: paths (relative to Dir, slash-separated) and
// pixel sizes of its two JPEG renditions, and the SHA-256 of the upload.
type Photo struct {
	Thumb, Display                     string
	ThumbW, ThumbH, DisplayW, DisplayH int
	SourceSHA256                       string
}

// SavePhoto checks, decodes, turns upright, resizes and stores a photo as
// a display rendition and a thumbnail, both JPEG.
func (s *Store) SavePhoto(r io.Reader) (Photo, error) {
	l := s.Limits.withDefaults()
	data, err := readLimited(r, l.MaxPhotoBytes)
	if err != nil {
		return Photo{}, err
	}
	kind := Sniff(head(data))
	if !kind.isImage() {
		return Photo{}, &Error{Key: "media.not_image"}
	}
	cfg, err := checkPixels(data, kind, l.MaxPixels)
	if err != nil {
		return Photo{}, err
	}
	if decodeBytes(data, kind, cfg) > l.MaxDecodeBytes {
		return Photo{}, &Error{Key: "media.too_many_pixels", Args: []any{cfg.Width, cfg.Height}}
	}
	img, err := decode(data, kind)
	if err != nil {
		return Photo{}, &Error{Key: "media.broken_image"}
	}
	orientation := 1
	if kind == KindJPEG {
		orientation = exifOrientation(data)
	}

	// Resize first and turn upright after: turning a 1200-pixel rendition
	// is far cheaper than turning a 12-megapixel original, and fitting
	// into a square box does not depend on which way the picture faces.
	b := img.Bounds()
	dw, dh := fit(b.Dx(), b.Dy(), l.DisplaySize)
	display := orient(onWhite(img, dw, dh), orientation)
	// The thumbnail is made from the display rendition (cheaper again),
	// but its size from the original's, so rounding does not add up.
	ow, oh := b.Dx(), b.Dy()
	if orientation >= 5 {
		ow, oh = oh, ow
	}
	tw, th := fit(ow, oh, min(l.ThumbSize, l.DisplaySize))
	thumb := onWhite(display, tw, th)

	// Both are encoded before either is written, so an encoding failure
	// stores nothing. A failed second write leaves the first file: it may
	// already serve another photo with the same content, so it stays.
	var dbuf, tbuf bytes.Buffer
	opts := &jpeg.Options{Quality: l.JPEGQuality}
	if err := jpeg.Encode(&dbuf, display, opts); err != nil {
		return Photo{}, err
	}
	if err := jpeg.Encode(&tbuf, thumb, opts); err != nil {
		return Photo{}, err
	}
	src := sha256.Sum256(data)
	ph := Photo{
		DisplayW: display.Rect.Dx(), DisplayH: display.Rect.Dy(),
		ThumbW: tw, ThumbH: th,
		SourceSHA256: hex.EncodeToString(src[:]),
	}
	if ph.Display, _, err = s.write(dbuf.Bytes(), ".jpg"); err != nil {
		return Photo{}, err
	}
	if ph.Thumb, _, err = s.write(tbuf.Bytes(), ".jpg"); err != nil {
		return Photo{}, err
	}
	return ph, nil
}

func decode(data []byte, kind Kind) (image.Image, error) {
	r := bytes.NewReader(data)
	switch kind {
	case KindJPEG:
		return jpeg.Decode(r)
	case KindPNG:
		return png.Decode(r)
	default:
		return webp.Decode(r)
	}
}

// fit scales w×h down to fit a size×size box, keeping the aspect ratio;
// it never enlarges (a blown-up photo only looks worse and weighs more).
func fit(w, h, size int) (int, int) {
	switch {
	case w <= size && h <= size:
		return w, h
	case w >= h:
		return size, max(1, (h*size+w/2)/w)
	default:
		return max(1, (w*size+h/2)/h), size
	}
}

// onWhite draws img scaled to w×h over white: JPEG has no transparency,
// and transparent pixels would otherwise turn black.
func onWhite(img image.Image, w, h int) *image.RGBA {
	// The Catmull-Rom scaler holds w × (source height) pixels of 32 bytes
	// between its passes (243 MB for 40 megapixels): a source of more than
	// twice the size is first averaged down by a whole factor.
	if b := img.Bounds(); b.Dx() >= 2*w && b.Dy() >= 2*h {
		img = shrink(img, min(b.Dx()/w, b.Dy()/h))
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	b := img.Bounds()
	if b.Dx() == w && b.Dy() == h {
		draw.Draw(dst, dst.Rect, img, b.Min, draw.Over)
	} else {
		draw.CatmullRom.Scale(dst, dst.Rect, img, b, draw.Over, nil)
	}
	return dst
}

// orient turns an image upright for an Exif orientation (2–8; others
// leave it as it is).
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 { // 5–8 swap rows and columns
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch o {
			case 2: // flip left-right
				nx, ny = w-1-x, y
			case 3: // half turn
				nx, ny = w-1-x, h-1-y
			case 4: // flip top-bottom
				nx, ny = x, h-1-y
			case 5: // transpose
				nx, ny = y, x
			case 6: // quarter turn clockwise: a phone held upright
				nx, ny = h-1-y, x
			case 7: // transverse
				nx, ny = h-1-y, w-1-x
			case 8: // quarter turn anticlockwise
				nx, ny = y, w-1-x
			}
			si := src.PixOffset(src.Rect.Min.X+x, src.Rect.Min.Y+y)
			copy(dst.Pix[dst.PixOffset(nx, ny):][:4], src.Pix[si:si+4])
		}
	}
	return dst
}

// shrink averages each k×k block of img into one pixel (blocks cut by the
// right and bottom edges average what they hold). Rows are converted a
// band at a time, so it takes the result and one band of memory.
func shrink(img image.Image, k int) *image.RGBA {
	b := img.Bounds()
	w, h := (b.Dx()+k-1)/k, (b.Dy()+k-1)/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	band := image.NewRGBA(image.Rect(0, 0, b.Dx(), k))
	sums := make([]uint64, 4*w)
	for y := 0; y < h; y++ {
		rows := min(k, b.Dy()-y*k)
		draw.Draw(band, image.Rect(0, 0, b.Dx(), rows), img, image.Pt(b.Min.X, b.Min.Y+y*k), draw.Src)
		clear(sums)
		for r := 0; r < rows; r++ {
			row := band.Pix[r*band.Stride : r*band.Stride+4*b.Dx()]
			for x := 0; x < b.Dx(); x++ {
				o := 4 * (x / k)
				p := row[4*x : 4*x+4]
				sums[o] += uint64(p[0])
				sums[o+1] += uint64(p[1])
				sums[o+2] += uint64(p[2])
				sums[o+3] += uint64(p[3])
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for x := 0; x < w; x++ {
			n := uint64(rows * min(k, b.Dx()-x*k))
			for c := 0; c < 4; c++ {
				out[4*x+c] = uint8((sums[4*x+c] + n/2) / n)
			}
		}
	}
	return dst
}
