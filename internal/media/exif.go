package media

import (
	"bytes"
	"encoding/binary"
)

// exifOrientation returns the orientation tag (1–8) of a JPEG's Exif
// block, or 1 when there is none. Phones store portrait photos sideways
// and only say so there; image/jpeg ignores it. Only the segments before
// the image data are walked, and every length is checked, because the
// bytes come from anyone.
func exifOrientation(b []byte) int {
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return 1
		}
		m := b[i+1]
		switch {
		case m == 0xFF: // fill byte before a marker
			i++
			continue
		case m == 0xDA || m == 0xD9: // start of scan, end of image: no Exif after
			return 1
		case m == 0x01 || (m >= 0xD0 && m <= 0xD8): // markers without a length
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:])) // counts itself, not the marker
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := bo.Uint32(t[4:])
	if off > uint32(len(t)-2) { // compared unsigned: no overflow on 32-bit
		return 1
	}
	ifd := t[off:]
	n := int(bo.Uint16(ifd))
	ifd = ifd[2:]
	for ; n > 0 && len(ifd) >= 12; n, ifd = n-1, ifd[12:] {
		if bo.Uint16(ifd) != 0x0112 {
			continue
		}
		var v uint32
		switch bo.Uint16(ifd[2:]) { // SHORT as the standard says; LONG from sloppy writers
		case 3:
			v = uint32(bo.Uint16(ifd[8:]))
		case 4:
			v = bo.Uint32(ifd[8:])
		}
		if v >= 1 && v <= 8 {
			return int(v)
		}
		return 1
	}
	return 1
}
