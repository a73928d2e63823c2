package refdata

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Boundaries an admin loads (issue 18 item 3): a GeoJSON FeatureCollection
// of one province's regencies and cities, or of one regency's districts,
// checked whole before anything is stored. Every problem names the feature
// (its index from 0, as in the file) and the property; a file with any
// problem stores nothing.

// Limits on a boundaries file: its size, its vertices, and how many
// problems are reported (the first ones; the file is refused anyway).
const (
	MaxBoundaryBytes    = 20 << 20
	MaxBoundaryVertices = 3_000_000
	MaxUploadProblems   = 50
)

// CodeProperties are the feature properties read for a region's code, in
// this order: Kemendagri codes, dotted or not ("18.01", "1801",
// "18.01.04", "180104"; kode, code, kode_wilayah, and the KDPKAB/KDCPUM
// columns of BIG's maps), then BPS codes of regencies (kode_bps, and the
// OCHA/HDX pcodes ADM2_PCODE, "ID1801"). BPS district codes are not known
// to the binary: a regency's districts take Kemendagri codes.
var CodeProperties = []string{"kode", "code", "kode_wilayah", "KDCPUM", "KDPKAB", "kode_bps", "ADM2_PCODE"}

// UploadProblem is one reason a boundaries file is refused: Feature is the
// feature's index (-1 for the file itself), Property what is wrong in it
// ("type", "properties.kode", "geometry", "geometry.coordinates"), Key and
// Args the message (boundary.* in the catalogues).
type UploadProblem struct {
	Feature  int
	Property string
	Key      string
	Args     []any
}

// LoadedBoundary is one region's checked boundary, rounded like the
// binary's own (GeoPrecision decimals).
type LoadedBoundary struct {
	Region   Region
	Vertices int
	polygons [][]ring
}

// Upload is a checked boundaries file: the regions of one parent.
type Upload struct {
	Parent     Region
	Boundaries []LoadedBoundary
}

type uploadFeature struct {
	Type       string                     `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// ParseBoundaries reads and checks a boundaries file: at most
// MaxBoundaryBytes of JSON, a FeatureCollection whose features each carry
// a known region code (CodeProperties) of a regency or district, all of
// one parent inside within (a province code; "" anywhere), each once, with
// a Polygon or MultiPolygon geometry of positions inside the globe and
// Indonesia's bounds.
func ParseBoundaries(r io.Reader, ix *RegionIndex, within string) (*Upload, []UploadProblem) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBoundaryBytes+1))
	if err != nil {
		return nil, []UploadProblem{{-1, "", "boundary.unreadable", []any{err.Error()}}}
	}
	if len(data) > MaxBoundaryBytes {
		return nil, []UploadProblem{{-1, "", "boundary.too_large", []any{MaxBoundaryBytes >> 20}}}
	}
	var top struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		if _, ok := err.(*json.UnmarshalTypeError); ok {
			return nil, []UploadProblem{{-1, "type", "boundary.not_collection", []any{""}}}
		}
		return nil, []UploadProblem{{-1, "", "boundary.not_json", []any{jsonErrorText(err)}}}
	}
	if top.Type != "FeatureCollection" {
		return nil, []UploadProblem{{-1, "type", "boundary.not_collection", []any{top.Type}}}
	}
	if len(top.Features) == 0 {
		return nil, []UploadProblem{{-1, "features", "boundary.empty", nil}}
	}
	var probs []UploadProblem
	add := func(i int, prop, key string, args ...any) {
		probs = append(probs, UploadProblem{i, prop, key, args})
	}
	up := &Upload{}
	seen := map[string]int{}
	vertices := 0
	for i, raw := range top.Features {
		if len(probs) >= MaxUploadProblems {
			break
		}
		var f uploadFeature
		if err := json.Unmarshal(raw, &f); err != nil || f.Type != "Feature" {
			add(i, "type", "boundary.not_feature")
			continue
		}
		prop, code, ok := featureCode(f.Properties)
		if !ok {
			add(i, "properties", "boundary.no_code", strings.Join(CodeProperties, ", "))
			continue
		}
		reg, known := lookupCode(ix, prop, code)
		switch {
		case !known:
			add(i, "properties."+prop, "boundary.unknown_code", code)
			continue
		case reg.Level != 2 && reg.Level != 3:
			add(i, "properties."+prop, "boundary.wrong_level", code, reg.Name)
			continue
		case within != "" && !strings.HasPrefix(reg.Code, within+"."):
			add(i, "properties."+prop, "boundary.outside_province", code, reg.Name)
			continue
		}
		if up.Parent.Code == "" {
			up.Parent, _ = ix.ByCode(reg.Parent)
		} else if reg.Parent != up.Parent.Code {
			add(i, "properties."+prop, "boundary.mixed_parents", code, reg.Name, up.Parent.Name)
			continue
		}
		if first, dup := seen[reg.Code]; dup {
			add(i, "properties."+prop, "boundary.duplicate", code, first)
			continue
		}
		seen[reg.Code] = i
		if f.Geometry == nil {
			add(i, "geometry", "boundary.no_geometry")
			continue
		}
		var polygons [][]ring
		switch f.Geometry.Type {
		case "Polygon":
			var p []ring
			if json.Unmarshal(f.Geometry.Coordinates, &p) != nil {
				add(i, "geometry.coordinates", "boundary.bad_coordinates")
				continue
			}
			polygons = [][]ring{p}
		case "MultiPolygon":
			if json.Unmarshal(f.Geometry.Coordinates, &polygons) != nil {
				add(i, "geometry.coordinates", "boundary.bad_coordinates")
				continue
			}
		default:
			add(i, "geometry.type", "boundary.bad_geometry_type", f.Geometry.Type)
			continue
		}
		if k, ok := checkPolygons(polygons); !ok {
			add(i, "geometry.coordinates", k.key, k.args...)
			continue
		}
		rounded := roundedPolygons(polygons)
		if len(rounded) == 0 {
			add(i, "geometry.coordinates", "boundary.too_small")
			continue
		}
		n := 0
		for _, p := range rounded {
			for _, r := range p {
				n += len(r)
			}
		}
		vertices += n
		if vertices > MaxBoundaryVertices {
			add(i, "geometry.coordinates", "boundary.too_many_vertices", MaxBoundaryVertices)
			break
		}
		up.Boundaries = append(up.Boundaries, LoadedBoundary{Region: reg, Vertices: n, polygons: rounded})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	sort.Slice(up.Boundaries, func(i, j int) bool { return up.Boundaries[i].Region.Code < up.Boundaries[j].Region.Code })
	return up, nil
}

type keyArgs struct {
	key  string
	args []any
}

// checkPolygons checks every ring: at least four positions, each a
// longitude and latitude inside Indonesia's bounds (generous: 90–145° E,
// 15° S–10° N).
func checkPolygons(polygons [][]ring) (keyArgs, bool) {
	if len(polygons) == 0 {
		return keyArgs{"boundary.too_small", nil}, false
	}
	for pi, p := range polygons {
		if len(p) == 0 {
			return keyArgs{"boundary.too_small", nil}, false
		}
		for ri, r := range p {
			if len(r) < 4 {
				return keyArgs{"boundary.short_ring", []any{pi, ri, len(r)}}, false
			}
			for _, pt := range r {
				lng, lat := pt[0], pt[1]
				if math.IsNaN(lng) || math.IsNaN(lat) || lng < 90 || lng > 145 || lat < -15 || lat > 10 {
					return keyArgs{"boundary.out_of_range", []any{strconv.FormatFloat(lng, 'f', -1, 64), strconv.FormatFloat(lat, 'f', -1, 64)}}, false
				}
			}
		}
	}
	return keyArgs{}, true
}

// featureCode finds the first code property that holds a string or number.
func featureCode(props map[string]json.RawMessage) (prop, code string, ok bool) {
	for _, name := range CodeProperties {
		raw, found := props[name]
		if !found {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) != "" {
			return name, strings.TrimSpace(s), true
		}
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return name, n.String(), true
		}
	}
	return "", "", false
}

// lookupCode reads a code in its property's system (see CodeProperties).
func lookupCode(ix *RegionIndex, prop, code string) (Region, bool) {
	if len(code) > 20 {
		return Region{}, false
	}
	switch prop {
	case "kode_bps", "ADM2_PCODE":
		return ix.ByBPSCode(strings.TrimPrefix(strings.ToUpper(code), "ID"))
	}
	return ix.ByCode(code)
}

func jsonErrorText(err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return se.Error() + " (byte " + strconv.FormatInt(se.Offset, 10) + ")"
	}
	return err.Error()
}

// GeometryJSON writes the boundary as a GeoJSON MultiPolygon geometry.
func (l LoadedBoundary) GeometryJSON() []byte {
	var buf bytes.Buffer
	writeMultiPolygon(&buf, l.polygons)
	return buf.Bytes()
}

// jsonWriter is what writeMultiPolygon writes to (a bufio.Writer, a
// bytes.Buffer).
type jsonWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

func writeMultiPolygon(w jsonWriter, polygons [][]ring) {
	w.WriteString(`{"type":"MultiPolygon","coordinates":[`)
	b := make([]byte, 0, 64)
	for pi, p := range polygons {
		if pi > 0 {
			w.WriteByte(',')
		}
		w.WriteByte('[')
		for ri, r := range p {
			if ri > 0 {
				w.WriteByte(',')
			}
			w.WriteByte('[')
			for k, pt := range r {
				b = b[:0]
				if k > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				b = strconv.AppendFloat(b, pt[0], 'f', -1, 64)
				b = append(b, ',')
				b = strconv.AppendFloat(b, pt[1], 'f', -1, 64)
				b = append(b, ']')
				w.Write(b)
			}
			w.WriteByte(']')
		}
		w.WriteByte(']')
	}
	w.WriteString(`]}`)
}

// NewBoundaries builds boundaries from stored MultiPolygon geometries
// (GeometryJSON's), by region code; a geometry that does not parse is left
// out.
func NewBoundaries(geoms map[string][]byte) *Boundaries {
	b := &Boundaries{byCode: map[string]int{}}
	codes := make([]string, 0, len(geoms))
	for c := range geoms {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		var g struct {
			Coordinates [][]ring `json:"coordinates"`
		}
		if json.Unmarshal(geoms[c], &g) != nil || len(g.Coordinates) == 0 {
			continue
		}
		b.byCode[c] = len(b.shapes)
		b.shapes = append(b.shapes, newShape(c, g.Coordinates))
	}
	return b
}

func newShape(code string, polygons [][]ring) shape {
	s := shape{code: code, minLat: 90, minLng: 180, maxLat: -90, maxLng: -180, polygons: polygons}
	for _, p := range polygons {
		for _, r := range p {
			s.vertices += len(r)
			for _, pt := range r {
				s.minLng, s.maxLng = min(s.minLng, pt[0]), max(s.maxLng, pt[0])
				s.minLat, s.maxLat = min(s.minLat, pt[1]), max(s.maxLat, pt[1])
			}
		}
	}
	return s
}

// Over returns boundaries holding b's regions and, for the codes b lacks,
// base's: loaded boundaries in place of, and beside, the binary's own.
// Only the codes listed are taken from base.
func (b *Boundaries) Over(base *Boundaries, codes []string) *Boundaries {
	out := &Boundaries{byCode: map[string]int{}}
	for _, c := range codes {
		src := b
		i, ok := b.byCode[c]
		if !ok && base != nil {
			src = base
			i, ok = base.byCode[c]
		}
		if ok {
			out.byCode[c] = len(out.shapes)
			out.shapes = append(out.shapes, src.shapes[i])
		}
	}
	return out
}
