package importer

import (
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// rowCase is one row of a region/coordinate/code table test: the cells
// after the name, what the row becomes, and the problem or note it gives.
type rowCase struct {
	name     string
	cells    string // CSV cells after "Nama Usaha"
	regency  string // want; "" for a refused row
	district string
	village  string
	problem  string // key of the first problem, "" none
	note     string // key of a note the row must carry, "" none
	arg      string // text one problem or note argument must contain
}

func runRowCases(t *testing.T, header string, province string, cases []rowCase) {
	t.Helper()
	// Every case twice in the file: the second time the reader answers from
	// the look-ups it remembers (resolveRegion), and must say the same.
	cases = append(cases[:len(cases):len(cases)], cases...)
	lines := []string{"Nama Usaha," + header}
	for _, c := range cases {
		lines = append(lines, "Usaha "+c.name+","+c.cells)
	}
	_, rows, err := readAll(t, []byte(strings.Join(lines, "\n")), Options{Province: province})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(cases) {
		t.Fatalf("%d rows for %d cases", len(rows), len(cases))
	}
	for i, c := range cases {
		row := rows[i]
		var args []string
		gotProblem := ""
		for _, p := range row.Problems {
			if gotProblem == "" {
				gotProblem = p.Key
			}
			for _, a := range p.Args {
				args = append(args, a.(string))
			}
		}
		hasNote := c.note == ""
		for _, g := range row.Guesses {
			hasNote = hasNote || g.Key == c.note
			for _, a := range g.Args {
				args = append(args, a.(string))
			}
		}
		if gotProblem != c.problem || !hasNote {
			t.Errorf("%s: problem %q, want %q; notes %+v, want %q (%+v)", c.name, gotProblem, c.problem, row.Guesses, c.note, row.Problems)
			continue
		}
		if c.arg != "" && !strings.Contains(strings.Join(args, " | "), c.arg) {
			t.Errorf("%s: messages %q do not name %q", c.name, args, c.arg)
		}
		if c.problem != "" {
			continue
		}
		e := row.Enterprise
		if e == nil || e.RegencyCode != c.regency || e.DistrictCode != c.district || e.VillageCode != c.village {
			t.Errorf("%s: %+v %+v", c.name, e, row.Problems)
		}
	}
}

func TestRegionAbbreviations(t *testing.T) {
	runRowCases(t, "Kabupaten,Kecamatan,Desa", "18", []rowCase{
		{name: "lamsel", cells: "Lamsel,Natar,Hajimena", regency: "18.01", district: "18.01.04", village: "18.01.04.2001", note: "import.guess_region", arg: "Lampung Selatan"},
		{name: "kab. lamsel", cells: "Kab. Lamsel,Kec. Natar,Ds. Hajimena", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "KABUPATEN LAMSEL", cells: "KABUPATEN  LAMSEL,KECAMATAN NATAR,DESA HAJIMENA", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "pekon", cells: "Lamsel,Natar,Pekon Hajimena", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "tiyuh", cells: "Lamsel,Natar,Tiyuh Hajimena", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "balam", cells: "Balam,,", regency: "18.71"},
		{name: "BDL", cells: "BDL,,", regency: "18.71"},
		{name: "tubaba", cells: "Tubaba,,", regency: "18.12"},
		{name: "kota lamsel", cells: "Kota Lamsel,,", problem: "import.region_unknown"},
		{name: "jaksel outside the province", cells: "Jaksel,,", problem: "import.region_unknown"},
		{name: "suggestion inside the province", cells: "Lampung Selatn,,", problem: "import.region_unknown_suggest", arg: "Lampung Selatan"},
		{name: "village elsewhere", cells: "Lamsel,Natar,Jondong", problem: "import.region_elsewhere", arg: "Kalianda"},
		{name: "district elsewhere", cells: "Lamsel,Metro Pusat,", problem: "import.region_elsewhere", arg: "Kota Metro"},
		{name: "village alone", cells: "Lamsel,,Hajimena", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "district alone", cells: ",Ketapang,", regency: "18.01", district: "18.01.14", note: "import.guess_regency_from"},
		{name: "regency placeholder", cells: "-,Ketapang,", regency: "18.01", district: "18.01.14", note: "import.placeholder"},
	})
}

func TestRegionAcrossProvinces(t *testing.T) {
	runRowCases(t, "Kabupaten,Kecamatan", "", []rowCase{
		{name: "jaksel", cells: "Jaksel,", regency: "31.74"},
		{name: "kab bdg", cells: "Kab. Bdg,", regency: "32.04"},
		{name: "kota bdg", cells: "Kota Bdg,", regency: "32.73"},
		{name: "bdg", cells: "Bdg,", problem: "import.region_ambiguous", arg: "Kota Bandung (32.73)"},
		{name: "solo", cells: "Solo,", regency: "33.72"},
		{name: "placeholder regency", cells: "-,", problem: "import.placeholder_required"},
	})
	// A district written alone fits two provinces: ambiguous, naming both.
	runRowCases(t, "Kecamatan,Kabupaten", "", []rowCase{
		{name: "ketapang", cells: "Ketapang,", problem: "import.region_ambiguous", arg: "Ketapang (35.27.12), Kabupaten Sampang"},
	})
	ix := refdata.DefaultRegionIndex()
	res := ix.Resolve("Ketapang", 3, "")
	if res.Status != refdata.Ambiguous || len(res.Candidates) != 2 {
		t.Errorf("Ketapang as a district anywhere: %+v", res)
	}
}

// An alias that two provinces' regencies share is ambiguous without a
// province, and resolved inside one.
func TestAliasAcrossProvinces(t *testing.T) {
	ix := refdata.DefaultRegionIndex().WithAliases([]refdata.RegionAlias{{Code: "18.01", Alias: "Selatan Raya"}, {Code: "16.09", Alias: "Selatan Raya"}})
	if res := ix.Resolve("Selatan Raya", 2, ""); res.Status != refdata.Ambiguous || len(res.Candidates) != 2 {
		t.Errorf("anywhere: %+v", res)
	}
	if res := ix.Resolve("Kab. Selatan Raya", 2, "18"); res.Status != refdata.Normalised || res.Region.Code != "18.01" {
		t.Errorf("in Lampung: %+v", res)
	}
	if res := refdata.DefaultRegionIndex().Resolve("Selatan Raya", 2, ""); res.Status != refdata.NotFound {
		t.Errorf("the default index changed: %+v", res)
	}
}

func TestRegionCodeColumns(t *testing.T) {
	runRowCases(t, "Kabupaten,Kode Prov,Kode Kab,Kode Kec,Kode Desa", "18", []rowCase{
		{name: "kemendagri split", cells: ",18,01,04,2001", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "kemendagri split agrees", cells: "Lampung Selatan,18,01,04,2001", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "bps split", cells: ",18,03,010,001", regency: "18.01", note: "import.guess_bps_code"},
		{name: "bps whole in each column", cells: ",18,1803,1803010,", regency: "18.01", note: "import.guess_bps_code"},
		{name: "either: names decide kemendagri", cells: "Lampung Selatan,18,01,,", regency: "18.01"},
		{name: "either: names decide bps", cells: "Lampung Barat,18,01,,", regency: "18.04", note: "import.guess_bps_code"},
		{name: "either: no names", cells: ",18,01,,", problem: "import.region_code_scheme", arg: "Lampung Barat"},
		{name: "disagree", cells: "Kota Metro,18,01,04,2001", problem: "import.code_name_disagree", arg: "Hajimena"},
		{name: "mixed numbering", cells: ",18,01,010,2001", problem: "import.bad_region_code"},
		{name: "excel dropped zeros kemendagri", cells: ",18,1,4,2001", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "excel dropped zeros bps", cells: ",18,3,10,001", regency: "18.01", note: "import.guess_bps_code"},
		{name: "unknown", cells: ",18,99,,", problem: "import.region_code_unknown"},
		{name: "placeholder codes", cells: "Lampung Selatan,0,0,0,0", regency: "18.01", note: "import.placeholder"},
	})
	runRowCases(t, "Kode Wilayah", "", []rowCase{
		{name: "dotted", cells: "18.01.04.2001", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "undotted kemendagri", cells: "1801042001", regency: "18.01", district: "18.01.04", village: "18.01.04.2001"},
		{name: "bad", cells: "18.1.4", problem: "import.bad_region_code"},
	})
}

func TestParseRegionCode(t *testing.T) {
	for _, c := range []struct {
		in, kem, bps string
		scheme       Scheme
	}{
		{"18.01.01.2001", "18.01.01.2001", "", SchemeKemendagri},
		{"1801012001", "18.01.01.2001", "", SchemeKemendagri},
		{"1801010001", "", "1801", SchemeBPS},
		{"1801010", "", "1801", SchemeBPS},
		{"1801", "18.01", "1801", SchemeEither},
	} {
		rc, ok := ParseRegionCode(c.in)
		if !ok || rc.Scheme != c.scheme || rc.Kemendagri() != c.kem || rc.BPSRegency() != c.bps {
			t.Errorf("%s: %+v %v", c.in, rc, ok)
		}
	}
	for _, bad := range []string{"", "18.1", "18.01.01.20011", "abc", "123", "18.01.01.2001.1"} {
		if _, ok := ParseRegionCode(bad); ok {
			t.Errorf("%q read as a code", bad)
		}
	}
}

func TestCoordinates(t *testing.T) {
	runRowCases(t, "Kabupaten,Kecamatan,Koordinat", "18", []rowCase{
		{name: "inside", cells: `Lamsel,Natar,"-5.2649, 105.2174"`, regency: "18.01", district: "18.01.04"},
		{name: "decimal commas", cells: `Lamsel,Natar,"-5,2649; 105,2174"`, regency: "18.01", district: "18.01.04"},
		{name: "swapped", cells: `Lamsel,Natar,"105.2174, -5.2649"`, regency: "18.01", district: "18.01.04", note: "import.guess_coordinates_swapped"},
		{name: "other regency", cells: `Lamsel,,"-5.4142, 105.2621"`, problem: "import.coordinates_elsewhere", arg: "Bandar Lampung"},
		{name: "other district", cells: `Lamsel,Kalianda,"-5.2649, 105.2174"`, problem: "import.coordinates_elsewhere", arg: "Natar"},
		{name: "abroad", cells: `Lamsel,,"51.5, -0.1"`, problem: "import.coordinates_outside_indonesia"},
		{name: "unreadable", cells: `Lamsel,,"lima, seratus"`, problem: "import.bad_coordinates"},
	})
	_, rows, err := readAll(t, []byte("Nama Usaha,Kabupaten,Latitude,Longitude\nA,Lamsel,\"-5,2649\",105.2174\nB,Lamsel,-,-\n"), Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	if e := rows[0].Enterprise; e == nil || e.Lat == nil || *e.Lat != -5.2649 || *e.Lng != 105.2174 {
		t.Errorf("lat/lng columns: %+v %+v", e, rows[0].Problems)
	}
	if e := rows[1].Enterprise; e == nil || e.Lat != nil {
		t.Errorf("placeholders: %+v %+v", e, rows[1].Problems)
	}
}

func TestParseCoordinates(t *testing.T) {
	for _, c := range []struct {
		in       string
		lat, lng float64
		ok       bool
	}{
		{"-5.4, 105.2", -5.4, 105.2, true}, {"-5,4, 105,2", -5.4, 105.2, true}, {"-5.4;105.2", -5.4, 105.2, true},
		{"-5.4 105.2", -5.4, 105.2, true}, {"-5.4", 0, 0, false}, {"a, b", 0, 0, false}, {"95, 200", 0, 0, false}, {"NaN, 1", 0, 0, false},
	} {
		lat, lng, ok := ParseCoordinates(c.in)
		if ok != c.ok || lat != c.lat || lng != c.lng {
			t.Errorf("%q: %v %v %v", c.in, lat, lng, ok)
		}
	}
	if !Swapped(105.2, -5.4) || Swapped(-5.4, 105.2) {
		t.Error("Swapped")
	}
}
