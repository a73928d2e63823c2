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
	nib   map[string]int64 // NIB → id (negative: -line of an earlier row)
	nik   map[string]int64 // owner's NIK → id or -line
	name  map[string]int64 // name|village, name|district or name|regency → id or -line
	names map[int64]string // id → name, to report the existing record
	// hidden: registered enterprises outside the importer's scope, which a
	// report may say exist but must not name.
	hidden map[int64]bool
}

// NewDuplicateIndex is an empty index.
func NewDuplicateIndex() *DuplicateIndex {
	return &DuplicateIndex{nib: map[string]int64{}, nik: map[string]int64{}, name: map[string]int64{}, names: map[int64]string{}, hidden: map[int64]bool{}}
}

// AddRegistered adds a registered enterprise; visible is whether the
// importer's scope reaches it (else a report may say it exists, not name it).
func (x *DuplicateIndex) AddRegistered(e *Enterprise, visible bool) {
	x.Add(e, e.ID)
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
	words := strings.Fields(NormalizeName(name))
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

func duplicateNameKeys(e *Enterprise) (village, district, regency string) {
	k := DuplicateName(e.Name)
	if k == "" {
		return
	}
	if e.VillageCode != "" {
		village = k + "|v|" + e.VillageCode
	}
	if e.DistrictCode != "" {
		district = k + "|d|" + e.DistrictCode
	}
	if e.RegencyCode != "" {
		regency = k + "|r|" + e.RegencyCode
	}
	return
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
	// The id an export wrote, with the name it wrote beside it.
	if name, ok := x.names[registryID]; ok && registryID > 0 && DuplicateName(name) == DuplicateName(e.Name) {
		return registryID, "id", true
	}
	v, d, r := duplicateNameKeys(e)
	switch {
	case v != "":
		if id, ok := x.name[v]; ok {
			return id, "name_village", false
		}
	case d != "":
		if id, ok := x.name[d]; ok {
			return id, "name_district", false
		}
	case r != "":
		if id, ok := x.name[r]; ok {
			return id, "name_regency", false
		}
	}
	return 0, "", false
}

// Add makes e findable as id (a record, or -line of a row read earlier).
func (x *DuplicateIndex) Add(e *Enterprise, id int64) {
	if e.NIB != "" {
		x.nib[e.NIB] = id
	}
	if e.OwnerNIK != "" {
		x.nik[e.OwnerNIK] = id
	}
	v, d, r := duplicateNameKeys(e)
	if v != "" {
		x.name[v] = id
	}
	// A district or regency names many villages: the first record keeps it.
	for _, k := range []string{d, r} {
		if k == "" {
			continue
		}
		if _, ok := x.name[k]; !ok {
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
	v, d, r := duplicateNameKeys(e)
	for _, k := range []string{v, d, r} {
		if k != "" && x.name[k] == id {
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
	NIBs, NIKs                     map[string]bool
	IDs                            map[int64]bool
	Villages, Districts, Regencies map[string]bool
}

// NewDuplicateKeys is an empty set of keys.
func NewDuplicateKeys() *DuplicateKeys {
	return &DuplicateKeys{NIBs: map[string]bool{}, NIKs: map[string]bool{}, IDs: map[int64]bool{},
		Villages: map[string]bool{}, Districts: map[string]bool{}, Regencies: map[string]bool{}}
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
	switch {
	case DuplicateName(e.Name) == "":
	case e.VillageCode != "":
		k.Villages[e.VillageCode] = true
	case e.DistrictCode != "":
		k.Districts[e.DistrictCode] = true
	case e.RegencyCode != "":
		k.Regencies[e.RegencyCode] = true
	}
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
