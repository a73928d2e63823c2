package importer

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
)

// Cell values as offices type them: placeholders for "unknown", and what
// Excel does to long numbers and dates. Every function here looks at a cell
// once, left to right, and gives up on long text: bounded and linear.

// maxPlaceholderLen bounds the text looked at as a placeholder; longer text
// is a value.
const maxPlaceholderLen = 24

// placeholderWords are the written forms of "unknown"/"none", in the
// comparison form of normHeader ("n/a" is "n a").
var placeholderWords = map[string]bool{
	"belum ada": true, "blm ada": true, "tidak ada": true, "tdk ada": true, "tak ada": true, "gak ada": true, "ga ada": true,
	"tidak tahu": true, "tdk tahu": true, "tidak diketahui": true, "belum diketahui": true, "tdk diketahui": true,
	"n a": true, "na": true, "kosong": true, "nihil": true, "nil": true, "null": true, "none": true,
	"tidak punya": true, "belum punya": true, "tdk punya": true, "blm punya": true, "belum": true,
}

// IsPlaceholder says whether v only says "unknown": dashes, dots, question
// marks, x's, or words such as "belum ada", "tidak ada", "n/a", "kosong".
// code says the field holds a code (NIK, NIB, phone, KBLI …), where zeros
// ("0", "000") mean none as well.
func IsPlaceholder(v string, code bool) bool {
	v = unbracket(strings.TrimSpace(v))
	if v == "" || len(v) > maxPlaceholderLen {
		return false
	}
	// Most cells are values: only these first bytes can start a
	// placeholder (0xE2 begins – and —).
	switch v[0] {
	case '-', '.', '?', '_', '/', '*', 'x', 'X', '0', 0xE2:
	case 'b', 'B', 't', 'T', 'g', 'G', 'n', 'N', 'k', 'K':
		if !wordStart(v) {
			return false
		}
	default:
		// "(tidak ada)", "[kosong]", "\"n/a\"", "!na": a word in brackets,
		// quotes or behind any other ASCII mark is still a placeholder.
		if c := v[0]; c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return false
		}
	}
	marks, xs, zeros, other := 0, 0, 0, 0
	for _, r := range v {
		switch {
		case r == '-' || r == '–' || r == '—' || r == '.' || r == '?' || r == '_' || r == '/' || r == '*' || r == ' ':
			marks++
		case r == 'x' || r == 'X':
			xs++
		case r == '0':
			zeros++
		default:
			other++
		}
	}
	switch {
	case other == 0 && xs == 0 && zeros == 0:
		return true // "-", "–", "..", "?", "- -"
	case other == 0 && zeros == 0 && xs >= 2:
		return true // "xxx", "XX"
	case other == 0 && xs == 0 && zeros > 0 && code:
		return true // "0", "000", "0-0"
	}
	return placeholderWord(v)
}

// unbracket takes away one pair of brackets or quotes around v: offices
// write "(-)", "[ - ]", "'-'" for unknown as well.
func unbracket(v string) string {
	if len(v) < 2 {
		return v
	}
	var close byte
	switch v[0] {
	case '(':
		close = ')'
	case '[':
		close = ']'
	case '{':
		close = '}'
	case '"', '\'':
		close = v[0]
	default:
		return v
	}
	if v[len(v)-1] != close {
		return v
	}
	return strings.TrimSpace(v[1 : len(v)-1])
}

// wordStart says whether v can begin one of placeholderWords: its first
// two bytes, in lower case, begin one of them.
func wordStart(v string) bool {
	if len(v) < 2 {
		return false
	}
	a, b := v[0]|0x20, v[1]|0x20
	switch a {
	case 'b':
		return b == 'e' || b == 'l'
	case 't':
		return b == 'i' || b == 'd' || b == 'a'
	case 'g':
		return b == 'a'
	case 'n':
		// "n/a", "n.a", "n a", "n!a": placeholderWord takes any ASCII
		// byte that is not a letter or digit as a space between words.
		c := v[1]
		return b == 'a' || b == 'i' || b == 'u' || b == 'o' ||
			c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
	case 'k':
		return b == 'o'
	}
	return false
}

// placeholderWord looks v up among placeholderWords in their comparison
// form, built in a buffer on the stack: a cell that is a value costs no
// allocation (this runs for every cell of every row).
func placeholderWord(v string) bool {
	var buf [maxPlaceholderLen]byte
	n := 0
	space := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			buf[n] = c
			n++
			space = false
		case c >= 0x80:
			return false // the words are ASCII
		case !space:
			buf[n] = ' '
			n++
			space = true
		}
	}
	if n > 0 && buf[n-1] == ' ' {
		n--
	}
	return placeholderWords[string(buf[:n])]
}

// codeField says whether f holds a code or a number written as text,
// where "0" means none.
func codeField(f Field) bool {
	switch f {
	case FOwnerNIK, FNIB, FNPWP, FKBLI, FPhone, FEmail, FProvinceCode, FRegencyCode, FDistrictCode, FVillageCode, FRegionCode:
		return true
	}
	return false
}

// requiredFields must hold a value; a placeholder there is refused.
func requiredField(f Field, province string) bool {
	return f == FName || f == FRegency && province == ""
}

// ExcelDamage says what Excel did to a number typed without Text format.
type ExcelDamage int

const (
	NoDamage     ExcelDamage = iota
	Scientific               // "1.80101E+15": digits are gone for good
	ZeroedDigits             // "1801012345678900": 16 digits, Excel kept only 15
	MaybeZeroed              // 16 digits ending in one 0: may be genuine
)

// scientific reports whether v is a number in Excel's scientific notation
// ("1.80101E+15", "6,28123E+11").
func scientific(v string) bool {
	v = strings.TrimSpace(v)
	mant, exp, ok := strings.Cut(strings.ToUpper(v), "E")
	if !ok || mant == "" || exp == "" || len(v) > 40 {
		return false
	}
	exp = strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
	for _, r := range exp {
		if r < '0' || r > '9' {
			return false
		}
	}
	digits, seps := 0, 0
	for _, r := range mant {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
			seps++
		default:
			return false
		}
	}
	return digits > 0 && seps <= 1 && exp != ""
}

// IdentityDamage tells whether a NIK, NIB or NPWP cell is a number Excel
// mangled: written in scientific notation, or a 16-digit number whose last
// digit Excel (which keeps 15 significant digits) turned into 0.
func IdentityDamage(v string, digits16 bool) ExcelDamage {
	v = strings.TrimSpace(v)
	if scientific(v) {
		return Scientific
	}
	if !digits16 || len(v) != 16 || strings.Trim(v, "0123456789") != "" {
		return NoDamage
	}
	switch {
	case strings.HasSuffix(v, "00"):
		return ZeroedDigits
	case strings.HasSuffix(v, "0"):
		return MaybeZeroed
	}
	return NoDamage
}

// ExcelSerialDate reads an Excel date serial number (days since 30
// December 1899, "44927" is 1 January 2023) within 1900–2100.
func ExcelSerialDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '.'); i > 0 && strings.Trim(v[i+1:], "0123456789") == "" {
		v = v[:i] // a time of day after the point
	}
	if len(v) != 5 || strings.Trim(v, "0123456789") != "" {
		return time.Time{}, false
	}
	n, _ := strconv.Atoi(v)
	if n < 2 { // 1900 starts at serial 1
		return time.Time{}, false
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	return t, t.Year() >= 1900 && t.Year() <= 2100
}

// PhoneDamage tells what Excel did to a phone number: scientific notation
// (digits lost), or the leading 0 dropped ("8123456789" for 08123456789),
// which can be repaired: fixed is the number with its 0 back.
func PhoneDamage(v string) (d ExcelDamage, fixed string) {
	v = strings.TrimSpace(v)
	if scientific(v) {
		return Scientific, ""
	}
	if len(v) >= 9 && len(v) <= 13 && v[0] == '8' && strings.Trim(v, "0123456789") == "" {
		return ZeroedDigits, "0" + v
	}
	return NoDamage, ""
}

// maxKBLIText bounds the cell text searched for KBLI codes.
const maxKBLIText = 2000

// KBLIInText extracts the KBLI codes written in a cell: a plain list
// ("10792, 47111") or codes inside text ("[10792] Industri kue",
// "10792 - Industri roti", "KBLI 10792"). Inside text only whole runs of
// five digits count. text says the cell held more than codes.
func KBLIInText(v string) (codes []string, text bool) {
	if len(v) > maxKBLIText {
		v = v[:maxKBLIText]
	}
	start := -1
	flush := func(end int) {
		if start >= 0 {
			codes = append(codes, v[start:end])
			start = -1
		}
	}
	var runs []string
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		switch {
		case r >= '0' && r <= '9':
			if start < 0 {
				start = i
			}
		case r == ',' || r == ';' || r == '/' || r == ' ' || r == '\n' || r == '\t':
			flush(i)
		default:
			flush(i)
			if unicode.IsLetter(r) || r == '[' || r == ']' || r == '(' || r == ')' || r == '-' || r == ':' || r == '.' {
				text = true
			}
		}
		i += size
	}
	flush(len(v))
	if !text {
		return codes, false
	}
	for _, c := range codes {
		if len(c) == 5 {
			runs = append(runs, c)
		}
	}
	return runs, true
}

// excelEvidence counts, per column, the 16-digit numbers read so far and
// those ending in 0. Excel keeps 15 significant digits, so a column it
// turned into numbers has every one ending in 0; genuine numbers end in 0
// one time in ten, so three or more, all ending in 0, are Excel's work.
type excelEvidence struct {
	seen, zeros [2]int // NIK, NPWP
}

// damaged records one 16-digit value and reports whether its column, so
// far, is Excel's.
func (x *excelEvidence) damaged(i int, v string) bool {
	x.seen[i]++
	if strings.HasSuffix(v, "0") {
		x.zeros[i]++
	}
	return x.seen[i] >= 3 && x.zeros[i] == x.seen[i]
}

// excelDamage names what Excel did to the row's identity numbers, phone
// and date, before the domain's rules refuse them with a vaguer message.
func (r *Reader) excelDamage(get func(Field) string, problem, guess func(Field, string, ...any)) {
	for _, id := range []struct {
		f    Field
		name string
		d16  bool
		col  int
	}{{FOwnerNIK, "NIK", true, 0}, {FNIB, "NIB", false, 0}, {FNPWP, "NPWP", true, 1}} {
		v := get(id.f)
		d := IdentityDamage(v, id.d16)
		if d == Scientific {
			problem(id.f, "import.excel_id_number", id.name)
			continue
		}
		if !id.d16 || len(v) != 16 || strings.Trim(v, "0123456789") != "" {
			continue
		}
		switch column := r.excel.damaged(id.col, v); {
		case column && d != NoDamage:
			problem(id.f, "import.excel_id_number", id.name)
		case d == ZeroedDigits:
			// Two trailing zeros are a genuine number's one time in a
			// hundred: said, not refused.
			guess(id.f, "import.guess_id_maybe_excel", id.name)
		}
	}
	switch d, fixed := PhoneDamage(get(FPhone)); d {
	case Scientific:
		problem(FPhone, "import.excel_phone_number")
	case ZeroedDigits:
		guess(FPhone, "import.guess_phone_zero", fixed)
	}
	if t, ok := ExcelSerialDate(get(FFounded)); ok {
		guess(FFounded, "import.guess_excel_date", t.Format("2006-01-02"))
	}
}

// maxContactCell bounds the cell firstInCell looks into: a few numbers or
// addresses with their labels.
const maxContactCell = 200

// firstInCell picks a phone number or an e-mail address out of a cell as
// offices fill it: a label before it ("HP: 0812…", "Email: a@b.id"), a
// note after it ("0812… (WA)"), several of them ("0812… / 0721…", "a@b.id,
// c@d.id"). A cell that reads whole is returned normalised; otherwise the
// first part that reads is, with the others (to be noted) and picked
// true. A cell where nothing reads is returned as it is, for validation to
// refuse.
func firstInCell(v string, split func(rune) bool, clean func(string) string, normalize func(string) (string, error)) (first string, others []string, picked bool) {
	v = strings.TrimSpace(v)
	if n, err := normalize(v); err == nil {
		return n, nil, false
	}
	if len(v) > maxContactCell {
		return v, nil, false
	}
	var found []string
	for _, p := range strings.FieldsFunc(v, split) {
		if n, err := normalize(clean(p)); err == nil {
			found = append(found, n)
		}
	}
	if len(found) == 0 {
		return v, nil, false
	}
	return found[0], found[1:], true
}

// phoneOfCell is firstInCell for a phone: parts split at / , ; & and new
// lines, each cut to its number.
func phoneOfCell(v string) (string, []string, bool) {
	return firstInCell(v, func(r rune) bool { return r == '/' || r == ',' || r == ';' || r == '&' || r == '\n' }, phonePart, siapekspor.NormalizePhone)
}

// phonePart is the number in one part of a phone cell: no second number
// after "atau", no label before it, no note after it.
func phonePart(p string) string {
	for _, word := range []string{" atau ", " dan ", " or "} {
		p, _, _ = strings.Cut(p, word)
	}
	if i := strings.IndexAny(p, "0123456789+("); i > 0 {
		p = p[i:]
	}
	if i := strings.LastIndexByte(p, '('); i > 0 && !strings.ContainsAny(p[i:], "0123456789") {
		p = p[:i]
	}
	return strings.TrimRightFunc(p, func(r rune) bool { return !(r >= '0' && r <= '9') })
}

// emailOfCell is firstInCell for an e-mail address: words split at / , ;
// & and spaces, brackets and quotes around them dropped.
func emailOfCell(v string) (string, []string, bool) {
	return firstInCell(v, func(r rune) bool { return r == '/' || r == ',' || r == ';' || r == '&' || unicode.IsSpace(r) },
		func(w string) string { return strings.Trim(w, "()<>[]\"'.:") }, siapekspor.NormalizeEmail)
}

// Bounds of the products read from one cell.
const (
	maxRowProducts    = 10
	maxProductNameLen = 200 // characters, as a product's name allows
)

// SplitProducts reads a product cell ("Keripik pisang, keripik singkong;
// kopi bubuk") into product names: split at commas, semicolons, slashes,
// new lines and " dan ", trimmed, without repeats, at most ten.
func SplitProducts(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	v = strings.ReplaceAll(v, " dan ", ",")
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '/' || r == '\n' || r == '•' }) {
		name := strings.Join(strings.Fields(part), " ")
		name = strings.TrimLeft(name, "-–*0123456789. ")
		if name == "" || IsPlaceholder(name, false) {
			continue
		}
		if utf8.RuneCountInString(name) > maxProductNameLen {
			name = string([]rune(name)[:maxProductNameLen])
		}
		key := strings.ToLower(name)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, name)
		if len(out) == maxRowProducts {
			break
		}
	}
	return out
}

// mappedFields are the fields the header maps, in the order of Fields,
// worked out on the first row.
func (r *Reader) mappedFields() []Field {
	if r.mapped == nil {
		r.mapped = make([]Field, 0, len(r.Header.Mapping))
		for _, f := range Fields {
			if _, ok := r.Header.Mapping[f]; ok {
				r.mapped = append(r.mapped, f)
			}
		}
	}
	return r.mapped
}
