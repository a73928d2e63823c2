package store

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
)

// candidateSnapshot is the province's candidates in memory, kept without a
// pointer per product or enterprise: fixed-size records in arrays, their
// strings as numbers of distinct strings held in one byte array. The
// collector marks each array once instead of every product's strings,
// slices and enterprise (the demo's 156,150 products were 65 MB of
// pointer-rich heap that every collection walked; see docs/scaling.md
// "Memory of serve"). match.Rank reads it through a view (source), which
// fills one match.Product at a time.
type candidateSnapshot struct {
	gen   uint64
	made  time.Time
	build time.Duration

	products  []packedProduct
	ents      []packedEnterprise
	certs     []packedCert // each product's and enterprise's run
	regencies []packedRegency
	// Kept apart, numbered from 1 (0: none), as most enterprises have
	// neither: track records and offices.
	histories [][5]int32
	offices   []int64
	// smalls: the strings of a few values each (units, validation states,
	// readiness classes), numbered in 16 bits.
	smalls []uint32
	// text holds every distinct string once; strs[k] is string k's place
	// in it (string 0 is "").
	text []byte
	strs []textSpan
	// The pick's postings: HS heading (4 digits) → the products' indexes,
	// ascending; stemmed word → the distinct term lists (a product's
	// stemmed words, match.Product.Terms) holding it; a term list's
	// products are termProducts[termStart[t]:termStart[t+1]]. Catalogues
	// repeat descriptions: the demo's 156,150 products have few distinct
	// term lists, and postings per product were 10 MB of its 33.
	heading      map[string][]int32
	words        map[string][]int32
	termStart    []uint32
	termProducts []int32
}

type textSpan struct{ off, n uint32 }

// run is a product's or an enterprise's certificates in certs.
type run struct{ off, n uint32 }

type packedProduct struct {
	id                 int64
	capacity, minOrder float64
	ent                int32  // in ents
	hs, terms          uint32 // in strs
	nameID, nameEN     uint32
	certs              run
	unit, validation   uint16 // in smalls
}

type packedEnterprise struct {
	id        int64
	readiness float64
	// strings: its name and its most precise region code (the village's,
	// else the district's or the regency's: the codes nest, so the others
	// are its prefixes)
	name, code uint32
	history    uint32 // in histories
	office     uint32 // its binaan office's organisation, in offices
	certs      run
	regency    uint16 // in regencies
	level      uint16 // its readiness class, in smalls
}

// packedRegency: an enterprise's regency and the point distances are
// measured from (the regency's centre).
type packedRegency struct {
	code  uint32 // in strs
	point match.Point
}

type packedCert struct {
	typ     uint32 // in strs
	expires int64  // Unix seconds of ExpiresOn; noExpiry when it has none
}

const noExpiry = math.MinInt64

// bytes is what the snapshot holds in memory (its arrays; the few
// thousand headings and words of its maps left out); 0 for none.
func (s *candidateSnapshot) bytes() int64 {
	if s == nil {
		return 0
	}
	n := len(s.products)*int(unsafe.Sizeof(packedProduct{})) + len(s.ents)*int(unsafe.Sizeof(packedEnterprise{})) +
		len(s.certs)*int(unsafe.Sizeof(packedCert{})) + len(s.regencies)*int(unsafe.Sizeof(packedRegency{})) +
		len(s.text) + len(s.strs)*int(unsafe.Sizeof(textSpan{})) + 4*(len(s.termStart)+len(s.termProducts)) +
		len(s.histories)*int(unsafe.Sizeof([5]int32{})) + 8*len(s.offices) + 4*len(s.smalls)
	for _, l := range s.heading {
		n += 4 * len(l)
	}
	for _, l := range s.words {
		n += 4 * len(l)
	}
	return int64(n)
}

// str is string k. It shares text's bytes, which are never written after
// the build, so that a product read costs no copy.
func (s *candidateSnapshot) str(k uint32) string {
	sp := s.strs[k]
	if sp.n == 0 {
		return ""
	}
	return unsafe.String(&s.text[sp.off], int(sp.n))
}

// snapshotBuilder packs candidates as they are read: enterprises first
// (with their certificates and track record), then their products.
type snapshotBuilder struct {
	s         *candidateSnapshot
	strs      map[string]uint32
	ents      map[int64]int32
	regencies map[string]uint16
	offices   map[int64]uint32
	smalls    map[string]uint16
	err       error            // a table outgrew its numbers
	termOf    map[uint32]int32 // a term list's string → its number
	products  [][]int32        // each term list's products
}

func newSnapshotBuilder(products int) *snapshotBuilder {
	s := &candidateSnapshot{strs: []textSpan{{}}, heading: map[string][]int32{}, words: map[string][]int32{},
		products: make([]packedProduct, 0, products), histories: [][5]int32{{}}, offices: []int64{0}}
	return &snapshotBuilder{s: s, strs: map[string]uint32{"": 0}, ents: map[int64]int32{}, regencies: map[string]uint16{},
		offices: map[int64]uint32{0: 0}, smalls: map[string]uint16{}, termOf: map[uint32]int32{}}
}

// str keeps v once and returns its number.
func (b *snapshotBuilder) str(v string) uint32 {
	if k, ok := b.strs[v]; ok {
		return k
	}
	k := uint32(len(b.s.strs))
	b.s.strs = append(b.s.strs, textSpan{uint32(len(b.s.text)), uint32(len(v))})
	b.s.text = append(b.s.text, v...)
	b.strs[v] = k
	return k
}

// small numbers v among the strings of a few values.
func (b *snapshotBuilder) small(v string) uint16 {
	k, ok := b.smalls[v]
	if !ok {
		if len(b.s.smalls) > math.MaxUint16 {
			b.err = fmt.Errorf("candidate snapshot: more than %d units, states and classes", math.MaxUint16)
		}
		k = uint16(len(b.s.smalls))
		b.s.smalls = append(b.s.smalls, b.str(v))
		b.smalls[v] = k
	}
	return k
}

func (b *snapshotBuilder) certs(cs []match.Cert) run {
	r := run{off: uint32(len(b.s.certs)), n: uint32(len(cs))}
	for _, c := range cs {
		pc := packedCert{typ: b.str(string(c.Type)), expires: noExpiry}
		if !c.ExpiresOn.IsZero() {
			pc.expires = c.ExpiresOn.Unix()
		}
		b.s.certs = append(b.s.certs, pc)
	}
	return r
}

// enterprise adds e (its Point is its regency's) with the name, most
// precise region code and office a match list and a scope test need.
func (b *snapshotBuilder) enterprise(e *match.Enterprise, name, code string, binaan int64) {
	reg, ok := b.regencies[e.RegencyCode]
	if !ok {
		if len(b.s.regencies) > math.MaxUint16 {
			b.err = fmt.Errorf("candidate snapshot: more than %d regencies", math.MaxUint16)
		}
		reg = uint16(len(b.s.regencies))
		b.s.regencies = append(b.s.regencies, packedRegency{code: b.str(e.RegencyCode), point: e.Point})
		b.regencies[e.RegencyCode] = reg
	}
	office, ok := b.offices[binaan]
	if !ok {
		office = uint32(len(b.s.offices))
		b.s.offices = append(b.s.offices, binaan)
		b.offices[binaan] = office
	}
	pe := packedEnterprise{id: e.ID, readiness: e.Readiness, name: b.str(name), code: b.str(code), office: office,
		certs: b.certs(e.Certificates), regency: reg, level: b.small(string(e.Level))}
	if h := e.History; h != (match.History{}) {
		pe.history = uint32(len(b.s.histories))
		b.s.histories = append(b.s.histories, [5]int32{int32(h.Accepted), int32(h.Declined), int32(h.Contracts), int32(h.Shipped), int32(h.Lost)})
	}
	b.ents[e.ID] = int32(len(b.s.ents))
	b.s.ents = append(b.s.ents, pe)
}

// product adds p of the enterprise enterpriseID (added before; false when
// it was not) with its names, and posts it under its heading and words.
func (b *snapshotBuilder) product(p *match.Product, enterpriseID int64, nameID, nameEN string) bool {
	ent, ok := b.ents[enterpriseID]
	if !ok {
		return false
	}
	i := int32(len(b.s.products))
	terms := b.str(p.Terms)
	b.s.products = append(b.s.products, packedProduct{id: p.ID, capacity: p.CapacityPerMonth, minOrder: p.MinOrder, ent: ent,
		hs: b.str(p.HSCode), terms: terms, unit: b.small(string(p.Unit)), validation: b.small(string(p.Validation)),
		nameID: b.str(nameID), nameEN: b.str(nameEN), certs: b.certs(p.Certificates)})
	if len(p.HSCode) >= 4 {
		b.s.heading[p.HSCode[:4]] = append(b.s.heading[p.HSCode[:4]], i)
	}
	t, ok := b.termOf[terms]
	if !ok {
		t = int32(len(b.products))
		b.termOf[terms] = t
		b.products = append(b.products, nil)
		for w := range strings.FieldsSeq(p.Terms) {
			b.s.words[w] = append(b.s.words[w], t)
		}
	}
	b.products[t] = append(b.products[t], i)
	return true
}

// done returns the snapshot, its arrays cut to their lengths (grown by
// appending they keep up to a quarter more), or an error when its text
// outgrew the 32-bit offsets.
func (b *snapshotBuilder) done() (*candidateSnapshot, error) {
	s := b.s
	if b.err != nil {
		return nil, b.err
	}
	if len(s.text) > math.MaxUint32 || len(s.certs) > math.MaxUint32 || len(s.products) > math.MaxInt32 {
		return nil, fmt.Errorf("candidate snapshot: %d products, %d bytes of text: too large to hold", len(s.products), len(s.text))
	}
	s.text, s.strs, s.certs = slices.Clone(s.text), slices.Clone(s.strs), slices.Clone(s.certs)
	s.ents, s.products, s.regencies = slices.Clone(s.ents), slices.Clone(s.products), slices.Clone(s.regencies)
	s.histories, s.offices, s.smalls = slices.Clone(s.histories), slices.Clone(s.offices), slices.Clone(s.smalls)
	s.words, s.heading = compactPostings(s.words), compactPostings(s.heading)
	s.termStart, s.termProducts = make([]uint32, 0, len(b.products)+1), make([]int32, 0, len(s.products))
	for _, l := range b.products {
		s.termStart = append(s.termStart, uint32(len(s.termProducts)))
		s.termProducts = append(s.termProducts, l...)
	}
	s.termStart = append(s.termStart, uint32(len(s.termProducts)))
	b.s, b.products = nil, nil
	return s, nil
}

// compactPostings copies lists grown by appending (up to twice their
// length) into one array of their exact lengths.
func compactPostings(m map[string][]int32) map[string][]int32 {
	n := 0
	for _, l := range m {
		n += len(l)
	}
	all := make([]int32, 0, n)
	for k, l := range m {
		all = append(all, l...)
		m[k] = all[len(all)-len(l) : len(all) : len(all)]
	}
	return m
}

// source is one ranking's view of the snapshot: a match.Source that fills
// its own Product and Enterprise, so that rankings side by side share the
// snapshot and nothing else.
type source struct {
	s      *candidateSnapshot
	p      match.Product
	e      match.Enterprise
	ent    int32 // the enterprise in e; -1 none yet
	pc, ec []match.Cert
}

func (s *candidateSnapshot) source() *source { return &source{s: s, ent: -1} }

func (v *source) Len() int { return len(v.s.products) }

func (v *source) At(i int) *match.Product {
	s := v.s
	pp := &s.products[i]
	if pp.ent != v.ent { // a product's enterprise is often the last one's
		pe := &s.ents[pp.ent]
		reg := &s.regencies[pe.regency]
		h := &s.histories[pe.history]
		v.e = match.Enterprise{ID: pe.id, RegencyCode: s.str(reg.code), Point: reg.point, Level: siapekspor.TrainingLevel(s.str(s.smalls[pe.level])),
			Readiness: pe.readiness, History: match.History{Accepted: int(h[0]), Declined: int(h[1]), Contracts: int(h[2]), Shipped: int(h[3]), Lost: int(h[4])}}
		v.ec, v.e.Certificates = s.certsOf(pe.certs, v.ec)
		v.ent = pp.ent
	}
	v.p = match.Product{ID: pp.id, Enterprise: &v.e, HSCode: s.str(pp.hs), Terms: s.str(pp.terms), Unit: siapekspor.Unit(s.str(s.smalls[pp.unit])),
		CapacityPerMonth: pp.capacity, MinOrder: pp.minOrder, Validation: siapekspor.ValidationStatus(s.str(s.smalls[pp.validation]))}
	v.pc, v.p.Certificates = s.certsOf(pp.certs, v.pc)
	return &v.p
}

// certsOf fills buf with a run's certificates: it returns buf to keep and
// the certificates (nil when none, as a product without any is read).
func (s *candidateSnapshot) certsOf(r run, buf []match.Cert) (keep, certs []match.Cert) {
	if r.n == 0 {
		return buf, nil
	}
	buf = buf[:0]
	for _, c := range s.certs[r.off : r.off+r.n] {
		mc := match.Cert{Type: siapekspor.CertificateType(s.str(c.typ))}
		if c.expires != noExpiry {
			mc.ExpiresOn = time.Unix(c.expires, 0).UTC()
		}
		buf = append(buf, mc)
	}
	return buf, buf
}

// contains says whether scope reaches enterprise pe; e and binaan are the
// caller's, reused so that a filter over thousands of candidates makes no
// Enterprise of its own.
func (s *candidateSnapshot) contains(scope siapekspor.EnterpriseScope, pe *packedEnterprise, e *siapekspor.Enterprise, binaan *int64) bool {
	code := s.str(pe.code)
	var levels [4]string // province, regency, district, village
	n := 0
	for i := 0; i <= len(code) && n < len(levels); i++ {
		if i == len(code) || code[i] == '.' {
			levels[n] = code[:i]
			n++
		}
	}
	e.ID, e.ProvinceCode, e.RegencyCode, e.DistrictCode, e.VillageCode = pe.id, levels[0], levels[1], levels[2], levels[3]
	e.BinaanOrgID = nil
	if pe.office != 0 {
		*binaan = s.offices[pe.office]
		e.BinaanOrgID = binaan
	}
	return scope.Contains(e)
}

// info is what a match list shows of product i.
func (s *candidateSnapshot) info(i int32) CandidateInfo {
	p := &s.products[i]
	e := &s.ents[p.ent]
	regency := s.str(s.regencies[e.regency].code)
	return CandidateInfo{ProductID: p.id, NameID: s.str(p.nameID), NameEN: s.str(p.nameEN), HSCode: s.str(p.hs),
		EnterpriseID: e.id, EnterpriseName: s.str(e.name), RegencyCode: regency, RegencyName: regionNameOf(regency)}
}

// filter applies a request's Filter to the snapshot and the actor's
// candidate scope: the indexes of the products that may fit, ascending.
func (s *candidateSnapshot) filter(f match.Filter, scope siapekspor.EnterpriseScope) []int32 {
	var keep []int32
	if f.HSPrefix != "" {
		for h, list := range s.heading {
			if strings.HasPrefix(h, f.HSPrefix) || strings.HasPrefix(f.HSPrefix, h) {
				keep = append(keep, list...)
			}
		}
		// A prefix longer than the heading (never made by Filter today)
		// is checked on each product.
		if len(f.HSPrefix) > 4 {
			keep = slices.DeleteFunc(keep, func(i int32) bool { return !strings.HasPrefix(s.str(s.products[i].hs), f.HSPrefix) })
		}
	}
	if f.MinWords > 0 {
		// Dense counters, one a product: tens of thousands of postings a
		// word cost a map far more than a cleared array. last[i] is the
		// word that counted product i last, so that a word's other forms
		// count it once.
		count := make([]uint8, len(s.products))
		last := make([]uint8, len(s.products))
		for w, alts := range f.Words.Words {
			mark := uint8(w + 1)
			for _, a := range alts {
				for _, t := range s.words[a] {
					for _, i := range s.termProducts[s.termStart[t]:s.termStart[t+1]] {
						if last[i] != mark {
							last[i] = mark
							if count[i]++; int(count[i]) == f.MinWords {
								keep = append(keep, i)
							}
						}
					}
				}
			}
		}
	}
	slices.Sort(keep)
	keep = slices.Compact(keep)
	if !scope.All {
		var e siapekspor.Enterprise
		var binaan int64
		keep = slices.DeleteFunc(keep, func(i int32) bool {
			return !s.contains(scope, &s.ents[s.products[i].ent], &e, &binaan)
		})
	}
	return keep
}
