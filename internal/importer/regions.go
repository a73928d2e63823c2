package importer

import (
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// index is the region index names are looked up in: the one given with
// the store's aliases, else the built-in one.
func (r *Reader) index() *refdata.RegionIndex {
	if r.opt.Regions != nil {
		return r.opt.Regions
	}
	return r.ix
}

// regionKey is a region look-up: a name at a level under a parent.
type regionKey struct {
	name   string
	level  int
	parent string
}

// maxResolved and maxResolvedName bound what a reader remembers (a
// hostile file's every cell a new long name stays under 1 MB): a
// province's file names a few hundred regencies, districts and villages,
// each on thousands of rows, and no region's name is longer than 64 bytes.
const (
	maxResolved     = 8192
	maxResolvedName = 64
)

// resolveRegion is the region index's Resolve, remembered for the file:
// the same names come back on row after row, and looking them up again was
// a sixth of an import's CPU (issue 16 item 1). The index never changes
// during a read, and callers never change a Resolution's candidates.
func (r *Reader) resolveRegion(name string, level int, parent string) refdata.Resolution {
	k := regionKey{name, level, parent}
	if res, ok := r.lookups[k]; ok {
		return res
	}
	res := r.index().Resolve(name, level, parent)
	if r.lookups == nil {
		r.lookups = map[regionKey]refdata.Resolution{}
	}
	if len(r.lookups) < maxResolved && len(name) <= maxResolvedName {
		r.lookups[k] = res
	}
	return res
}

// rememberedLevels answers validation's region questions (five a row: the
// four codes and the NIK's district) from what the file already asked, as
// resolveRegion does for names: each is a binary search over 91,599
// regions, a sixth of reading a file. Bounded like the look-ups.
type rememberedLevels struct {
	siapekspor.Reference
	levels map[string]int8 // 0: no such region
}

func (m *rememberedLevels) RegionLevel(code string) (int, bool) {
	if l, ok := m.levels[code]; ok {
		return int(l), l > 0
	}
	l, ok := m.Reference.RegionLevel(code)
	if m.levels == nil {
		m.levels = map[string]int8{}
	}
	if len(m.levels) < maxResolved && len(code) <= maxResolvedName {
		if !ok {
			l = 0
		}
		m.levels[code] = int8(l)
	}
	return l, ok
}

// regionLabel names a region with its code for messages: "Natar (18.01.04)".
func regionLabel(reg refdata.Region) string { return reg.Name + " (" + reg.Code + ")" }

func candidateList(list []refdata.Region, ix *refdata.RegionIndex) string {
	var names []string
	for _, c := range list {
		n := regionLabel(c)
		if c.Level >= 3 {
			// A district or village is told apart by where it lies.
			if p, ok := ix.ByCode(c.Parent); ok {
				n += ", " + p.Name
				if c.Level == 4 {
					if pp, ok := ix.ByCode(p.Parent); ok {
						n += ", " + pp.Name
					}
				}
			}
		}
		names = append(names, n)
	}
	return strings.Join(names, "; ")
}

// within says whether code lies in (or is) parent.
func within(code, parent string) bool {
	return parent == "" || code == parent || strings.HasPrefix(code, parent+".")
}

// place sets the row's regency, district and village from the names and
// the code columns: the names within the province, each level within the
// one above; a name found only outside the row's regency or district is a
// disagreement naming both, never a silent move.
func (r *Reader) place(e *siapekspor.Enterprise, get func(Field) string, problem, guess func(Field, string, ...any), hasProblem func(Field) bool) {
	ix := r.index()
	code, codeField := r.rowCode(get, problem, guess)
	regName, distName, villName := get(FRegency), get(FDistrict), get(FVillage)

	regency := ""
	switch {
	case regName != "":
		regency = r.resolve(FRegency, regName, 2, r.opt.Province, problem, guess)
	case code != "":
		regency = code[:min(len(code), 5)]
	case distName != "" || villName != "":
		// Found by name alone: the district (or village) says the regency,
		// if only one fits in the province.
		f, name, level := FDistrict, distName, 3
		if distName == "" {
			f, name, level = FVillage, villName, 4
		}
		res := r.resolveRegion(name, level, r.opt.Province)
		switch res.Status {
		case refdata.Exact, refdata.Normalised:
			regency = res.Region.Code[:5]
			if reg, ok := ix.ByCode(regency); ok {
				guess(f, "import.guess_regency_from", reg.Name, reg.Code)
			}
		case refdata.Ambiguous:
			problem(f, "import.region_ambiguous", candidateList(res.Candidates, ix))
			return
		}
		if regency == "" && !hasProblem(FRegency) {
			problem(FRegency, "field.required")
		}
	default:
		if !hasProblem(FRegency) {
			problem(FRegency, "field.required")
		}
	}
	if regency == "" {
		return
	}
	e.RegencyCode = regency

	district := ""
	if distName != "" {
		district = r.resolveUnder(FDistrict, distName, 3, regency, problem, guess)
		if district == "" {
			return
		}
	}
	village := ""
	if villName != "" {
		parent := regency
		if district != "" {
			parent = district
		}
		village = r.resolveUnder(FVillage, villName, 4, parent, problem, guess)
		if village != "" && district == "" {
			district = village[:8]
		}
	}
	if code != "" {
		// The code columns fill what the names left out, and must agree
		// with what the names say.
		named := village
		for _, c := range []string{district, regency} {
			if named == "" {
				named = c
			}
		}
		if !within(code, named) && !within(named, code) {
			names := named
			if reg, ok := ix.ByCode(named); ok {
				names = regionLabel(reg)
			}
			codeName := code
			if reg, ok := ix.ByCode(code); ok {
				codeName = regionLabel(reg)
			}
			problem(codeField, "import.code_name_disagree", codeName, names)
			return
		}
		if len(code) > len(named) {
			switch len(code) {
			case 13:
				village, district = code, code[:8]
			case 8:
				district = code
			}
		}
	}
	e.DistrictCode, e.VillageCode = district, village
}

// resolveUnder resolves a district or village name inside parent; a name
// not there but found elsewhere in the province (or the country) is
// reported as a disagreement naming both places.
func (r *Reader) resolveUnder(f Field, name string, level int, parent string, problem, guess func(Field, string, ...any)) string {
	ix := r.index()
	res := r.resolveRegion(name, level, parent)
	if res.Status != refdata.NotFound {
		return r.resolved(f, name, res, problem, guess)
	}
	// Elsewhere: the regency's other districts for a village, the province
	// for a district.
	wider := r.opt.Province
	if level == 4 && len(parent) == 8 {
		wider = parent[:5]
	}
	if other := r.resolveRegion(name, level, wider); other.Status == refdata.Exact || other.Status == refdata.Normalised {
		p, _ := ix.ByCode(parent)
		at, _ := ix.ByCode(other.Region.Parent)
		problem(f, "import.region_elsewhere", regionLabel(other.Region), at.Name, regionLabel(p))
		return ""
	}
	return r.resolved(f, name, res, problem, guess)
}

// rowCode reads the code columns of a row into a Kemendagri code ("" when
// there are none), reporting codes that cannot be read; the field is the
// column a disagreement is reported against.
func (r *Reader) rowCode(get func(Field) string, problem, guess func(Field, string, ...any)) (string, Field) {
	ix := r.index()
	var rc RegionCode
	var f Field
	switch {
	case get(FRegionCode) != "":
		f = FRegionCode
		var ok bool
		if rc, ok = ParseRegionCode(get(FRegionCode)); !ok {
			problem(f, "import.bad_region_code")
			return "", f
		}
	case get(FProvinceCode) != "" || get(FRegencyCode) != "":
		f = FRegencyCode
		if get(FRegencyCode) == "" {
			f = FProvinceCode
		}
		var ok bool
		if rc, ok = CombineRegionCode(get(FProvinceCode), get(FRegencyCode), get(FDistrictCode), get(FVillageCode)); !ok {
			problem(f, "import.bad_region_code")
			return "", f
		}
	default:
		return "", ""
	}
	kem, kemOK := "", false
	if k := rc.Kemendagri(); k != "" {
		reg, ok := ix.ByCode(k)
		kem, kemOK = reg.Code, ok && reg.Code == k
	}
	bps, bpsOK := "", false
	if b := rc.BPSRegency(); b != "" {
		reg, ok := ix.ByBPSCode(b)
		bps, bpsOK = reg.Code, ok && reg.Level == 2
	}
	if r.opt.Province != "" {
		kemOK = kemOK && within(kem, r.opt.Province)
		bpsOK = bpsOK && within(bps, r.opt.Province)
	}
	switch {
	case rc.Scheme == SchemeEither && kemOK && bpsOK && kem != bps:
		// Both numberings name a regency: the names on the row decide.
		if res := r.resolveRegion(get(FRegency), 2, r.opt.Province); res.Status == refdata.Exact || res.Status == refdata.Normalised {
			switch res.Region.Code {
			case kem:
				return kem, f
			case bps:
				guess(f, "import.guess_bps_code", regionLabel(res.Region))
				return bps, f
			}
		}
		a, _ := ix.ByCode(kem)
		b, _ := ix.ByCode(bps)
		problem(f, "import.region_code_scheme", regionLabel(a), regionLabel(b))
		return "", f
	case kemOK:
		return kem, f
	case bpsOK:
		reg, _ := ix.ByCode(bps)
		guess(f, "import.guess_bps_code", regionLabel(reg))
		// BPS district and village numbers have no Kemendagri mapping
		// here: those levels come from the names.
		return bps, f
	}
	problem(f, "import.region_code_unknown")
	return "", f
}
