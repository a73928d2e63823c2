package textsearch

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestStemID(t *testing.T) {
	for in, want := range map[string]string{
		"kemasan": "kemas", "kerajinan": "rajin", "pengrajin": "rajin", "perajin": "rajin", "keripiknya": "keripik",
		"minuman": "minum", "makanan": "makan", "olahan": "olah", "pengolahan": "olah", "diolah": "olah", "bubuk": "bubuk",
		"berkualitas": "kualitas", "menenun": "tenun", "penenun": "tenun", "tenunan": "tenun", "memasarkan": "pasar",
		"pemasaran": "pasar", "pasar": "pasar", "sulaman": "sulam", "penyulam": "sulam", "mengekspor": "ekspor",
		"pengekspor": "ekspor", "eksportir": "eksportir", "menjual": "jual", "penjualan": "jual", "dijual": "jual",
		"kopinya": "kopi", "bersertifikat": "sertifikat", "perikanan": "ikan", "ikan": "ikan", "pertanian": "tani",
		"petani": "tani", "tanaman": "tanam", "menanam": "tanam", "kayu": "kayu", "kelapa": "kelapa", "sabut": "sabut",
		"rumput": "rumput", "lautan": "laut", "bermain": "main", "beras": "beras", "pakan": "pakan", "makan": "makan",
		"tanah": "tanah", "teman": "teman", "keripik": "keripik", "kerupuk": "kerupuk", "kering": "kering",
		"tapis": "tapis", "anyaman": "anyam", "membuat": "buat", "pembuatan": "buat", "dibuat": "buat",
		"penggorengan": "goreng", "digoreng": "goreng", "menggoreng": "goreng", "rotan": "rotan", "roti": "roti",
		"memperbaiki": "baik", "keberhasilan": "hasil", "terbaik": "baik", "sebagian": "bagi", "melihat": "lihat",
		"bekerja": "kerja", "pengusaha": "usaha", "berusaha": "usaha", "kopi": "kopi", "lada": "lada", "2024": "2024",
		"kue": "kue", "gula": "gula",
	} {
		if got := StemID(in); got != want {
			t.Errorf("StemID(%q) = %q, want %q", in, got, want)
		}
	}
	// Words that must not collapse together.
	for _, pair := range [][2]string{{"beras", "berat"}, {"makan", "makanan"[:4]}, {"ikan", "ika"}, {"pakan", "pak"}} {
		if StemID(pair[0]) == StemID(pair[1]) {
			t.Errorf("%q and %q collapse to %q", pair[0], pair[1], StemID(pair[0]))
		}
	}
}

func TestStemEN(t *testing.T) {
	for in, want := range map[string]string{
		"coffee": "coffee", "beans": "bean", "bean": "bean", "roasted": "roast", "chips": "chip", "crafts": "craft",
		"fisheries": "fishery", "spices": "spic", "spice": "spic", "dried": "dry", "berries": "berry", "glasses": "glass",
		"bus": "bus", "weaving": "weav", "weave": "weav", "woven": "woven", "shredded": "shred", "cocoa": "cocoa",
	} {
		if got := StemEN(in); got != want {
			t.Errorf("StemEN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("Kopi Luwak — Café d'Or, 250g! ☕ x 5"), " ")
	if got != "kopi luwak cafe dor 250g 5" {
		t.Errorf("Tokens: %q", got)
	}
}

func TestHostileQueriesGiveSafeTokens(t *testing.T) {
	for _, q := range []string{`"`, `kopi AND NOT`, `a OR b*`, `NEAR(x y)`, "😀☕", strings.Repeat("a ", 10000), `kopi:bubuk^`, "\xff\xfe", `'; DROP TABLE x; --`, ""} {
		pq := ParseQuery(q)
		if len(pq.Words) > maxWords {
			t.Errorf("%q: %d words", q, len(pq.Words))
		}
		for _, alts := range pq.Words {
			for _, a := range alts {
				for i := 0; i < len(a); i++ {
					if !(a[i] >= 'a' && a[i] <= 'z' || a[i] >= '0' && a[i] <= '9') {
						t.Errorf("%q gave an unsafe token %q", q, a)
					}
				}
			}
		}
	}
	if !ParseQuery("😀 ☕").Empty() {
		t.Error("emoji made words")
	}
}

func TestRenderedQueries(t *testing.T) {
	q := ParseQuery("Kerajinan tapis")
	if got := q.FTS5(); got != `("rajin" OR "kerajinan") AND ("tapis")` {
		t.Errorf("FTS5: %s", got)
	}
	if got := q.TSQuery(); got != `(rajin | kerajinan) & (tapis)` {
		t.Errorf("TSQuery: %s", got)
	}
	if got := ParseQuery("coffee beans").FTS5(); got != `("coffee") AND ("beans" OR "bean")` {
		t.Errorf("FTS5: %s", got)
	}
}

func TestHighlight(t *testing.T) {
	join := func(segs []Segment) (string, string) {
		var all, marked strings.Builder
		for _, s := range segs {
			all.WriteString(s.Text)
			if s.Match {
				marked.WriteString("[" + s.Text + "]")
			}
		}
		return all.String(), marked.String()
	}
	text := "Kerajinan Tapis Lampung, kain tenun."
	all, marked := join(Highlight(text, ParseQuery("kerajinan")))
	if all != text || marked != "[Kerajinan]" {
		t.Errorf("%q %q", all, marked)
	}
	if _, marked := join(Highlight(text, ParseQuery("pengrajin tenunan"))); marked != "[Kerajinan][tenun]" {
		t.Errorf("stems: %q", marked)
	}
	if _, marked := join(Highlight("Ground Robusta Coffee Beans", ParseQuery("bean"))); marked != "[Beans]" {
		t.Errorf("english: %q", marked)
	}
}

func BenchmarkIndexID(b *testing.B) {
	text := "Kopi robusta petik merah dari kebun rakyat di Lampung Barat, disangrai sedang dan digiling halus. Dikemas dalam kemasan kedap udara, bersertifikat halal dan PIRT, siap untuk pemasaran ekspor."
	for i := 0; i < b.N; i++ {
		IndexID(text)
	}
}

// highlightByRune is Highlight as it was first written, rune by rune: the
// reference the faster one must agree with.
func highlightByRune(text string, q Query) []Segment {
	if text == "" {
		return nil
	}
	var out []Segment
	add := func(s string, m bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Match == m {
			out[n-1].Text += s
			return
		}
		out = append(out, Segment{Text: s, Match: m})
	}
	start := -1
	for i := 0; i <= len(text); {
		var r rune
		size := 1
		if i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		wordRune := i < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
		switch {
		case wordRune && start < 0:
			start = i
		case !wordRune && start >= 0:
			word := text[start:i]
			toks := Tokens(word)
			add(word, len(toks) == 1 && q.Matches(toks[0]))
			start = -1
		}
		if i < len(text) && !wordRune {
			add(text[i:i+size], false)
		}
		i += size
	}
	return out
}

func TestHighlighterAgreesWithTheReference(t *testing.T) {
	texts := []string{"Kopi robusta, kopi luwak & kopi-susu!", "  kopi", "kopi  ", "Keripik pisang coklat — chocolate banana chips",
		"café Kopi café", "", "!!!", "kopi", "Kopi Robusta Bubuk Liwa (data demo sintetis)", "naïve coffees, coffee"}
	for _, query := range []string{"kopi", "kopi robusta", "coffee", "café", "pisang chips", "xyz"} {
		q := ParseQuery(query)
		h := NewHighlighter(q)
		for _, text := range texts {
			if got, want := fmt.Sprint(h.Highlight(text)), fmt.Sprint(highlightByRune(text, q)); got != want {
				t.Errorf("%q in %q: %s, want %s", query, text, got, want)
			}
		}
	}
}
