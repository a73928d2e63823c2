// Package i18n holds the message catalogues and the number, money and date
// formats. Every text a user sees comes from here by key; handlers never
// hard-code messages.
//
// The officers' app speaks Indonesian and English (Langs). The public
// catalogue for foreign buyers also speaks Chinese (Simplified), Japanese,
// Arabic (right to left) and French (PublicLangs); a message missing in one
// of those four falls back to English.
package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/siapekspor/siapekspor"
)

// Lang is a supported language.
type Lang string

const (
	ID Lang = "id" // Indonesian, the default
	EN Lang = "en"

	// The public catalogue's further languages.
	ZH Lang = "zh" // Chinese, Simplified
	JA Lang = "ja" // Japanese
	AR Lang = "ar" // Arabic, right to left
	FR Lang = "fr" // French
)

// Langs lists the languages of the officers' app, default first.
var Langs = []Lang{ID, EN}

// PublicLangs lists the languages of the public catalogue, default first:
// English for buyers abroad, Indonesian one click away, then the others.
var PublicLangs = []Lang{EN, ID, ZH, JA, AR, FR}

// public reports whether l is one of the catalogue's further languages,
// whose missing messages fall back to English.
func (l Lang) public() bool { return l == ZH || l == JA || l == AR || l == FR }

// Parse returns the language named by s ("id", "en", "en-US", …) and whether it is supported.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_;"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "id", "in":
		return ID, true
	case "en":
		return EN, true
	}
	return ID, false
}

// ParsePublic returns the public catalogue's language named by s ("en",
// "zh-CN", "fr-FR", "in" for Indonesian, …) and whether it is one; any other
// text gives English, the catalogue's default.
func ParsePublic(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_;"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "id", "in":
		return ID, true
	case "en", "zh", "ja", "ar", "fr":
		return Lang(s), true
	}
	return EN, false
}

// Dir is the language's writing direction for the dir attribute: "rtl"
// for Arabic, "ltr" for the others.
func (l Lang) Dir() string {
	if l == AR {
		return "rtl"
	}
	return "ltr"
}

// Name is the language's name in itself, for a language menu.
func (l Lang) Name() string {
	switch l {
	case ID:
		return "Bahasa Indonesia"
	case EN:
		return "English"
	case ZH:
		return "中文"
	case JA:
		return "日本語"
	case AR:
		return "العربية"
	case FR:
		return "Français"
	}
	return string(l)
}

// Tag is the language's BCP 47 tag for the lang and hreflang attributes:
// the code, but "zh-Hans" for Chinese, which is written in simplified
// characters.
func (l Lang) Tag() string {
	if l == ZH {
		return "zh-Hans"
	}
	return string(l)
}

// Other is the language the switch offers.
func (l Lang) Other() Lang {
	if l == EN {
		return ID
	}
	return EN
}

//go:embed locales
var files embed.FS

var (
	loadOnce sync.Once
	catalog  map[Lang]map[string]string
	loadErr  error
)

// load reads every locales/<lang>/*.json file; each area of the system keeps
// its own file so that features add messages without touching others'.
func load() {
	catalog = map[Lang]map[string]string{}
	for _, l := range PublicLangs {
		catalog[l] = map[string]string{}
		dir := path.Join("locales", string(l))
		entries, err := fs.ReadDir(files, dir)
		if err != nil {
			loadErr = err
			return
		}
		for _, e := range entries {
			b, err := files.ReadFile(path.Join(dir, e.Name()))
			if err != nil {
				loadErr = err
				return
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				loadErr = fmt.Errorf("%s/%s: %w", dir, e.Name(), err)
				return
			}
			for k, v := range m {
				if _, dup := catalog[l][k]; dup {
					loadErr = fmt.Errorf("%s/%s: key %q is defined twice", dir, e.Name(), k)
					return
				}
				catalog[l][k] = v
			}
		}
	}
}

// Check loads the catalogues and reports a broken file; called at start-up
// so that a bad catalogue stops the server instead of a page.
func Check() error {
	loadOnce.Do(load)
	return loadErr
}

// Keys returns the keys of a language's catalogue.
func Keys(l Lang) map[string]string {
	loadOnce.Do(load)
	return catalog[l]
}

// Has reports whether key exists in every language of the officers' app
// (Indonesian and English); the public languages fall back to English.
func Has(key string) bool {
	loadOnce.Do(load)
	for _, l := range Langs {
		if _, ok := catalog[l][key]; !ok {
			return false
		}
	}
	return true
}

// T returns the message for key in l, with args filled in by fmt verbs.
// Every message is a fmt format (a percent sign is written %%), with or
// without arguments. A message missing in Chinese, Japanese, Arabic or
// French is the English one; missing in English, the Indonesian one. A
// missing key shows as the key itself and a wrong argument as %!, which
// tests catch.
func T(l Lang, key string, args ...any) string {
	loadOnce.Do(load)
	msg, ok := catalog[l][key]
	if !ok && l.public() {
		msg, ok = catalog[EN][key]
	}
	if !ok {
		if msg, ok = catalog[ID][key]; !ok {
			return key
		}
	}
	if len(args) == 0 && !strings.Contains(msg, "%") {
		return msg
	}
	for i, a := range args {
		if c, ok := a.(siapekspor.Count); ok {
			args = slices.Clone(args)
			args[i] = grouped{n: int64(c), p: Printer{Lang: l}}
		}
	}
	return fmt.Sprintf(msg, args...)
}

// grouped writes a siapekspor.Count in a language's number format, for
// whichever verb its message has (%d or %s).
type grouped struct {
	n int64
	p Printer
}

func (g grouped) Format(f fmt.State, _ rune) { f.Write([]byte(g.p.Num(g.n))) }

// Printer formats messages, numbers and dates for one language; pages get
// one per request.
type Printer struct{ Lang Lang }

// T returns the message for key.
func (p Printer) T(key string, args ...any) string { return T(p.Lang, key, args...) }

// Choice returns the label of an enumerated value: prefix.value.
func (p Printer) Choice(prefix string, value any) string {
	v := fmt.Sprint(value)
	if v == "" {
		return ""
	}
	return T(p.Lang, prefix+"."+v)
}

// Number marks of each language, as a replacer of the Indonesian ones
// (grouping ".", decimals ","); Indonesian itself has none.
//
//   - English, Chinese, Japanese: 1,234,567.5.
//   - French: a narrow no-break space groups, a comma marks decimals: 1 234 567,5.
//   - Arabic: Western digits with English marks, 1,234,567.5, as trade
//     documents, prices and HS codes are written across the Arab markets
//     (Arabic-Indic digits and the Arabic decimal sign would make an FOB
//     price read differently from the invoice the buyer receives).
var marks = map[Lang]*strings.Replacer{
	EN: strings.NewReplacer(".", ",", ",", "."),
	ZH: strings.NewReplacer(".", ",", ",", "."),
	JA: strings.NewReplacer(".", ",", ",", "."),
	AR: strings.NewReplacer(".", ",", ",", "."),
	FR: strings.NewReplacer(".", "\u202f"),
}

// localise turns a number written with Indonesian marks into the language's.
func (p Printer) localise(s string) string {
	if r := marks[p.Lang]; r != nil {
		return r.Replace(s)
	}
	return s
}

// Num formats an integer with the language's grouping: 1.234.567 (id),
// 1,234,567 (en, zh, ja, ar) or 1 234 567 (fr).
func (p Printer) Num(v any) string {
	return p.localise(siapekspor.FormatNumberID(toInt64(v)))
}

// Dec formats a quantity with up to two decimals and the language's marks:
// 1.234,5 or 1,234.5; whole numbers without decimals.
func (p Printer) Dec(v float64) string {
	decimals := 2
	if v == float64(int64(v)) {
		decimals = 0
	}
	if s, ok := p.shortDec(v, decimals, true); ok {
		return s
	}
	s := strings.TrimRight(strings.TrimRight(siapekspor.FormatDecimalID(v, decimals), "0"), ",")
	if decimals == 0 {
		s = siapekspor.FormatDecimalID(v, 0)
	}
	return p.localise(s)
}

// USD formats US cents with the language's marks and place of the
// currency: US$ 1.234.567,89 in Indonesian, US$ 1,234,567.89 in English
// and Arabic, US$1,234,567.89 in Chinese and Japanese, 1 234 567,89 $US in
// French.
func (p Printer) USD(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	s := p.localise(siapekspor.FormatNumberID(cents/100) + fmt.Sprintf(",%02d", cents%100))
	switch p.Lang {
	case ZH, JA:
		return sign + "US$" + s
	case FR:
		return sign + s + "\u00a0$US"
	}
	return sign + "US$ " + s
}

// Rp formats Rupiah with the language's grouping, as the page's other
// numbers: Rp 1.500.000 (id), Rp 1,500,000 (en, as English-language papers in
// Indonesia write it), Rp 1 500 000 (fr). One page must not group counts with
// commas and amounts with dots: "Rp 1.500" reads as one and a half in English.
func (p Printer) Rp(v any) string { return p.localise(siapekspor.FormatRupiah(toInt64(v))) }

var (
	monthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	// The month names of Egypt and the Gulf, read across the Arab markets.
	monthsAR = [...]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}
)

// Date formats a date with the month in the language: 8 November 2021
// (id, en), 2021年11月8日 (zh, ja), 8 novembre 2021 and 1er novembre 2021
// (fr), 8 نوفمبر 2021 (ar, Western digits as for numbers).
func (p Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	switch p.Lang {
	case EN:
		return siapekspor.FormatDateEN(t)
	case ZH, JA:
		return fmt.Sprintf("%d年%d月%d日", y, m, d)
	case FR:
		day := strconv.Itoa(d)
		if d == 1 {
			day = "1er"
		}
		return day + " " + monthsFR[m-1] + " " + strconv.Itoa(y)
	case AR:
		return strconv.Itoa(d) + " " + monthsAR[m-1] + " " + strconv.Itoa(y)
	}
	return siapekspor.FormatDateID(t)
}

// DateTime formats a timestamp in Western Indonesian Time (WIB) unless the
// deployment says otherwise; the province's users read local time. The
// officers' languages write 14.05 as Indonesia does; the public languages
// write 14:05 and name the zone, as a buyer abroad reads another clock.
func (p Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	local := t.In(Zone)
	if p.Lang.public() {
		return p.Date(local) + " " + local.Format("15:04") + " " + Zone.String()
	}
	return p.Date(local) + " " + local.Format("15.04")
}

// Zone is the time zone pages show times in.
var Zone = time.FixedZone("WIB", 7*3600)

// Today is the current day in Zone (the province's day, not UTC's), as
// midnight UTC of that date: the form dates and due dates are compared with.
func Today() time.Time {
	y, m, d := time.Now().In(Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Error renders a domain error's message.
func (p Printer) Error(e *siapekspor.Error) string { return T(p.Lang, e.Key, e.Args...) }

// Field renders one field error's message.
func (p Printer) Field(f siapekspor.FieldError) string { return T(p.Lang, f.Key, f.Args...) }

func toInt64(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int64:
		return n
	case int32:
		return int64(n)
	case float64:
		return int64(n)
	case siapekspor.Count:
		return int64(n)
	}
	return 0
}

// Dec1 formats a score with one decimal and the language's mark: 72,5 or 72.5.
func (p Printer) Dec1(v float64) string { return p.dec(v, 1) }

// Pct formats a share (0.153) as a whole percentage: 15% (15 % in French,
// with a narrow no-break space).
//
// Below 10% a whole number says too little (the province steers by 20
// exporting firms of 95,000, 0.02%): one decimal under 10%, two under 1%,
// and "<0,01%" for a share that is there but smaller.
func (p Printer) Pct(share float64) string {
	v := share * 100
	pct := "%"
	if p.Lang == FR {
		pct = "\u202f%"
	}
	switch {
	case v <= 0 || v >= 9.95:
		return p.Num(int64(v+0.5)) + pct
	case v >= 0.995:
		return p.Dec1(v) + pct
	case v >= 0.005:
		return p.dec(v, 2) + pct
	}
	return "<" + p.dec(0.01, 2) + pct
}

func (p Printer) dec(v float64, places int) string {
	if s, ok := p.shortDec(v, places, false); ok {
		return s
	}
	return p.localise(siapekspor.FormatDecimalID(v, places))
}

// shortDec writes a number of at most three whole digits, which needs no
// group mark, in one step: the same text as FormatDecimalID and localise
// (and, with trim, Dec's trailing zeros dropped), without their copies
// (a ranking page writes some 300 scores and points).
func (p Printer) shortDec(v float64, places int, trim bool) (string, bool) {
	var buf [24]byte
	b := strconv.AppendFloat(buf[:0], v, 'f', places, 64)
	digits := b
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	whole := len(digits)
	if places > 0 {
		whole = bytes.IndexByte(digits, '.')
	}
	if whole < 1 || whole > 3 {
		return "", false
	}
	for _, c := range digits[:whole] {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	if places == 0 {
		return string(b), true
	}
	dot := len(b) - len(digits) + whole
	if trim {
		for len(b) > dot+1 && b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
		if len(b) == dot+1 {
			b = b[:dot]
			return string(b), true
		}
	}
	switch p.Lang {
	case EN, ZH, JA, AR:
		b[dot] = '.'
	default:
		b[dot] = ','
	}
	return string(b), true
}

// ParseDec reads a quantity as a reader of the language types it: 1.234,5
// in Indonesian and French, 1,234.5 in the others, and groups written with
// spaces (also no-break ones), apostrophes or the other mark. A lone mark
// of the other kind is a group mark when it is followed by exactly three
// digits ("1,000" is a thousand in English, "1.000" in French) and a
// decimal mark otherwise ("2.5" is two and a half in French too). It
// refuses anything else, infinities and NaN, and text over 64 bytes.
func (p Printer) ParseDec(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return 0, false
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "'", "", "’", "").Replace(s)
	dec, other := ".", ","
	if p.Lang == ID || p.Lang == FR {
		dec, other = ",", "."
	}
	switch d, o := strings.LastIndex(s, dec), strings.LastIndex(s, other); {
	case d >= 0 && o >= 0: // both: the last one is the decimal mark
		if d < o {
			dec, other = other, dec
		}
	case o >= 0: // only the other mark
		if n := strings.Count(s, other); n == 1 && len(s)-o-1 != 3 {
			dec, other = other, dec
		}
	}
	s = strings.ReplaceAll(s, other, "")
	if strings.Count(s, dec) > 1 {
		return 0, false
	}
	s = strings.Replace(s, dec, ".", 1)
	if strings.ContainsAny(s, "eExXpP_") { // only plain decimals, not 1e9 or hex
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}
