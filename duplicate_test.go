package siapekspor

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDuplicateName(t *testing.T) {
	for in, want := range map[string]string{
		"CV Sinar Jaya":                      "sinar jaya",
		"Sinar Jaya, CV":                     "sinar jaya",
		"KUB Tapis Indah":                    "tapis indah",
		"Kelompok Usaha Bersama Tapis Indah": "tapis indah",
		"  UD.  Keripik   Maju ":             "keripik maju",
		"PT":                                 "pt", // a name that is only a legal form stays
		"":                                   "",
	} {
		if got := DuplicateName(in); got != want {
			t.Errorf("DuplicateName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDuplicateIndexFind(t *testing.T) {
	x := NewDuplicateIndex(nil)
	reg := []Enterprise{
		{ID: 1, Name: "Keripik Maju", NIB: "9120000000001", OwnerNIK: "1801041203800002", RegencyCode: "18.01", DistrictCode: "18.01.04", VillageCode: "18.01.04.2001"},
		{ID: 2, Name: "CV Kopi Jaya", RegencyCode: "18.01", DistrictCode: "18.01.04", VillageCode: "18.01.04.2002"},
		{ID: 3, Name: "Kopi Jaya", RegencyCode: "18.01", DistrictCode: "18.01.04", VillageCode: "18.01.04.2003"}, // same district: the first (2) keeps it
		{ID: 4, Name: "Tapis Rahasia", NIB: "9120000000004", RegencyCode: "18.72"},
	}
	for i := range reg {
		x.AddRegistered(&reg[i], NormalizeName(reg[i].Name), reg[i].ID != 4)
	}
	for _, c := range []struct {
		name  string
		row   Enterprise
		regID int64
		id    int64
		by    string
		exact bool
	}{
		{"NIB first", Enterprise{Name: "Lain", NIB: "9120000000001", OwnerNIK: "9999"}, 0, 1, "nib", true},
		{"then the owner's NIK", Enterprise{Name: "Lain", OwnerNIK: "1801041203800002"}, 0, 1, "nik", true},
		{"the id an export wrote, with its name", Enterprise{Name: "UD Keripik Maju"}, 1, 1, "id", true},
		{"an id with another name is no match", Enterprise{Name: "Lain Sekali"}, 1, 0, "", false},
		{"name in the same village: possible only", Enterprise{Name: "Kopi Jaya, CV", VillageCode: "18.01.04.2003", DistrictCode: "18.01.04"}, 0, 3, "name_village", false},
		{"name in another village of the district: none", Enterprise{Name: "Kopi Jaya", VillageCode: "18.01.04.2009", DistrictCode: "18.01.04"}, 0, 0, "", false},
		{"no village: the district's first record", Enterprise{Name: "Kopi Jaya", DistrictCode: "18.01.04", RegencyCode: "18.01"}, 0, 2, "name_district", false},
		{"neither: the regency", Enterprise{Name: "Keripik Maju", RegencyCode: "18.01"}, 0, 1, "name_regency", false},
		{"outside the scope is found all the same", Enterprise{Name: "X", NIB: "9120000000004"}, 0, 4, "nib", true},
	} {
		id, by, exact := x.Find(&c.row, c.regID)
		if id != c.id || by != c.by || exact != c.exact {
			t.Errorf("%s: %d %q %v, want %d %q %v", c.name, id, by, exact, c.id, c.by, c.exact)
		}
	}
	if !x.Hidden(4) || x.Name(4) != "" || x.Name(1) != "Keripik Maju" {
		t.Errorf("scope: hidden %v, names %q %q", x.Hidden(4), x.Name(4), x.Name(1))
	}
	// A row read earlier is found by its line; removing a record's keys
	// forgets it.
	row := Enterprise{Name: "Baru", NIB: "9120000000009"}
	x.Add(&row, -7)
	if id, _, _ := x.Find(&Enterprise{NIB: "9120000000009"}, 0); id != -7 {
		t.Errorf("earlier row: %d", id)
	}
	x.Remove(&reg[0], 1)
	if id, _, _ := x.Find(&Enterprise{NIB: "9120000000001"}, 0); id != 0 {
		t.Errorf("removed record still found: %d", id)
	}
}

// An index that keeps only the keys the file's rows look up, filled in any
// order, answers every row as one that keeps every key and was filled in
// id order does, through an import's whole walk:
// each row found, then added (or, for an update, the record's keys moved
// to the merged values). Random registries and files over a few names and
// places, so that names, NIBs and NIKs meet often.
func TestDuplicateIndexKeepsWhatRowsLookUp(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 8))
	pick := func(opts ...string) string { return opts[rnd.IntN(len(opts))] }
	ent := func(id int64) Enterprise {
		e := Enterprise{ID: id, Name: pick("Kopi Jaya", "CV Kopi Jaya", "Kopi Jaya, UD", "KUB Tapis", "Kelompok Usaha Bersama Tapis", "Tapis", "Lada Hitam", "", "PT"),
			NIB: pick("", "", "9120000000001", "9120000000002", "9120000000003"), OwnerNIK: pick("", "", "1801", "1802"),
			RegencyCode: pick("18.01", "18.02")}
		if rnd.IntN(3) > 0 {
			e.DistrictCode = e.RegencyCode + pick(".01", ".02")
			if rnd.IntN(2) == 0 {
				e.VillageCode = e.DistrictCode + pick(".2001", ".2002")
			}
		}
		return e
	}
	for round := range 3000 {
		reg := make([]Enterprise, rnd.IntN(12))
		for i := range reg {
			reg[i] = ent(int64(i + 1))
		}
		rows := make([]Enterprise, 1+rnd.IntN(8))
		regIDs := make([]int64, len(rows))
		keys := NewDuplicateKeys()
		for i := range rows {
			rows[i] = ent(0)
			if rnd.IntN(4) == 0 {
				regIDs[i] = int64(1 + rnd.IntN(12))
			}
			keys.Add(&rows[i], regIDs[i])
		}
		// One in id order, the other shuffled with some records twice (the
		// store reads a record by its NIB and again by its village).
		all, some := NewDuplicateIndex(nil), NewDuplicateIndex(keys)
		for i := range reg {
			all.AddRegistered(&reg[i], NormalizeName(reg[i].Name), reg[i].ID%3 != 0)
		}
		order := rnd.Perm(len(reg))
		if len(reg) > 0 {
			order = append(order, rnd.IntN(len(reg)))
		}
		for _, i := range order {
			some.AddRegistered(&reg[i], NormalizeName(reg[i].Name), reg[i].ID%3 != 0)
		}
		for i := range rows {
			id, by, exact := all.Find(&rows[i], regIDs[i])
			id2, by2, exact2 := some.Find(&rows[i], regIDs[i])
			if id != id2 || by != by2 || exact != exact2 || all.Hidden(id) != some.Hidden(id) || all.Name(id) != some.Name(id) {
				t.Fatalf("round %d, row %d %+v: every key %d %q %v (hidden %v, %q), the rows' keys %d %q %v (hidden %v, %q)",
					round, i, rows[i], id, by, exact, all.Hidden(id), all.Name(id), id2, by2, exact2, some.Hidden(id2), some.Name(id2))
			}
			switch {
			case id > 0 && exact && rnd.IntN(2) == 0: // updated: the record takes the row's values
				before := reg[id-1]
				merged := before
				MergeImported(&merged, &rows[i])
				for _, x := range []*DuplicateIndex{all, some} {
					x.Remove(&before, id)
					x.Add(&merged, -int64(i+2))
				}
			case id == 0 || !exact:
				all.Add(&rows[i], -int64(i+2))
				some.Add(&rows[i], -int64(i+2))
			}
		}
	}
}

func TestDuplicateKeys(t *testing.T) {
	k := NewDuplicateKeys()
	k.Add(&Enterprise{Name: "A", NIB: "1", OwnerNIK: "2", VillageCode: "v", DistrictCode: "d", RegencyCode: "r"}, 5)
	k.Add(&Enterprise{Name: "B", DistrictCode: "d2", RegencyCode: "r"}, 0)
	k.Add(&Enterprise{Name: "C", RegencyCode: "r3"}, 0)
	k.Add(&Enterprise{Name: "CV", RegencyCode: "r4"}, 0) // a name of a legal form alone still is one
	k.Add(&Enterprise{Name: "", RegencyCode: "r5"}, 0)   // no name: no place to compare it in
	keys := func(m map[string]bool) []string {
		var out []string
		for s := range m {
			out = append(out, s)
		}
		slices.Sort(out)
		return out
	}
	villages, districts, regencies := k.Places()
	if !k.NIBs["1"] || !k.NIKs["2"] || !k.IDs[5] || len(k.IDs) != 1 ||
		!slices.Equal(keys(villages), []string{"v"}) || !slices.Equal(keys(districts), []string{"d2"}) ||
		!slices.Equal(keys(regencies), []string{"r3", "r4"}) {
		t.Errorf("keys %+v", k)
	}
	// A record is wanted for its name where a row compares that name: row
	// "A" in village v, "B" in district d2, "C" in regency r3, "CV" in r4.
	for _, c := range []struct {
		name, v, d, r string
		want          bool
	}{
		{"a", "v", "d", "r", true},
		{"a", "v9", "d", "r", false}, // another village of the district
		{"ud b", "v7", "d2", "r", true},
		{"b", "", "d9", "r", false},
		{"kelompok usaha bersama c", "v8", "d8", "r3", true},
		{"c", "", "", "r4", false},
		{"cv", "", "", "r4", true},
		{"", "v", "d", "r", false},
	} {
		if got := k.NameLookedUp(c.name, c.v, c.d, c.r); got != c.want {
			t.Errorf("NameLookedUp(%+v) = %v", c, got)
		}
	}
}

func TestDecideDuplicate(t *testing.T) {
	for _, c := range []struct {
		policy, by string
		exact      bool
		hit        int64
		want       DuplicateAction
	}{
		{DupUpdate, "name_village", false, 3, DupActionPossible},
		{DupSkip, "nib", true, 3, DupActionSkip},
		{DupUpdate, "nik", true, 3, DupActionUpdate},
		{DupUpdate, "nib", true, -4, DupActionSkip}, // an earlier row of the file is never updated
		{DupKeep, "nik", true, 3, DupActionKeep},
		{DupKeep, "nib", true, 3, DupActionSkip}, // a NIB is never registered twice
		{"", "id", true, 3, DupActionSkip},
	} {
		if got := DecideDuplicate(c.policy, c.by, c.exact, c.hit); got != c.want {
			t.Errorf("%+v: %s", c, got)
		}
	}
}

func TestMergeImported(t *testing.T) {
	binaan := int64(9)
	dst := Enterprise{Name: "Keripik Maju", Phone: "+6281", Workers: 4, Notes: "lama", RegencyCode: "18.01", DistrictCode: "18.01.04", ExportStatus: ExportFirst}
	MergeImported(&dst, &Enterprise{Phone: "", Workers: 6, Notes: "baru", MainProducts: "Keripik", ExportStatus: ExportNever, BinaanOrgID: &binaan})
	if dst.Phone != "+6281" || dst.Workers != 6 || dst.Notes != "lama\nbaru" || dst.MainProducts != "Keripik" ||
		dst.ExportStatus != ExportFirst || dst.RegencyCode != "18.01" || dst.BinaanOrgID == nil {
		t.Errorf("merged %+v", dst)
	}
	MergeImported(&dst, &Enterprise{Notes: "baru"}) // the same note is not added twice
	if dst.Notes != "lama\nbaru" {
		t.Errorf("notes %q", dst.Notes)
	}
}
