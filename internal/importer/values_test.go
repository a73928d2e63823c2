package importer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestIsPlaceholder(t *testing.T) {
	for _, c := range []struct {
		v    string
		code bool
		want bool
	}{
		{"-", false, true}, {"–", false, true}, {"—", false, true}, {".", false, true}, {"..", false, true},
		{" - ", false, true}, {"?", false, true}, {"xxx", false, true}, {"XX", false, true},
		{"belum ada", false, true}, {"Belum Ada", false, true}, {"tidak ada", false, true}, {"tdk ada", false, true},
		{"tidak tahu", false, true}, {"n/a", false, true}, {"N/A", false, true}, {"n!A", false, true}, {"N-A", false, true}, {"n\ta", false, true}, {"n0a", false, false}, {"NA", false, true}, {"kosong", false, true},
		{"nihil", false, true}, {"0", true, true}, {"000", true, true},
		{"(tidak ada)", false, true}, {"[kosong]", false, true}, {`"n/a"`, false, true}, {"!nA", false, true}, {"(Tuba)", false, false}, {"'0812", true, false},
		{"(-)", false, true}, {"[ - ]", false, true}, {"'-'", false, true}, {"(0)", true, true}, {"(0)", false, false}, {"()", false, false}, {"(-", false, false},
		{"0", false, false}, // a number of workers
		{"", false, false}, {"x", false, false}, {"Tuba", false, false}, {"Nasi", false, false}, {"08123", true, false},
		{"10792", true, false}, {"-5.4", false, false}, {"tidak ada nama jalan di sini tapi panjang", false, false},
	} {
		if got := IsPlaceholder(c.v, c.code); got != c.want {
			t.Errorf("IsPlaceholder(%q, %v) = %v, want %v", c.v, c.code, got, c.want)
		}
	}
}

func TestIdentityDamage(t *testing.T) {
	for _, c := range []struct {
		v    string
		d16  bool
		want ExcelDamage
	}{
		{"1.80101E+15", true, Scientific}, {"1,80101E+15", true, Scientific}, {"9.12E+12", false, Scientific},
		{"1801012345678900", true, ZeroedDigits}, {"1801014708900010", true, MaybeZeroed},
		{"1801014708900011", true, NoDamage}, {"1801012345678900", false, NoDamage},
		{"18E", true, NoDamage}, {"E+15", true, NoDamage}, {"1.2.3E+4", true, NoDamage}, {"", true, NoDamage},
	} {
		if got := IdentityDamage(c.v, c.d16); got != c.want {
			t.Errorf("IdentityDamage(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestPhoneDamage(t *testing.T) {
	for _, c := range []struct {
		v     string
		want  ExcelDamage
		fixed string
	}{
		{"6.28123E+11", Scientific, ""}, {"8123456789", ZeroedDigits, "08123456789"},
		{"08123456789", NoDamage, ""}, {"628123456789", NoDamage, ""}, {"812", NoDamage, ""}, {"8123-4567", NoDamage, ""},
	} {
		d, fixed := PhoneDamage(c.v)
		if d != c.want || fixed != c.fixed {
			t.Errorf("PhoneDamage(%q) = %v %q, want %v %q", c.v, d, fixed, c.want, c.fixed)
		}
	}
}

func TestExcelSerialDate(t *testing.T) {
	for _, c := range []struct {
		v    string
		want string
	}{
		{"44927", "2023-01-01"}, {"44927.5", "2023-01-01"}, {"36526", "2000-01-01"},
		{"2015", ""}, {"99999999", ""}, {"4492a", ""}, {"", ""},
	} {
		d, ok := ExcelSerialDate(c.v)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
		}
		if got != c.want {
			t.Errorf("ExcelSerialDate(%q) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestKBLIInText(t *testing.T) {
	for _, c := range []struct {
		v     string
		codes []string
		text  bool
	}{
		{"10792", []string{"10792"}, false},
		{"10792, 47111", []string{"10792", "47111"}, false},
		{"10792;47111", []string{"10792", "47111"}, false},
		{"[10792] Industri kue", []string{"10792"}, true},
		{"10792 - Industri roti dan kue", []string{"10792"}, true},
		{"KBLI 10792", []string{"10792"}, true},
		{"KBLI 10792 dan 47111", []string{"10792", "47111"}, true},
		{"Industri kue tahun 2020", nil, true},
		{"Industri kue", nil, true},
		{"(10792) 2020 roti", []string{"10792"}, true},
	} {
		codes, text := KBLIInText(c.v)
		if !slices.Equal(codes, c.codes) || text != c.text {
			t.Errorf("KBLIInText(%q) = %v %v, want %v %v", c.v, codes, text, c.codes, c.text)
		}
	}
}

// TestRowValues reads a file holding placeholders and Excel's damage and
// checks what each row became.
func TestRowValues(t *testing.T) {
	csv := strings.Join([]string{
		"Nama Usaha,NIK,No HP,Kabupaten,KBLI,Tahun Berdiri,Alamat",
		"Keripik A,-,08123456789,Lampung Selatan,[10792] Industri kue,44927,belum ada",
		"Keripik B,1.80101E+15,-,Lampung Selatan,-,2015,-",
		"Keripik C,1801012345678900,6.28123E+11,Lampung Selatan,0,2015,Jl. Merdeka",
		"-,,,Lampung Selatan,,,",
		"Keripik D,,8123456789,Lampung Selatan,Industri roti,,",
	}, "\n")
	_, rows, err := readAll(t, []byte(csv), Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	keys := func(r *Row) (p, g []string) {
		for _, x := range r.Problems {
			p = append(p, x.Field+":"+x.Key)
		}
		for _, x := range r.Guesses {
			g = append(g, x.Column+":"+x.Key)
		}
		return
	}
	a := rows[0]
	if a.Enterprise == nil || a.Enterprise.OwnerNIK != "" || a.Enterprise.Address != "" || a.Enterprise.FoundedYear != 2023 ||
		len(a.Enterprise.KBLI) != 1 || a.Enterprise.KBLI[0].Code != "10792" {
		t.Errorf("line 2: %+v %+v", a.Enterprise, a.Problems)
	}
	_, g := keys(a)
	for _, want := range []string{"B (NIK):import.placeholder", "G (Alamat):import.placeholder", "E (KBLI):import.guess_kbli_text", "F (Tahun Berdiri):import.guess_excel_date"} {
		if !slices.Contains(g, want) {
			t.Errorf("line 2: no note %s in %v", want, g)
		}
	}
	if b := rows[1]; b.Enterprise != nil || len(b.Problems) != 1 || b.Problems[0].Key != "import.excel_id_number" || b.Problems[0].Column != "B (NIK)" || b.Problems[0].Value != "1.80101E+15" {
		t.Errorf("line 3: %+v", b.Problems)
	}
	// One 16-digit NIK ending in 00 is a note, not a refusal: a genuine
	// NIK ends so one time in a hundred.
	p, g := keys(rows[2])
	if rows[2].Enterprise != nil || slices.Contains(p, "owner_nik:import.excel_id_number") || !slices.Contains(g, "B (NIK):import.guess_id_maybe_excel") || !slices.Contains(p, "phone:import.excel_phone_number") {
		t.Errorf("line 4: %v %v", p, g)
	}
	if d := rows[3]; d.Enterprise != nil || len(d.Problems) != 1 || d.Problems[0].Key != "import.placeholder_required" || d.Problems[0].Column != "A (Nama Usaha)" || d.Problems[0].Value != "-" {
		t.Errorf("line 5 (name '-'): %+v", d.Problems)
	}
	p, g = keys(rows[4])
	if rows[4].Enterprise != nil || !slices.Contains(p, "kbli:import.kbli_none_in_text") || !slices.Contains(g, "C (No HP):import.guess_phone_zero") {
		t.Errorf("line 6: %v %v", p, g)
	}
}

// A column Excel turned into numbers ends every 16-digit NIK in 0: from the
// third such row on the NIKs are refused as Excel's work; a column with a
// NIK not ending in 0 is genuine, and its NIKs ending in 0 import.
func TestExcelColumnEvidence(t *testing.T) {
	rows := func(niks ...string) []*Row {
		lines := []string{"Nama Usaha,NIK,Kabupaten"}
		for i, n := range niks {
			lines = append(lines, fmt.Sprintf("Usaha %d,%s,Lamsel", i, n))
		}
		_, out, err := readAll(t, []byte(strings.Join(lines, "\n")), Options{Province: "18"})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	damaged := rows("1801044708900010", "1801044708900020", "1801044708900030", "1801044708900040")
	for i, want := range []bool{true, true, false, false} {
		if ok := damaged[i].Enterprise != nil; ok != want {
			t.Errorf("damaged column, row %d: imported %v (%+v)", i, ok, damaged[i].Problems)
		}
	}
	if p := damaged[3].Problems; len(p) != 1 || p[0].Key != "import.excel_id_number" {
		t.Errorf("damaged column, row 3: %+v", p)
	}
	genuine := rows("1801044708900011", "1801044708900010", "1801044708900020", "1801044708900030")
	for i, row := range genuine {
		if row.Enterprise == nil {
			t.Errorf("genuine column, row %d refused: %+v", i, row.Problems)
		}
	}
}

func TestPlaceholderAllocates(t *testing.T) {
	for _, v := range []string{"Keripik Pisang Maju", "Belum Ada", "Lamsel"} {
		if n := testing.AllocsPerRun(100, func() { IsPlaceholder(v, false) }); n != 0 {
			t.Errorf("IsPlaceholder(%q) allocates %v times", v, n)
		}
	}
}
