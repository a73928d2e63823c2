package exportstats

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// accents maps the accented Latin letters of country names to plain ones.
var accents = strings.NewReplacer("ü", "u", "ç", "c", "é", "e", "è", "e", "ê", "e", "ô", "o", "ö", "o", "ã", "a", "á", "a",
	"à", "a", "â", "a", "í", "i", "ï", "i", "ñ", "n", "ó", "o", "ú", "u", "å", "a", "ø", "o", "ş", "s", "ğ", "g", "ı", "i")

// normText folds text for comparison: lower case, accents dropped (Türkiye,
// Curaçao), every run of punctuation and spaces one space.
func normText(s string) string {
	var b strings.Builder
	space := true
	for _, r := range accents.Replace(strings.ToLower(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case r == '$': // "US$" stays "us"
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// squash is normText without spaces: "Korea  Selatan" and "KoreaSelatan"
// are one key.
func squash(s string) string { return strings.ReplaceAll(normText(s), " ", "") }

// Months as tables write them: Indonesian and English names and their
// abbreviations (BPS writes Agu, Okt, Des, Nop; Excel in English Aug, Oct, Dec).
var monthWords = func() map[string]int {
	m := map[string]int{}
	for i, names := range [][]string{
		{"januari", "january", "jan"},
		{"februari", "february", "feb", "peb", "pebruari"},
		{"maret", "march", "mar", "mrt"},
		{"april", "apr"},
		{"mei", "may"},
		{"juni", "june", "jun"},
		{"juli", "july", "jul"},
		{"agustus", "august", "agu", "agt", "ags", "aug", "agust"},
		{"september", "sep", "sept", "sep"},
		{"oktober", "october", "okt", "oct"},
		{"november", "nopember", "nov", "nop"},
		{"desember", "december", "des", "dec"},
	} {
		for _, n := range names {
			m[n] = i + 1
		}
	}
	return m
}()

// englishMonthWords are the month words only English uses: they tell the
// language of a wide table's header.
var englishMonthWords = map[string]bool{"january": true, "february": true, "march": true, "may": true, "june": true, "july": true,
	"august": true, "aug": true, "october": true, "oct": true, "december": true, "dec": true}

// totalWords begin a total row's label ("Total", "Jumlah", "Total Ekspor",
// "Grand total"); totalNames are whole labels that mean "all of them".
var (
	totalWords = map[string]bool{"total": true, "jumlah": true, "grand": true, "subtotal": true}
	totalNames = map[string]bool{"dunia": true, "world": true, "semua negara": true, "seluruh negara": true, "all countries": true,
		"semua komoditas": true, "seluruh komoditas": true, "all commodities": true, "all products": true, "semua barang": true,
		"all": true, "semua": true, "jan des": true, "januari desember": true}
)

// isTotal reports whether a label names a total row.
func isTotal(s string) bool {
	n := normText(s)
	if n == "" {
		return false
	}
	first, _, _ := strings.Cut(n, " ")
	return totalWords[first] || totalNames[n]
}

// isOther reports whether a destination or commodity label is the "all the
// rest" bucket of a table: Lainnya, Negara lainnya, Lain-lain, Others,
// Other countries, Rest of the world, Komoditas lainnya.
func isOther(s string) bool {
	n := normText(s)
	switch n {
	case "lainnya", "lain lain", "lain", "others", "other", "negara lainnya", "negara lain", "negara negara lainnya", "negara negara lain",
		"other countries", "others countries", "other destinations", "rest of the world", "rest of world", "row", "tujuan lainnya",
		"komoditas lainnya", "komoditi lainnya", "barang lainnya", "produk lainnya", "golongan barang lainnya", "hs lainnya",
		"other commodities", "others commodities", "other products", "other goods", "lainnya lainnya":
		return true
	}
	return strings.HasPrefix(n, "lainnya ") || strings.HasPrefix(n, "others ") || strings.HasPrefix(n, "lain lain ")
}

// countryAliases are the names and abbreviations BPS tables and analysts use
// that are not the reference data's English or Indonesian (CLDR) names, in
// squashed form. "AS" is Amerika Serikat here, as in every Indonesian table,
// not American Samoa (ISO2 AS), which no Indonesian province exports to.
var countryAliases = map[string]string{
	"as": "USA", "usa": "USA", "us": "USA", "amerika": "USA", "unitedstatesofamerica": "USA", "amerikaserikatas": "USA", "paman sam": "USA",
	"tiongkok": "CHN", "cina": "CHN", "china": "CHN", "rrt": "CHN", "rrc": "CHN", "republikrakyattiongkok": "CHN", "republikrakyatcina": "CHN",
	"prc": "CHN", "peoplesrepublicofchina": "CHN", "chinamainland": "CHN", "tiongkokdaratan": "CHN", "tiongkokrrt": "CHN", "chinarrt": "CHN",
	"korsel": "KOR", "korea": "KOR", "republicofkorea": "KOR", "korearep": "KOR", "korearepublicof": "KOR", "koreaselatankorsel": "KOR", "korearepublik": "KOR",
	"korut": "PRK", "koreautara": "PRK",
	"uea": "ARE", "uae": "ARE", "emiratarab": "ARE", "persatuanemiratarab": "ARE", "unitedarabemirates": "ARE", "uniemiratarabuea": "ARE",
	"inggris": "GBR", "uk": "GBR", "britaniaraya": "GBR", "greatbritain": "GBR", "unitedkingdom": "GBR", "kerajaanbersatu": "GBR", "england": "GBR",
	"perancis": "FRA", "prancis": "FRA",
	"belanda": "NLD", "holland": "NLD", "thenetherlands": "NLD", "nederland": "NLD",
	"hongkong": "HKG", "hongkongsar": "HKG", "hongkongchina": "HKG",
	"taiwan": "TWN", "chinesetaipei": "TWN", "taipei": "TWN", "taiwanprovinceofchina": "TWN", "otherasianes": "TWN", "otherasia": "TWN",
	"vietnam": "VNM", "vietnamsocialistrepublic": "VNM",
	"saudi": "SAU", "saudiarabia": "SAU", "arabsaudi": "SAU", "kerajaanarabsaudi": "SAU",
	"rusia": "RUS", "russia": "RUS", "russianfederation": "RUS", "federasirusia": "RUS",
	"turki": "TUR", "turkiye": "TUR", "turkey": "TUR",
	"swiss": "CHE", "switzerland": "CHE",
	"selandiabaru": "NZL", "newzealand": "NZL",
	"afrikaselatan": "ZAF", "southafrica": "ZAF",
	"papuanugini": "PNG", "papuanewguinea": "PNG", "png": "PNG",
	"timorleste": "TLS", "timortimur": "TLS", "easttimor": "TLS",
	"brunei": "BRN", "bruneidarussalam": "BRN",
	"iran": "IRN", "irak": "IRQ", "iraq": "IRQ", "suriah": "SYR", "syria": "SYR", "yordania": "JOR", "jordan": "JOR",
	"libanon": "LBN", "lebanon": "LBN", "yaman": "YEM", "yemen": "YEM", "mesir": "EGY", "egypt": "EGY",
	"aljazair": "DZA", "algeria": "DZA", "maroko": "MAR", "morocco": "MAR", "laos": "LAO", "myanmar": "MMR", "burma": "MMR",
	"kamboja": "KHM", "cambodia": "KHM", "filipina": "PHL", "philippines": "PHL", "singapura": "SGP", "singapore": "SGP",
	"thailand": "THA", "muangthai": "THA", "malaysia": "MYS", "jepang": "JPN", "japan": "JPN", "jerman": "DEU", "germany": "DEU",
	"spanyol": "ESP", "spain": "ESP", "italia": "ITA", "italy": "ITA", "belgia": "BEL", "belgium": "BEL",
	"kanada": "CAN", "canada": "CAN", "meksiko": "MEX", "mexico": "MEX", "brasil": "BRA", "brazil": "BRA",
	"polandia": "POL", "poland": "POL", "swedia": "SWE", "sweden": "SWE", "norwegia": "NOR", "norway": "NOR",
	"denmark": "DNK", "finlandia": "FIN", "finland": "FIN", "yunani": "GRC", "greece": "GRC", "irlandia": "IRL", "ireland": "IRL",
	"ceko": "CZE", "republikceko": "CZE", "czechrepublic": "CZE", "czechia": "CZE", "rumania": "ROU", "romania": "ROU", "ukraina": "UKR", "ukraine": "UKR",
	"srilanka": "LKA", "chili": "CHL", "chile": "CHL", "kolombia": "COL", "colombia": "COL", "portugis": "PRT", "portugal": "PRT",
	"austria": "AUT", "hungaria": "HUN", "hungary": "HUN", "kuwait": "KWT", "qatar": "QAT", "katar": "QAT", "oman": "OMN", "bahrain": "BHR",
	"pantaigading": "CIV", "ivorycoast": "CIV", "cotedivoire": "CIV",
}

type countryIndex struct {
	byKey  map[string]string // squashed name or code → ISO3
	keys   []string          // name keys, for suggestions
	keyISO []string
}

var (
	countriesOnce sync.Once
	countries     *countryIndex
)

func countryIdx() *countryIndex {
	countriesOnce.Do(func() {
		ix := &countryIndex{byKey: map[string]string{}}
		add := func(key, iso3 string, suggest bool) {
			if key == "" {
				return
			}
			if _, dup := ix.byKey[key]; dup {
				return
			}
			ix.byKey[key] = iso3
			if suggest && len(key) > 3 {
				ix.keys = append(ix.keys, key)
				ix.keyISO = append(ix.keyISO, iso3)
			}
		}
		for k, v := range countryAliases { // aliases first: they win over codes ("AS")
			add(strings.ReplaceAll(k, " ", ""), v, true)
		}
		for _, c := range refdata.Countries() {
			if c.ISO3 == "" || c.ISO3 == "UNK" {
				continue
			}
			add(squash(c.NameID), c.ISO3, true)
			add(squash(c.NameEN), c.ISO3, true)
			add(strings.ToLower(c.ISO3), c.ISO3, false)
			add(strings.ToLower(c.ISO2), c.ISO3, false)
		}
		countries = ix
	})
	return countries
}

// CountryName returns a country's name in Indonesian (lang "id") or English.
func CountryName(iso3, lang string) string {
	if c, ok := refdata.CountryByISO3(iso3); ok {
		return c.Name(lang)
	}
	return iso3
}

// ResolveCountry reads a destination as tables write it — an Indonesian or
// English name in any case and spacing (Amerika Serikat, AMERIKA SERIKAT,
// Tiongkok, Cina, RRT, Korsel, UEA, Inggris, Perancis, Türkiye), an ISO
// 3166 alpha-2 or alpha-3 code, or a numeric (ISO or UN Comtrade) code —
// and returns its ISO3 code. A name with a bracketed part ("Amerika Serikat
// (AS)", "Korea, Republic of") is tried whole, then without the bracket, then
// by the bracket alone. suggestion is a close name when nothing matched.
func ResolveCountry(s string) (iso3, suggestion string, ok bool) {
	ix := countryIdx()
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", false
	}
	if n, err := strconv.Atoi(s); err == nil {
		if c, ok := trade.CountryByNumeric(n); ok {
			return trade.NormalizeCountry(c), "", true
		}
		return "", "", false
	}
	try := func(t string) (string, bool) {
		k := squash(t)
		if c, ok := ix.byKey[k]; ok {
			return trade.NormalizeCountry(c), true
		}
		// "Negara Jepang", "Rep. Korea", "The Netherlands".
		for _, p := range []string{"negara", "the", "republik", "republic", "rep", "kerajaan"} {
			if rest, ok := strings.CutPrefix(k, p); ok && rest != "" {
				if c, ok := ix.byKey[rest]; ok {
					return trade.NormalizeCountry(c), true
				}
			}
		}
		return "", false
	}
	if c, ok := try(s); ok {
		return c, "", true
	}
	if i := strings.IndexAny(s, "(["); i > 0 {
		if c, ok := try(s[:i]); ok {
			return c, "", true
		}
		inner := strings.TrimRight(s[i+1:], ")] ")
		if c, ok := try(inner); ok {
			return c, "", true
		}
	}
	if i := strings.Index(s, ","); i > 0 { // "Korea, Rep." → "Korea"
		if c, ok := try(s[:i]); ok {
			return c, "", true
		}
	}
	return "", ix.suggest(squash(s)), false
}

// suggest returns the Indonesian name of the country whose key is closest
// to k, when it is close (one edit for short names, two for long ones).
func (ix *countryIndex) suggest(k string) string {
	if len(k) < 4 {
		return ""
	}
	best, bestD := "", 3
	limit := 1
	if len(k) >= 8 {
		limit = 2
	}
	for i, key := range ix.keys {
		if d := levenshtein(k, key, limit); d <= limit && d < bestD {
			best, bestD = ix.keyISO[i], d
		}
	}
	if best == "" {
		return ""
	}
	return CountryName(best, "id")
}

// levenshtein is the edit distance of a and b, or limit+1 once it exceeds limit.
func levenshtein(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var buf [2 * 64]int // country names fit: no allocation per comparison
	rows := buf[:]
	if len(b) >= 64 {
		rows = make([]int, 2*(len(b)+1))
	}
	prev, cur := rows[:len(b)+1], rows[len(b)+1:2*(len(b)+1)]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// splitCommodity reads a commodity label: "HS 09 Kopi, teh, rempah-rempah",
// "09 - Kopi, teh dan rempah", "[0901] Kopi", "0901.11 Kopi biji" or a name
// alone ("Kopi"). The code is the digits (a dot inside, as in "0901.11",
// dropped), "" when the label starts with none. A row number in front of a
// name ("1. Kopi", "3) Udang", "7 Kayu") is not a code: without an "HS" or a
// bracket in front, only 2, 4, 6 or 8 digits standing apart from the name
// are read as one.
func splitCommodity(s string) (code, name string) {
	s = strings.TrimSpace(s)
	rest, prefixed := s, false
	for _, p := range []string{"kode hs", "hs code", "hs", "[", "("} {
		if len(rest) > len(p) && strings.EqualFold(rest[:len(p)], p) {
			next := rest[len(p)]
			if p == "[" || p == "(" || next == ' ' || next == ':' || next == '.' || (next >= '0' && next <= '9') {
				rest, prefixed = strings.TrimLeft(rest[len(p):], " :."), true
				break
			}
		}
	}
	i := 0
	var digits strings.Builder
	for i < len(rest) {
		c := rest[i]
		if c >= '0' && c <= '9' {
			digits.WriteByte(c)
			i++
			continue
		}
		if c == '.' && digits.Len() >= 4 && digits.Len()%2 == 0 && i+1 < len(rest) && rest[i+1] >= '0' && rest[i+1] <= '9' {
			i++ // "0901.11"
			continue
		}
		break
	}
	if digits.Len() == 0 || digits.Len() > 10 {
		return "", s
	}
	after := rest[i:]
	trimName := func(t string) string {
		t = strings.TrimLeft(t, " -:.)]\t")
		t = strings.TrimPrefix(strings.TrimPrefix(t, "–"), "—")
		return strings.TrimSpace(t)
	}
	if after != "" {
		c := after[0]
		if c != ' ' && c != '-' && c != ':' && c != ']' && c != ')' && c != '.' && c != '\t' && !strings.HasPrefix(after, "–") && !strings.HasPrefix(after, "—") {
			return "", s // "4WD parts": digits that are part of the name
		}
	}
	if !prefixed {
		listNumber := strings.HasPrefix(after, ".") || strings.HasPrefix(after, ")")
		if n := digits.Len(); listNumber || n%2 == 1 {
			if after == "" {
				return "", s // a bare number: the caller reads it as a code
			}
			return "", trimName(after)
		}
	}
	return digits.String(), trimName(after)
}

var hsMarks = strings.NewReplacer(".", "", " ", "")

// normalizeHS turns a code as typed into HS digits: spreadsheets drop the
// leading zero of chapters 01–09 ("9" for 09, "901" for 0901), which is put
// back; the result has 2, 4, 6 or 8 digits, or ok is false.
func normalizeHS(code string) (string, bool) {
	code = hsMarks.Replace(strings.TrimSpace(code))
	for _, c := range code {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	if len(code)%2 == 1 {
		code = "0" + code
	}
	switch len(code) {
	case 2, 4, 6, 8:
		return code, true
	}
	return "", false
}

// knownHS reports whether an HS chapter, heading or subheading exists in
// HS 2022 (an 8-digit national code is checked by its subheading).
func knownHS(code string) bool {
	if len(code) == 8 {
		code = code[:6]
	}
	_, ok := refdata.DefaultHSIndex().ByCode(code)
	return ok
}
