package exportstats

import (
	"strconv"
	"testing"
)

func TestResolveCountry(t *testing.T) {
	cases := map[string]string{
		// Indonesian names, as BPS writes them, and their abbreviations.
		"Amerika Serikat": "USA", "AMERIKA SERIKAT": "USA", "amerika  serikat": "USA", "AS": "USA", "USA": "USA", "Amerika Serikat (AS)": "USA",
		"Tiongkok": "CHN", "Cina": "CHN", "RRT": "CHN", "RRC": "CHN", "Republik Rakyat Tiongkok": "CHN",
		"Jepang": "JPN", "Belanda": "NLD", "Korea Selatan": "KOR", "Korsel": "KOR", "India": "IND", "Selandia Baru": "NZL",
		"Bangladesh": "BGD", "Afrika Selatan": "ZAF", "Taiwan": "TWN", "Malaysia": "MYS", "Singapura": "SGP", "Vietnam": "VNM",
		"Thailand": "THA", "Filipina": "PHL", "Arab Saudi": "SAU", "Uni Emirat Arab": "ARE", "UEA": "ARE", "Jerman": "DEU",
		"Inggris": "GBR", "Inggris Raya": "GBR", "Prancis": "FRA", "Perancis": "FRA", "Spanyol": "ESP", "Italia": "ITA", "Belgia": "BEL",
		"Australia": "AUS", "Pakistan": "PAK", "Mesir": "EGY", "Rusia": "RUS", "Turki": "TUR", "Hong Kong": "HKG", "Timor Leste": "TLS",
		"Papua Nugini": "PNG", "Brunei Darussalam": "BRN", "Kanada": "CAN", "Negara Jepang": "JPN",
		// English names, old and new, and odd spellings.
		"United States": "USA", "United States of America": "USA", "China": "CHN", "Japan": "JPN", "Netherlands": "NLD",
		"The Netherlands": "NLD", "South Korea": "KOR", "Korea, Rep.": "KOR", "Korea, Republic of": "KOR", "New Zealand": "NZL",
		"South Africa": "ZAF", "Viet Nam": "VNM", "Türkiye": "TUR", "Turkey": "TUR", "United Kingdom": "GBR", "UK": "GBR",
		"UAE": "ARE", "Russian Federation": "RUS", "Other Asia, nes": "TWN", "Saudi Arabia": "SAU", "Egypt": "EGY",
		// Codes.
		"JPN": "JPN", "jp": "JPN", "DE": "DEU", "IDN": "IDN", "392": "JPN", "842": "USA", "490": "TWN",
	}
	for in, want := range cases {
		got, _, ok := ResolveCountry(in)
		if !ok || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
	for in, suggestion := range map[string]string{"Jepangg": "Jepang", "Tiongkog": "Tiongkok", "Amerika Serkat": "Amerika Serikat", "Atlantis": "", "": ""} {
		got, s, ok := ResolveCountry(in)
		if ok || s != suggestion {
			t.Errorf("%q: %q %q %v, want no match, suggestion %q", in, got, s, ok, suggestion)
		}
	}
}

func TestTotalsAndOthers(t *testing.T) {
	for _, s := range []string{"Total", "TOTAL", "Jumlah", "Jumlah Ekspor", "Total Ekspor Lampung", "Grand Total", "Dunia", "World", "Semua Negara"} {
		if !isTotal(s) || isOther(s) {
			t.Errorf("%q should be a total", s)
		}
	}
	for _, s := range []string{"Lainnya", "Negara Lainnya", "negara lainnya", "Lain-lain", "Others", "Other countries", "Rest of the World", "Komoditas lainnya", "Lainnya (HS lainnya)"} {
		if !isOther(s) || isTotal(s) {
			t.Errorf("%q should be others", s)
		}
	}
	for _, s := range []string{"Jepang", "Kopi", "Minyak lainnya dari sawit", "Totalindo"} {
		if isOther(s) || isTotal(s) {
			t.Errorf("%q is neither", s)
		}
	}
}

func TestSplitCommodity(t *testing.T) {
	cases := []struct{ in, code, name string }{
		{"HS 09 Kopi, teh, rempah-rempah", "09", "Kopi, teh, rempah-rempah"},
		{"09 - Kopi, teh dan rempah-rempah", "09", "Kopi, teh dan rempah-rempah"},
		{"[0901] Kopi", "0901", "Kopi"},
		{"(15) Lemak dan minyak hewan/nabati", "15", "Lemak dan minyak hewan/nabati"},
		{"0901.11 Kopi biji", "090111", "Kopi biji"},
		{"HS0306: Udang", "0306", "Udang"},
		{"0901", "0901", ""},
		{"Kopi", "", "Kopi"},
		{"1. Kopi", "", "Kopi"},
		{"12. Biji dan buah mengandung minyak", "", "Biji dan buah mengandung minyak"},
		{"3) Udang", "", "Udang"},
		{"7 Kayu", "", "Kayu"},
		{"4WD parts", "", "4WD parts"},
		{"15 – Lemak nabati", "15", "Lemak nabati"},
	}
	for _, tc := range cases {
		code, name := splitCommodity(tc.in)
		if code != tc.code || name != tc.name {
			t.Errorf("%q: %q %q, want %q %q", tc.in, code, name, tc.code, tc.name)
		}
	}
	for in, want := range map[string]string{"9": "09", "901": "0901", "09.01": "0901", "90111": "090111", "0901": "0901", "12345678": "12345678"} {
		if got, ok := normalizeHS(in); !ok || got != want {
			t.Errorf("normalizeHS(%q) = %q %v", in, got, ok)
		}
	}
	if _, ok := normalizeHS("09a"); ok {
		t.Error("letters are not a code")
	}
}

func TestParseMonth(t *testing.T) {
	cases := []struct {
		in          string
		month, year int
		total, ok   bool
	}{
		{"1", 1, 0, false, true}, {"01", 1, 0, false, true}, {"12", 12, 0, false, true}, {"13", 0, 0, false, false}, {"0", 0, 0, false, false},
		{"Januari", 1, 0, false, true}, {"JANUARY", 1, 0, false, true}, {"Jan", 1, 0, false, true}, {"Peb", 2, 0, false, true},
		{"Mei", 5, 0, false, true}, {"May", 5, 0, false, true}, {"Agu", 8, 0, false, true}, {"Agt", 8, 0, false, true}, {"Agustus", 8, 0, false, true},
		{"Okt", 10, 0, false, true}, {"Nopember", 11, 0, false, true}, {"Des", 12, 0, false, true}, {"Dec", 12, 0, false, true},
		{"April 2021", 4, 2021, false, true}, {"2024-04", 4, 2024, false, true}, {"04/2024", 4, 2024, false, true},
		{"30/04/2024", 4, 2024, false, true}, {"2024-04-30", 4, 2024, false, true}, {"45383", 4, 2024, false, true},
		{"Jumlah", 0, 0, true, true}, {"Total", 0, 0, true, true}, {"Jan-Des", 0, 0, true, true},
		{"Jan-Apr", 0, 0, false, false}, {"Bulan", 0, 0, false, false}, {"", 0, 0, false, false},
	}
	for _, tc := range cases {
		m, y, total, ok := parseMonth(tc.in)
		if m != tc.month || y != tc.year || total != tc.total || ok != tc.ok {
			t.Errorf("%q: %d %d %v %v, want %d %d %v %v", tc.in, m, y, total, ok, tc.month, tc.year, tc.total, tc.ok)
		}
	}
}

func TestParsePeriodHeader(t *testing.T) {
	cases := []struct {
		in      string
		want    period
		measure field
		scale   float64
		ok      bool
	}{
		{"Jan 2024", period{year: 2024, month: 1}, "", 1, true},
		{"Januari 2024", period{year: 2024, month: 1}, "", 1, true},
		{"Jan-24", period{year: 2024, month: 1}, "", 1, true},
		{"Jan'24", period{year: 2024, month: 1}, "", 1, true},
		{"2024 Agu", period{year: 2024, month: 8}, "", 1, true},
		{"2024-01", period{year: 2024, month: 1}, "", 1, true},
		{"01/2024", period{year: 2024, month: 1}, "", 1, true},
		{"Des", period{month: 12}, "", 1, true},
		{"2023", period{year: 2023}, "", 1, true},
		{"Jan-Des 2024", period{year: 2024, total: true}, "", 1, true},
		{"Januari – Desember 2024", period{year: 2024, total: true}, "", 1, true},
		{"Jumlah", period{total: true}, "", 1, true},
		{"Total 2024", period{year: 2024, total: true}, "", 1, true},
		{"Jan s.d. Apr 2024", period{year: 2024, partial: true}, "", 1, true},
		{"Nilai Jan 2024 (Juta US$)", period{year: 2024, month: 1}, fValue, 1e6, true},
		{"Berat Feb 2024 (Ton)", period{year: 2024, month: 2}, fWeight, 1000, true},
		{"Perubahan (%)", period{}, "", 1, false},
		{"Negara Tujuan", period{}, "", 1, false},
		{"Peran (%)", period{}, "", 1, false},
		{"Nilai", period{}, "", 1, false},
	}
	for _, tc := range cases {
		p, m, scale, ok := parsePeriodHeader(tc.in)
		if ok != tc.ok || (ok && (p != tc.want || m != tc.measure || scale != tc.scale)) {
			t.Errorf("%q: %+v %q %v %v, want %+v %q %v %v", tc.in, p, m, scale, ok, tc.want, tc.measure, tc.scale, tc.ok)
		}
	}
}

func TestNumbers(t *testing.T) {
	cases := []struct {
		in    string
		class numberClass
		id    string // parsed in Indonesian style, "" when it does not read
		en    string
	}{
		{"1234567", numPlain, "1234567", "1234567"},
		{"1.234.567,89", numID, "1234567.89", ""},
		{"1,234,567.89", numEN, "", "1234567.89"},
		{"302,77", numID, "302.77", ""},
		{"302.77", numEN, "", "302.77"},
		{"1.234", numAmbiguous, "1234", "1.234"},
		{"12,500", numAmbiguous, "12.5", "12500"},
		{"0,125", numID, "0.125", ""},
		{"1234,5", numID, "1234.5", ""},
		{"1.234.567", numID, "1234567", ""},
		{"1,234,567", numEN, "", "1234567"},
		{"1,2E+06", numPlain, "1200000", "1200000"},
		{"12a", numBad, "", ""},
	}
	for _, tc := range cases {
		if c := classify(tc.in); c != tc.class {
			t.Errorf("classify(%q) = %d, want %d", tc.in, c, tc.class)
		}
		for style, want := range map[NumberStyle]string{StyleID: tc.id, StyleEN: tc.en} {
			v, _, ok := parseStyled(tc.in, style)
			got := ""
			if ok {
				got = strconv.FormatFloat(v, 'f', -1, 64)
			}
			if got != want {
				t.Errorf("parse(%q, %s) = %q, want %q", tc.in, style, got, want)
			}
		}
	}
	for in, want := range map[string][4]bool{ // neg, nil, missing
		"-": {false, true, false}, "–": {false, true, false}, "...": {false, false, true}, "": {false, false, true},
		"(1.234)": {true, false, false}, "-5": {true, false, false}, "US$ 5": {false, false, false},
	} {
		_, neg, nilV, missing := cleanNumber(in)
		if neg != want[0] || nilV != want[1] || missing != want[2] {
			t.Errorf("cleanNumber(%q) = %v %v %v", in, neg, nilV, missing)
		}
	}
	for in, want := range map[string]string{ // the digits left, negative when "-"
		"US$ 5": "5", "-US$5": "-5", "US$ -5": "-5", "(US$ 1,000)": "-1,000", "Rp. 1.250.000": "1.250.000",
		"Rp1.000": "1.000", "rp 12,5": "12,5", "1,000 USD": "1,000", "(1.234)": "-1.234", "+7": "7", "−3": "-3",
	} {
		digits, neg, _, _ := cleanNumber(in)
		if neg {
			digits = "-" + digits
		}
		if digits != want {
			t.Errorf("cleanNumber(%q) = %q, want %q", in, digits, want)
		}
	}
	if s := formatNumber(1234567.891, 2, StyleID); s != "1.234.567,89" {
		t.Error(s)
	}
	if s := formatNumber(-1234.5, 1, StyleEN); s != "-1,234.5" {
		t.Error(s)
	}
}

func TestCountryName(t *testing.T) {
	if CountryName("NLD", "id") != "Belanda" || CountryName("NLD", "en") != "Netherlands" || CountryName("XXX", "id") != "XXX" {
		t.Error(CountryName("NLD", "id"), CountryName("NLD", "en"))
	}
}
