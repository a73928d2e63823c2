// Package i18n holds the Indonesian and English message catalogues and the
// Indonesian/English number, money and date formats. Every text a user sees
// comes from here by key; handlers never hard-code messages.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
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
)

// Langs lists the supported languages, default first.
var Langs = []Lang{ID, EN}

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
	for _, l := range Langs {
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

// Has reports whether key exists in every language.
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
// without arguments. A missing key shows as the key itself and a wrong
// argument as %!, which tests catch.
func T(l Lang, key string, args ...any) string {
	loadOnce.Do(load)
	msg, ok := catalog[l][key]
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

// Num formats an integer with the language's grouping: 1.234.567 or 1,234,567.
func (p Printer) Num(v any) string {
	n := toInt64(v)
	s := siapekspor.FormatNumberID(n)
	if p.Lang == EN {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// Dec formats a quantity with up to two decimals and the language's marks:
// 1.234,5 or 1,234.5; whole numbers without decimals.
func (p Printer) Dec(v float64) string {
	decimals := 2
	if v == float64(int64(v)) {
		decimals = 0
	}
	s := strings.TrimRight(strings.TrimRight(siapekspor.FormatDecimalID(v, decimals), "0"), ",")
	if decimals == 0 {
		s = siapekspor.FormatDecimalID(v, 0)
	}
	if p.Lang == EN {
		s = strings.NewReplacer(".", ",", ",", ".").Replace(s)
	}
	return s
}

// USD formats US cents with the language's marks: US$ 1.234.567,89 in
// Indonesian, US$ 1,234,567.89 in English.
func (p Printer) USD(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	s := siapekspor.FormatNumberID(cents/100) + fmt.Sprintf(",%02d", cents%100)
	if p.Lang == EN {
		s = strings.NewReplacer(".", ",", ",", ".").Replace(s)
	}
	return sign + "US$ " + s
}

// Rp formats Rupiah: Rp 1.500.000 in both languages (the currency's own convention).
func (p Printer) Rp(v any) string { return siapekspor.FormatRupiah(toInt64(v)) }

// Date formats a date: 8 November 2021 / 8 November 2021 with the month in the language.
func (p Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if p.Lang == EN {
		return siapekspor.FormatDateEN(t)
	}
	return siapekspor.FormatDateID(t)
}

// DateTime formats a timestamp in Western Indonesian Time (WIB) unless the
// deployment says otherwise; the province's users read local time.
func (p Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	local := t.In(Zone)
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

// Pct formats a share (0.153) as a whole percentage: 15%.
//
// Below 10% a whole number says too little (the province steers by 20
// exporting firms of 95,000, 0.02%): one decimal under 10%, two under 1%,
// and "<0,01%" for a share that is there but smaller.
func (p Printer) Pct(share float64) string {
	v := share * 100
	switch {
	case v <= 0 || v >= 9.95:
		return p.Num(int64(v+0.5)) + "%"
	case v >= 0.995:
		return p.Dec1(v) + "%"
	case v >= 0.005:
		return p.dec(v, 2) + "%"
	}
	return "<" + p.dec(0.01, 2) + "%"
}

func (p Printer) dec(v float64, places int) string {
	s := siapekspor.FormatDecimalID(v, places)
	if p.Lang == EN {
		s = strings.NewReplacer(".", ",", ",", ".").Replace(s)
	}
	return s
}
