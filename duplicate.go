package siapekspor

import "strings"

// The import's duplicate rules: which row is which registered enterprise,
// and what the import then does. The store fetches the candidates and
// applies the decisions (internal/store/imports.go).

// DuplicateIndex finds the enterprise a row of an import duplicates: by its
// identity — the NIB, else the owner's NIK, else the registry id an export
// wrote beside the same name — or, as a possible duplicate only, by its
// normalised name in the same village, else district, else (a row naming
// neither) regency. Ids are a registered record's (positive) or an earlier
// row's line (negative). The store fills it with the records the file's
// keys (DuplicateKeys) can reach; the rules are here, with table tests.
type DuplicateIndex struct {
	nib   map[string]int64     // NIB → id (negative: -line of an earlier row)
	nik   map[string]int64     // owner's NIK → id or -line
	name  map[placedName]int64 // a name in a village, district or regency → id or -line
	names map[int64]string     // id → name, to report the existing record
	// hidden: registered enterprises outside the importer's scope, which a
	// report may say exist but must not name.
	hidden map[int64]bool
	// only, when set, is what the file's rows look up: a registered record
	// keeps only those of its keys (a province's file reads every record of
	// the villages it names, hundreds of thousands, to compare a few names).
	only *DuplicateKeys
}

// placedName is a name (DuplicateName's form) in a place: a village,
// district or regency code, by level ('v', 'd', 'r').
type placedName struct {
	name  string
	level byte
	code  string
}

// NewDuplicateIndex is an empty index. With keys (the file's, gathered as
// it was read) a registered record keeps only the keys some row looks up;
// with nil it keeps all of them. Either answers every row's Find alike.
func NewDuplicateIndex(keys *DuplicateKeys) *DuplicateIndex {
	return &DuplicateIndex{nib: map[string]int64{}, nik: map[string]int64{}, name: map[placedName]int64{},
		names: map[int64]string{}, hidden: map[int64]bool{}, only: keys}
}

// AddRegistered adds a registered enterprise whose stored name key
// (NormalizeName of its name) is nameKey; visible is whether the importer's
// scope reaches it (else a report may say it exists, not name it). A
// record none of whose keys a row looks up is left out.
func (x *DuplicateIndex) AddRegistered(e *Enterprise, nameKey string, visible bool) {
	v, d, r := placedNames(DuplicateNameOfKey(nameKey), e)
	kept := false
	keep := func(ok bool) bool {
		kept = kept || ok
		return ok
	}
	if k := x.only; k == nil {
		x.addKeys(e.NIB, e.OwnerNIK, e.ID, true, v, d, r)
		kept = true
	} else {
		nib, nik := e.NIB, e.OwnerNIK
		if !keep(nib != "" && k.NIBs[nib]) {
			nib = ""
		}
		if !keep(nik != "" && k.NIKs[nik]) {
			nik = ""
		}
		for _, n := range []*placedName{&v, &d, &r} {
			if !keep(n.name != "" && k.Names[*n]) {
				*n = placedName{}
			}
		}
		x.addKeys(nib, nik, e.ID, true, v, d, r)
		keep(k.IDs[e.ID])
	}
	if !kept {
		return
	}
	if !visible {
		x.hidden[e.ID] = true
		return
	}
	x.names[e.ID] = e.Name
}

// Hidden says whether a registered record lies outside the importer's scope.
func (x *DuplicateIndex) Hidden(id int64) bool { return x.hidden[id] }

// Name is a visible registered record's name.
func (x *DuplicateIndex) Name(id int64) string { return x.names[id] }

// legalForms are the words of a legal form written before or after a
// business's name ("CV Sinar Jaya", "Sinar Jaya, CV", "KUB Tapis Indah").
var legalForms = map[string]bool{"ud": true, "cv": true, "pt": true, "kop": true, "koperasi": true, "kub": true,
	"umkm": true, "ikm": true, "tbk": true, "fa": true, "firma": true, "bumdes": true, "pd": true}

// DuplicateName is the form two names of one business share: NormalizeName's
// (case, punctuation and spacing folded) without legal forms at either end.
// NormalizeName itself stays as it is: the stored sort keys are made of it.
func DuplicateName(name string) string {
	return DuplicateNameOfKey(NormalizeName(name))
}

// DuplicateNameOfKey is DuplicateName of a name already normalised —
// NormalizeName's output, as the stored name_key is (lower case, words
// apart by one space) — so that the import, reading a province's records,
// does not fold each name again.
func DuplicateNameOfKey(key string) string {
	// Most names have no legal form at either end: they are their own key.
	first, _, _ := strings.Cut(key, " ")
	last := key[strings.LastIndexByte(key, ' ')+1:]
	if !legalForms[first] && !legalForms[last] && first != "kelompok" {
		return key
	}
	words := strings.Fields(key)
	if len(words) > 2 && words[0] == "kelompok" && words[1] == "usaha" && words[2] == "bersama" {
		words = words[3:]
	}
	for len(words) > 1 && legalForms[words[0]] {
		words = words[1:]
	}
	for len(words) > 1 && legalForms[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// placedNames are the places a name (DuplicateName's form) of e is
// compared in: its village, district and regency; none without a name.
func placedNames(name string, e *Enterprise) (village, district, regency placedName) {
	return placedIn(name, e.VillageCode, e.DistrictCode, e.RegencyCode)
}

func placedIn(name, villageCode, districtCode, regencyCode string) (village, district, regency placedName) {
	if name == "" {
		return
	}
	if villageCode != "" {
		village = placedName{name, 'v', villageCode}
	}
	if districtCode != "" {
		district = placedName{name, 'd', districtCode}
	}
	if regencyCode != "" {
		regency = placedName{name, 'r', regencyCode}
	}
	return
}

// lookedUp is the one place Find compares a row's name in: its village,
// else its district, else its regency.
func lookedUp(v, d, r placedName) placedName {
	switch {
	case v.name != "":
		return v
	case d.name != "":
		return d
	}
	return r
}

// Find returns the record e duplicates and how it was found ("nib",
// "nik", "id", "name_village", "name_district", "name_regency"); exact is
// false for a match by name alone. registryID is the id the row gives.
func (x *DuplicateIndex) Find(e *Enterprise, registryID int64) (id int64, by string, exact bool) {
	if e.NIB != "" {
		if id, ok := x.nib[e.NIB]; ok {
			return id, "nib", true
		}
	}
	if e.OwnerNIK != "" {
		if id, ok := x.nik[e.OwnerNIK]; ok {
			return id, "nik", true
		}
	}
	name := DuplicateName(e.Name)
	// The id an export wrote, with the name it wrote beside it.
	if n, ok := x.names[registryID]; ok && registryID > 0 && DuplicateName(n) == name {
		return registryID, "id", true
	}
	k := lookedUp(placedNames(name, e))
	if k.name == "" {
		return 0, "", false
	}
	if id, ok := x.name[k]; ok {
		by := "name_regency"
		switch k.level {
		case 'v':
			by = "name_village"
		case 'd':
			by = "name_district"
		}
		return id, by, false
	}
	return 0, "", false
}

// Add makes e findable as id (a record, or -line of a row read earlier):
// its keys name id from now on, but a district's or a regency's name,
// which many villages share, stays with the first that took it.
func (x *DuplicateIndex) Add(e *Enterprise, id int64) {
	v, d, r := placedNames(DuplicateName(e.Name), e)
	x.addKeys(e.NIB, e.OwnerNIK, id, false, v, d, r)
}

// addKeys makes the non-empty keys name id. Registered records come in any
// order, all before the file's rows; among them a key goes as it would if
// they came in id order and were each Added: a NIB, a NIK and a village's
// name to the highest id, a district's and a regency's to the lowest.
func (x *DuplicateIndex) addKeys(nib, nik string, id int64, registered bool, v, d, r placedName) {
	later := func(cur int64, ok bool) bool { return !ok || !registered || id > cur }
	if nib != "" {
		if cur, ok := x.nib[nib]; later(cur, ok) {
			x.nib[nib] = id
		}
	}
	if nik != "" {
		if cur, ok := x.nik[nik]; later(cur, ok) {
			x.nik[nik] = id
		}
	}
	if v.name != "" {
		if cur, ok := x.name[v]; later(cur, ok) {
			x.name[v] = id
		}
	}
	for _, k := range []placedName{d, r} {
		if k.name == "" {
			continue
		}
		if cur, ok := x.name[k]; !ok || registered && id < cur {
			x.name[k] = id
		}
	}
}

// Remove forgets the keys of e that still name id.
func (x *DuplicateIndex) Remove(e *Enterprise, id int64) {
	if e.NIB != "" && x.nib[e.NIB] == id {
		delete(x.nib, e.NIB)
	}
	if e.OwnerNIK != "" && x.nik[e.OwnerNIK] == id {
		delete(x.nik, e.OwnerNIK)
	}
	v, d, r := placedNames(DuplicateName(e.Name), e)
	for _, k := range []placedName{v, d, r} {
		if k.name != "" && x.name[k] == id {
			delete(x.name, k)
		}
	}
}

// MergeImported copies the values an imported row gave onto a registered
// enterprise: empty cells never erase what is known; notes are added to.
func MergeImported(dst, src *Enterprise) {
	str := func(d *string, s string) {
		if s != "" {
			*d = s
		}
	}
	str(&dst.Name, src.Name)
	str(&dst.NIB, src.NIB)
	str(&dst.NPWP, src.NPWP)
	str(&dst.OwnerName, src.OwnerName)
	str(&dst.OwnerNIK, src.OwnerNIK)
	str(&dst.Phone, src.Phone)
	str(&dst.Email, src.Email)
	str(&dst.Address, src.Address)
	str(&dst.MainProducts, src.MainProducts)
	if src.RegencyCode != "" {
		dst.ProvinceCode, dst.RegencyCode, dst.DistrictCode, dst.VillageCode = src.ProvinceCode, src.RegencyCode, src.DistrictCode, src.VillageCode
	}
	if src.Sector != "" {
		dst.Sector = src.Sector
	}
	if src.Workers != 0 {
		dst.Workers = src.Workers
	}
	if src.Capital != 0 {
		dst.Capital = src.Capital
	}
	if src.AnnualTurnover != 0 {
		dst.AnnualTurnover = src.AnnualTurnover
	}
	if src.FoundedYear != 0 {
		dst.FoundedYear = src.FoundedYear
	}
	if src.ExportStatus != ExportNever && src.ExportStatus != "" {
		dst.ExportStatus = src.ExportStatus
	}
	if len(src.KBLI) > 0 {
		dst.KBLI = src.KBLI
	}
	if src.BinaanOrgID != nil {
		dst.BinaanOrgID = src.BinaanOrgID
	}
	if src.Notes != "" && !strings.Contains(dst.Notes, src.Notes) {
		dst.Notes = strings.TrimSpace(dst.Notes + "\n" + src.Notes)
	}
}

// DuplicateKeys are what the registry must be asked for to find a file's
// duplicates: the rows' NIBs and NIKs (national), the registry ids they
// give, and the places their names are compared in — each row's village,
// else its district, else its regency (Find's order). A row's keys are
// added as the file is read, so that the store fetches only the records
// they reach instead of the whole registry.
type DuplicateKeys struct {
	NIBs, NIKs map[string]bool
	IDs        map[int64]bool
	// Names are the rows' names in the place Find compares each in.
	Names map[placedName]bool
}

// NewDuplicateKeys is an empty set of keys.
func NewDuplicateKeys() *DuplicateKeys {
	return &DuplicateKeys{NIBs: map[string]bool{}, NIKs: map[string]bool{}, IDs: map[int64]bool{}, Names: map[placedName]bool{}}
}

// Places are the villages, districts and regencies the rows compare their
// names in (of Names): where the store reads the registered records.
func (k *DuplicateKeys) Places() (villages, districts, regencies map[string]bool) {
	villages, districts, regencies = map[string]bool{}, map[string]bool{}, map[string]bool{}
	for n := range k.Names {
		switch n.level {
		case 'v':
			villages[n.code] = true
		case 'd':
			districts[n.code] = true
		default:
			regencies[n.code] = true
		}
	}
	return villages, districts, regencies
}

// Add adds a row's keys.
func (k *DuplicateKeys) Add(e *Enterprise, registryID int64) {
	if e.NIB != "" {
		k.NIBs[e.NIB] = true
	}
	if e.OwnerNIK != "" {
		k.NIKs[e.OwnerNIK] = true
	}
	if registryID > 0 {
		k.IDs[registryID] = true
	}
	if name := lookedUp(placedNames(DuplicateName(e.Name), e)); name.name != "" {
		k.Names[name] = true
	}
}

// NameLookedUp says whether a registered record with the stored name key
// nameKey in these places is where some row compares its name — the one
// thing a record read by its village, district or regency can be wanted
// for (its NIB, NIK and id are asked for by themselves).
func (k *DuplicateKeys) NameLookedUp(nameKey, village, district, regency string) bool {
	v, d, r := placedIn(DuplicateNameOfKey(nameKey), village, district, regency)
	return v.name != "" && k.Names[v] || d.name != "" && k.Names[d] || r.name != "" && k.Names[r]
}

// DuplicateAction is what an import does with a row that duplicates a
// record or an earlier row.
type DuplicateAction string

const (
	DupActionPossible DuplicateAction = "possible" // a name alone: imported, and listed for an officer
	DupActionUpdate   DuplicateAction = "update"   // the record takes the row's non-empty values
	DupActionKeep     DuplicateAction = "keep"     // registered as another enterprise too
	DupActionSkip     DuplicateAction = "skip"     // the record stays as it is
)

// Import policies for a row that matches an enterprise by its identity.
const (
	DupSkip   = "skip"   // leave the registered one as it is
	DupUpdate = "update" // overwrite it with the row's non-empty values
	DupKeep   = "keep"   // register the row as another enterprise
)

// DecideDuplicate applies the import's policy to a row found as a
// duplicate (Find's by and exact; hit > 0 a record, < 0 an earlier row):
// a name alone never decides; only a record (not an earlier row of the
// file) is updated; a NIB is never registered twice.
func DecideDuplicate(policy, by string, exact bool, hit int64) DuplicateAction {
	switch {
	case !exact:
		return DupActionPossible
	case policy == DupUpdate && hit > 0:
		return DupActionUpdate
	case policy == DupKeep && by != "nib":
		return DupActionKeep
	}
	return DupActionSkip
}
