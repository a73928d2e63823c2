package i18n_test

import (
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

func TestParsePublic(t *testing.T) {
	for _, c := range []struct {
		in   string
		want i18n.Lang
		ok   bool
	}{
		{"en", i18n.EN, true}, {"en-GB", i18n.EN, true}, {"id", i18n.ID, true}, {"in", i18n.ID, true}, {"id-ID", i18n.ID, true},
		{"zh", i18n.ZH, true}, {"zh-CN", i18n.ZH, true}, {"zh_Hans", i18n.ZH, true}, {"ZH-cn", i18n.ZH, true},
		{"ja", i18n.JA, true}, {"ja-JP", i18n.JA, true}, {"ar", i18n.AR, true}, {"ar-SA", i18n.AR, true}, {"ar-EG;q=0.8", i18n.AR, true},
		{"fr", i18n.FR, true}, {"fr-FR", i18n.FR, true}, {" fr-CA ", i18n.FR, true},
		{"", i18n.EN, false}, {"de", i18n.EN, false}, {"xx-YY", i18n.EN, false}, {"zhx", i18n.EN, false}, {"<script>", i18n.EN, false},
		{strings.Repeat("a", 1000), i18n.EN, false},
	} {
		if l, ok := i18n.ParsePublic(c.in); l != c.want || ok != c.ok {
			t.Errorf("ParsePublic(%q) = %v %v, want %v %v", c.in, l, ok, c.want, c.ok)
		}
	}
	// The officers' app is unchanged: no new language, Indonesian by default.
	if l, ok := i18n.Parse("zh"); ok || l != i18n.ID {
		t.Errorf(`Parse("zh") = %v %v`, l, ok)
	}
	if len(i18n.Langs) != 2 || i18n.PublicLangs[0] != i18n.EN || len(i18n.PublicLangs) != 6 {
		t.Errorf("Langs %v, PublicLangs %v", i18n.Langs, i18n.PublicLangs)
	}
}

func TestLangNames(t *testing.T) {
	for _, c := range []struct {
		l              i18n.Lang
		dir, name, tag string
	}{
		{i18n.EN, "ltr", "English", "en"}, {i18n.ID, "ltr", "Bahasa Indonesia", "id"}, {i18n.ZH, "ltr", "中文", "zh-Hans"},
		{i18n.JA, "ltr", "日本語", "ja"}, {i18n.AR, "rtl", "العربية", "ar"}, {i18n.FR, "ltr", "Français", "fr"},
	} {
		if c.l.Dir() != c.dir || c.l.Name() != c.name || c.l.Tag() != c.tag {
			t.Errorf("%s: %s %s %s", c.l, c.l.Dir(), c.l.Name(), c.l.Tag())
		}
	}
}

func TestPublicFormats(t *testing.T) {
	const nnb, nb = "\u202f", "\u00a0"
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	first := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	at := time.Date(2026, 1, 2, 7, 5, 0, 0, time.UTC) // 14:05 WIB
	type row struct{ num, neg, dec, whole, usd, usdNeg, date, first, dateTime, pct, pctSmall, pctTiny string }
	for l, w := range map[i18n.Lang]row{
		i18n.ID: {"1.234.567", "-1.234", "1.234,5", "3", "US$ 1.234.567,89", "-US$ 1,50", "2 Januari 2026", "1 Maret 2026", "2 Januari 2026 14.05", "15%", "5,3%", "<0,01%"},
		i18n.EN: {"1,234,567", "-1,234", "1,234.5", "3", "US$ 1,234,567.89", "-US$ 1.50", "2 January 2026", "1 March 2026", "2 January 2026 14.05", "15%", "5.3%", "<0.01%"},
		i18n.ZH: {"1,234,567", "-1,234", "1,234.5", "3", "US$1,234,567.89", "-US$1.50", "2026年1月2日", "2026年3月1日", "2026年1月2日 14:05 WIB", "15%", "5.3%", "<0.01%"},
		i18n.JA: {"1,234,567", "-1,234", "1,234.5", "3", "US$1,234,567.89", "-US$1.50", "2026年1月2日", "2026年3月1日", "2026年1月2日 14:05 WIB", "15%", "5.3%", "<0.01%"},
		i18n.AR: {"1,234,567", "-1,234", "1,234.5", "3", "US$ 1,234,567.89", "-US$ 1.50", "2 يناير 2026", "1 مارس 2026", "2 يناير 2026 14:05 WIB", "15%", "5.3%", "<0.01%"},
		i18n.FR: {"1" + nnb + "234" + nnb + "567", "-1" + nnb + "234", "1" + nnb + "234,5", "3", "1" + nnb + "234" + nnb + "567,89" + nb + "$US", "-1,50" + nb + "$US",
			"2 janvier 2026", "1er mars 2026", "2 janvier 2026 14:05 WIB", "15" + nnb + "%", "5,3" + nnb + "%", "<0,01" + nnb + "%"},
	} {
		p := i18n.Printer{Lang: l}
		got := row{p.Num(1234567), p.Num(-1234), p.Dec(1234.5), p.Dec(3), p.USD(123456789), p.USD(-150), p.Date(day), p.Date(first),
			p.DateTime(at), p.Pct(0.153), p.Pct(0.053), p.Pct(0.00001)}
		if got != w {
			t.Errorf("%s:\n got %q\nwant %q", l, got, w)
		}
		if p.Date(time.Time{}) != "" || p.DateTime(time.Time{}) != "" {
			t.Errorf("%s: a zero time is not empty", l)
		}
		// Rupiah take the language's grouping, as the counts beside them do.
		if got, want := p.Rp(int64(1500000)), "Rp "+p.Num(1500000); got != want {
			t.Errorf("%s: Rp %q, want %q", l, got, want)
		}
	}
	// Every month has a name in each language.
	for _, l := range i18n.PublicLangs {
		p := i18n.Printer{Lang: l}
		for m := time.January; m <= time.December; m++ {
			if s := p.Date(time.Date(2026, m, 15, 0, 0, 0, 0, time.UTC)); s == "" || strings.Contains(s, "%!") {
				t.Errorf("%s month %d: %q", l, m, s)
			}
		}
	}
}

func TestPublicFallback(t *testing.T) {
	const key = "nav.home" // an officers' message no public language translates
	for _, l := range []i18n.Lang{i18n.ZH, i18n.JA, i18n.AR, i18n.FR} {
		if _, ok := i18n.Keys(l)[key]; ok {
			t.Fatalf("%s translates %s: choose another key for this test", l, key)
		}
		if got, want := i18n.T(l, key), i18n.T(i18n.EN, key); got != want {
			t.Errorf("%s %s = %q, want the English %q", l, key, got, want)
		}
		if got := i18n.T(l, "no.such.key"); got != "no.such.key" {
			t.Errorf("%s missing key %q", l, got)
		}
		if got := i18n.T(l, "field.required"); got == i18n.T(i18n.EN, "field.required") {
			t.Errorf("%s field.required is not translated: %q", l, got)
		}
	}
	// A Count takes the language's grouping.
	if got := i18n.T(i18n.FR, "error.body_too_large", siapekspor.Count(1048576)); !strings.Contains(got, "1\u202f048\u202f576") {
		t.Errorf("fr count %q", got)
	}
	// Has stays the officers' two languages.
	if !i18n.Has("nav.home") {
		t.Error(`Has("nav.home") = false`)
	}
}

func TestParseDec(t *testing.T) {
	for _, c := range []struct {
		l    i18n.Lang
		in   string
		want float64
		ok   bool
	}{
		{i18n.EN, "1,000", 1000, true}, {i18n.EN, "1,000.5", 1000.5, true}, {i18n.EN, "2.5", 2.5, true}, {i18n.EN, "2,5", 2.5, true},
		{i18n.EN, "1,234,567", 1234567, true}, {i18n.EN, " 12 ", 12, true}, {i18n.EN, "1.000,5", 1000.5, true},
		{i18n.ID, "1.000", 1000, true}, {i18n.ID, "2,5", 2.5, true}, {i18n.ID, "1.234.567,89", 1234567.89, true}, {i18n.ID, "2.5", 2.5, true},
		{i18n.FR, "1 000,5", 1000.5, true}, {i18n.FR, "1\u202f000", 1000, true}, {i18n.FR, "1\u00a0000,25", 1000.25, true},
		{i18n.FR, "2,5", 2.5, true}, {i18n.FR, "2.5", 2.5, true}, {i18n.FR, "1.000", 1000, true},
		{i18n.ZH, "1,000", 1000, true}, {i18n.JA, "3.75", 3.75, true}, {i18n.AR, "1,500.5", 1500.5, true},
		{i18n.EN, "1'000", 1000, true}, {i18n.EN, "-3", -3, true},
		{i18n.EN, "", 0, false}, {i18n.EN, "abc", 0, false}, {i18n.EN, "1.2.3", 0, false}, {i18n.FR, "1,2,3", 0, false},
		{i18n.EN, "1e9", 0, false}, {i18n.EN, "0x10", 0, false}, {i18n.EN, "Inf", 0, false}, {i18n.EN, "NaN", 0, false},
		{i18n.EN, strings.Repeat("9", 65), 0, false}, {i18n.EN, "1_000", 0, false},
	} {
		v, ok := i18n.Printer{Lang: c.l}.ParseDec(c.in)
		if v != c.want || ok != c.ok {
			t.Errorf("%s ParseDec(%q) = %v %v, want %v %v", c.l, c.in, v, ok, c.want, c.ok)
		}
	}
	// What Dec writes, ParseDec reads back in every language.
	for _, l := range i18n.PublicLangs {
		p := i18n.Printer{Lang: l}
		for _, v := range []float64{0, 3, 12.5, 1000, 1234.5, 1234567.25} {
			if got, ok := p.ParseDec(p.Dec(v)); !ok || got != v {
				t.Errorf("%s ParseDec(Dec(%v) = %q) = %v %v", l, v, p.Dec(v), got, ok)
			}
		}
	}
}
