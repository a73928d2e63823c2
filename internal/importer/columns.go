package importer

import (
	"strconv"
	"strings"
)

// Region codes as files carry them. Kemendagri numbers regions
// 18.01.01.2001 (2, 2, 2 and 4 digits, dotted when written whole); BPS
// numbers them 18 | 01 | 010 | 001 (2, 2, 3 and 3 digits), and its
// regency numbers differ from Kemendagri's (BPS 1803 is Kemendagri 18.01).

// Scheme is the numbering a region code follows.
type Scheme string

const (
	SchemeKemendagri Scheme = "kemendagri"
	SchemeBPS        Scheme = "bps"
	SchemeEither     Scheme = "either" // only province and regency: the digits fit both
)

// RegionCode is a region code read from one column or combined from
// several.
type RegionCode struct {
	Scheme Scheme
	// Parts: province, regency, district, village digits ("18", "01",
	// "010", "001"), as far as the file gives them.
	Parts []string
}

// Kemendagri is the dotted Kemendagri code the parts make, if the scheme
// allows it.
func (c RegionCode) Kemendagri() string {
	if c.Scheme == SchemeBPS {
		return ""
	}
	return strings.Join(c.Parts, ".")
}

// BPSRegency is the four-digit BPS regency code, if the scheme allows it.
func (c RegionCode) BPSRegency() string {
	if c.Scheme == SchemeKemendagri || len(c.Parts) < 2 {
		return ""
	}
	return c.Parts[0] + c.Parts[1]
}

// maxCodeLen bounds a code cell.
const maxCodeLen = 24

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseRegionCode reads a whole code from one cell: "18.01.01.2001"
// (Kemendagri, dotted), "1801012001" or "1801010001" (undotted: 10 digits
// fit both numberings, told apart by the village part: Kemendagri's starts
// with 1 or 2 and has four digits), "1801010" (BPS district, 7 digits).
func ParseRegionCode(v string) (RegionCode, bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > maxCodeLen {
		return RegionCode{}, false
	}
	if strings.Contains(v, ".") {
		parts := strings.Split(v, ".")
		want := []int{2, 2, 2, 4}
		if len(parts) > 4 {
			return RegionCode{}, false
		}
		for i, p := range parts {
			if !allDigits(p) || len(p) != want[i] {
				return RegionCode{}, false
			}
		}
		return RegionCode{Scheme: SchemeKemendagri, Parts: parts}, true
	}
	if !allDigits(v) {
		return RegionCode{}, false
	}
	switch len(v) {
	case 2:
		return RegionCode{Scheme: SchemeEither, Parts: []string{v}}, true
	case 4:
		return RegionCode{Scheme: SchemeEither, Parts: []string{v[:2], v[2:]}}, true
	case 6:
		return RegionCode{Scheme: SchemeKemendagri, Parts: []string{v[:2], v[2:4], v[4:]}}, true
	case 7:
		return RegionCode{Scheme: SchemeBPS, Parts: []string{v[:2], v[2:4], v[4:]}}, true
	case 10:
		// Kemendagri villages are 1xxx (kelurahan) or 2xxx (desa); BPS's
		// three-digit district part ends the code's seventh digit.
		if v[6] == '1' || v[6] == '2' {
			return RegionCode{Scheme: SchemeKemendagri, Parts: []string{v[:2], v[2:4], v[4:6], v[6:]}}, true
		}
		return RegionCode{Scheme: SchemeBPS, Parts: []string{v[:2], v[2:4], v[4:7], v[7:]}}, true
	}
	return RegionCode{}, false
}

// CombineRegionCode joins codes split over columns (Kode Prov, Kode Kab,
// Kode Kec, Kode Desa). A column may hold its own digits ("010") or the
// whole code down to it ("1801010"). ok is false when a part is not digits
// or does not fit under the one before it.
func CombineRegionCode(prov, kab, kec, desa string) (RegionCode, bool) {
	in := []string{strings.TrimSpace(prov), strings.TrimSpace(kab), strings.TrimSpace(kec), strings.TrimSpace(desa)}
	c := RegionCode{Scheme: SchemeEither}
	whole := ""
	for i, p := range in {
		if p == "" {
			break
		}
		p = strings.ReplaceAll(p, ".", "")
		if len(p) > maxCodeLen || !allDigits(p) {
			return RegionCode{}, false
		}
		// The whole code down to this part: keep only the new digits.
		if len(whole) > 0 && len(p) > len(whole) && strings.HasPrefix(p, whole) {
			p = p[len(whole):]
		}
		// A part typed as a number lost its leading zeros: the village
		// part's length tells the numbering (four digits Kemendagri, three
		// BPS), and so the district part's.
		switch village := len(strings.ReplaceAll(in[3], ".", "")); {
		case i == 2 && village == 4 && len(p) < 2:
			p = strings.Repeat("0", 2-len(p)) + p
		case i == 2 && village == 3 && len(p) < 3:
			p = strings.Repeat("0", 3-len(p)) + p
		case i == 3 && len(c.Parts) == 3 && len(c.Parts[2]) == 3 && len(p) < 3:
			p = strings.Repeat("0", 3-len(p)) + p
		}
		switch {
		case i < 2:
			if len(p) == 1 {
				p = "0" + p // Excel dropped the leading 0
			}
			if len(p) != 2 {
				return RegionCode{}, false
			}
		case len(p) == 3 && i == 2, len(p) == 3 && i == 3:
			if c.Scheme == SchemeKemendagri {
				return RegionCode{}, false
			}
			c.Scheme = SchemeBPS
		case len(p) == 2 && i == 2, len(p) == 4 && i == 3:
			if c.Scheme == SchemeBPS {
				return RegionCode{}, false
			}
			c.Scheme = SchemeKemendagri
		default:
			return RegionCode{}, false
		}
		c.Parts = append(c.Parts, p)
		whole += p
	}
	return c, len(c.Parts) > 0
}

// maxCoordText bounds a coordinate cell.
const maxCoordText = 64

// parseDegrees reads one decimal degree, with a comma or a point as the
// decimal mark.
func parseDegrees(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "°")
	if s == "" || len(s) > 24 {
		return 0, false
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f {
		return 0, false
	}
	return f, true
}

// ParseCoordinates reads one "koordinat" cell: "-5.4, 105.2",
// "-5,4; 105,2", "-5.4 105.2". The order is as written (latitude first);
// Swapped tells whether it should be turned round, so either number may be
// up to 180 degrees.
func ParseCoordinates(v string) (lat, lng float64, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > maxCoordText {
		return 0, 0, false
	}
	var a, b string
	switch {
	case strings.Contains(v, ";"):
		a, b, _ = strings.Cut(v, ";")
	case strings.Count(v, ",") == 1:
		a, b, _ = strings.Cut(v, ",")
	case strings.Count(v, ",") == 3:
		// "-5,4, 105,2": decimal commas, the pair split by ", ".
		a, b, ok = strings.Cut(v, ", ")
		if !ok {
			return 0, 0, false
		}
	default:
		f := strings.Fields(v)
		if len(f) != 2 {
			return 0, 0, false
		}
		a, b = f[0], f[1]
	}
	lat, ok1 := parseDegrees(a)
	lng, ok2 := parseDegrees(b)
	if !ok1 || !ok2 || lat < -180 || lat > 180 || lng < -180 || lng > 180 {
		return 0, 0, false
	}
	return lat, lng, true
}

// Indonesia's extent, to tell latitude from longitude.
func inIndonesia(lat, lng float64) bool {
	return lat >= -11.5 && lat <= 6.5 && lng >= 94.5 && lng <= 141.5
}

// Swapped says a pair was written longitude first: as given it lies
// outside Indonesia, turned round inside.
func Swapped(lat, lng float64) bool {
	return !inIndonesia(lat, lng) && inIndonesia(lng, lat)
}

// hasCodeColumn says the mapping has a column that places a row without a
// regency name.
func hasCodeColumn(m Mapping) bool {
	for _, f := range []Field{FRegionCode, FRegencyCode} {
		if _, ok := m[f]; ok {
			return true
		}
	}
	return false
}
