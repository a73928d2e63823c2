// Package textsearch turns Indonesian and English text into the tokens the
// search index holds and queries match, so that SQLite (FTS5) and
// PostgreSQL (tsvector, 'simple') index and match exactly the same words.
// Tokens are only [a-z0-9]: safe inside either engine's query syntax.
//
// Indonesian words are stemmed without a dictionary, after the published
// Nazief–Adriani rules: particles (-lah -kah -tah -pun), possessives (-ku
// -mu -nya), derivational suffixes (-kan -an -i), then up to two prefixes
// (meN- peN- di- ter- ke- se- ber- per- be- pe-), undoing nasal
// assimilation. Without a dictionary, meN-/peN- before a vowel is ambiguous
// (mengambil ← ambil, mengirim ← kirim); the rule chosen is: meng-/peng- +
// vowel keeps the vowel (mengekspor → ekspor), meny-/peny- + vowel → s
// (menyulam → sulam), mem-/pem- + vowel → p (memasarkan → pasar), men-/pen-
// + vowel → t (menenun → tenun). A stem must keep at least two vowels and
// four letters, and a list of roots that merely look affixed (keripik,
// kerupuk, beras, tapis, …) is left alone.
//
// What this means for users: "kerajinan" finds "kerajinan tapis",
// "pengrajin" and "perajin", which all stem to "rajin"; "pemasaran" finds
// "pasar"; "olahan", "pengolahan" and "diolah" find each other. English
// words are stemmed lightly (plurals, -ed, -ing): "coffee beans" finds
// "Coffee Bean".
package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens splits text into lower-case ASCII words: accents folded, anything
// that is not a letter or digit a separator, one-letter words dropped.
func Tokens(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 1 || (b.Len() == 1 && b.String()[0] >= '0' && b.String()[0] <= '9') {
			out = append(out, b.String())
		}
		b.Reset()
	}
	for _, r := range norm.NFD.String(strings.ToValidUTF8(text, " ")) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 32)
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// accents (after decomposition) and apostrophes join, not split
		default:
			flush()
		}
		if b.Len() > 40 {
			flush()
		}
	}
	flush()
	return out
}

// exceptions are roots that look affixed but are not.
var exceptions = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`keripik kerupuk kemas kering kelapa kecap kemiri kencur ketan kedelai kemeja kain kopi
		teri tenun tapis sulam sambal bandeng lada pala perak pepaya petai pedas beras berat bekal selai sepatu dendeng madu
		mangga tempe terasi batik pakan makan ikan tanah teman pasar lidi sabut rumput kayu bubuk minyak pinang garam
		pisang singkong jahe kunyit serai sagu kakao cengkeh panili vanili kelor kelengkeng belimbing bengkuang petis
		peria perahu benang bulan bunga beda dingin tani laut mentah merah kental keju kerang kepiting kelinci kerbau
		seni sehat segar sedap selera semut sutra kemplang lanting emping melinjo tenggiri terong ketela pepes pempek
		mebel meja tembakau tebu teh telur tepung`) {
		exceptions[w] = true
	}
}

func vowels(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'a', 'e', 'i', 'o', 'u':
			n++
		}
	}
	return n
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// enough says whether a candidate stem is still a plausible root.
func enough(s string) bool { return len(s) >= 4 && vowels(s) >= 2 }

// StemID stems one normalised Indonesian word to its root.
func StemID(w string) string {
	if len(w) <= 3 || exceptions[w] || !isWord(w) {
		return w
	}
	// Inflectional suffixes: particle, then possessive.
	for _, suf := range []string{"lah", "kah", "tah", "pun"} {
		if s := strings.TrimSuffix(w, suf); s != w && enough(s) {
			w = s
			break
		}
	}
	if exceptions[w] {
		return w
	}
	for _, suf := range []string{"nya", "ku", "mu"} {
		if s := strings.TrimSuffix(w, suf); s != w && enough(s) {
			w = s
			break
		}
	}
	if exceptions[w] {
		return w
	}
	// Try prefixes on the word with each possible derivational suffix
	// removed, and keep the first reading that strips something and
	// leaves a plausible root.
	var candidates []string
	for _, suf := range []string{"kan", "an", "i"} {
		if s := strings.TrimSuffix(w, suf); s != w && enough(s) {
			candidates = append(candidates, s)
		}
	}
	// The word with its suffix removed is tried first: ke-…-an and pe-…-an
	// are confixes (kerajinan → rajin, not rajinan).
	candidates = append(candidates, w)
	best := ""
	for _, c := range candidates {
		if exceptions[c] {
			return c
		}
		if stem, ok := stripPrefixes(c); ok {
			return stem
		}
		if best == "" && c != w {
			best = c // suffix only
		}
	}
	if best != "" {
		return best
	}
	return w
}

// stripPrefixes removes a prefix and, after di-, ke-, se-, ter-, meN- or
// peN-, a second one of ber-, per-, be-, pe- (memperbaiki, keberhasilan);
// ok when one was removed.
func stripPrefixes(w string) (string, bool) {
	s, ok := stripPrefix(w)
	if !ok {
		return w, false
	}
	if exceptions[s] || strings.HasPrefix(w, "ber") || strings.HasPrefix(w, "per") || strings.HasPrefix(w, "be") || strings.HasPrefix(w, "pe") && !strings.HasPrefix(w, "pen") && !strings.HasPrefix(w, "pem") && !strings.HasPrefix(w, "peng") && !strings.HasPrefix(w, "peny") {
		return s, true
	}
	for _, second := range []string{"ber", "per"} {
		if t := strings.TrimPrefix(s, second); t != s && enough(t) {
			return t, true
		}
	}
	return s, true
}

// rRoots begin with r after pe-: perajin is pe-rajin, not per-ajin.
var rRoots = map[string]bool{"rajin": true, "rawat": true, "rumah": true, "rakit": true, "ramu": true, "rantau": true, "ringkas": true}

func stripPrefix(w string) (string, bool) {
	try := func(s string) (string, bool) {
		if enough(s) || exceptions[s] {
			return s, true
		}
		return "", false
	}
	switch {
	case strings.HasPrefix(w, "meng"), strings.HasPrefix(w, "peng"):
		return try(w[4:])
	case strings.HasPrefix(w, "meny"), strings.HasPrefix(w, "peny"):
		if len(w) > 4 && isVowel(w[4]) {
			return try("s" + w[4:])
		}
	case strings.HasPrefix(w, "mem"), strings.HasPrefix(w, "pem"):
		if len(w) > 3 && isVowel(w[3]) {
			return try("p" + w[3:])
		}
		return try(w[3:]) // membuat → buat, pembina → bina
	case strings.HasPrefix(w, "men"), strings.HasPrefix(w, "pen"):
		if len(w) > 3 && isVowel(w[3]) {
			return try("t" + w[3:])
		}
		return try(w[3:]) // menjual → jual, pendidik → didik
	case strings.HasPrefix(w, "pe") && rRoots[w[2:]]:
		return w[2:], true
	case strings.HasPrefix(w, "ber"), strings.HasPrefix(w, "ter"), strings.HasPrefix(w, "per"):
		return try(w[3:])
	case strings.HasPrefix(w, "me"), strings.HasPrefix(w, "pe"), strings.HasPrefix(w, "be"):
		return try(w[2:]) // melihat → lihat, petani → tani, bekerja → kerja
	case strings.HasPrefix(w, "di"), strings.HasPrefix(w, "ke"), strings.HasPrefix(w, "se"):
		return try(w[2:])
	}
	return "", false
}

func isWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// StemEN stems one normalised English word lightly: plurals, -ed, -ing.
func StemEN(w string) string {
	if len(w) <= 3 || !isWord(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		w = w[:len(w)-1]
		if strings.HasSuffix(w, "e") && len(w) > 4 && !strings.HasSuffix(w, "ee") {
			return w[:len(w)-1]
		}
		return w
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "eed"):
		return w
	case strings.HasSuffix(w, "ed") && vowels(w[:len(w)-2]) > 0:
		return undouble(w[:len(w)-2])
	case strings.HasSuffix(w, "ing") && vowels(w[:len(w)-3]) > 0 && len(w) > 5:
		return undouble(w[:len(w)-3])
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && len(w) > 4 {
		return w[:len(w)-1] // weave and weaving meet at weav
	}
	return w
}

// undouble drops a doubled final consonant (chopped → chop).
func undouble(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && !isVowel(w[n-1]) && w[n-1] != 'l' && w[n-1] != 's' && w[n-1] != 'z' {
		return w[:n-1]
	}
	return w
}

func index(text string, stem func(string) string) string {
	toks := Tokens(text)
	for i, t := range toks {
		toks[i] = stem(t)
	}
	return strings.Join(toks, " ")
}

// IndexID returns the space-joined stemmed tokens of Indonesian text.
func IndexID(text string) string { return index(text, StemID) }

// IndexEN returns the space-joined stemmed tokens of English text.
func IndexEN(text string) string { return index(text, StemEN) }

// maxWords bounds a query: the first words say what is wanted.
const maxWords = 8

// Query is a parsed user query: for each word, the tokens it may match.
type Query struct {
	Words [][]string
}

// ParseQuery never fails: any input becomes at most eight words of safe
// tokens; input without letters or digits gives an empty query.
func ParseQuery(q string) Query {
	if len(q) > 1000 {
		q = q[:1000]
	}
	var out Query
	seen := map[string]bool{}
	for _, t := range Tokens(q) {
		if len(out.Words) == maxWords {
			break
		}
		if seen[t] {
			continue
		}
		seen[t] = true
		alts := []string{StemID(t)}
		for _, a := range []string{StemEN(t), t} {
			if !contains(alts, a) {
				alts = append(alts, a)
			}
		}
		out.Words = append(out.Words, alts)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Empty reports whether the query has no words.
func (q Query) Empty() bool { return len(q.Words) == 0 }

// FTS5 renders the query for SQLite's MATCH: ("a" OR "b") AND ("c").
func (q Query) FTS5() string {
	parts := make([]string, len(q.Words))
	for i, alts := range q.Words {
		quoted := make([]string, len(alts))
		for j, a := range alts {
			quoted[j] = `"` + a + `"`
		}
		parts[i] = "(" + strings.Join(quoted, " OR ") + ")"
	}
	return strings.Join(parts, " AND ")
}

// TSQuery renders it for PostgreSQL's to_tsquery('simple', …): (a | b) & (c).
func (q Query) TSQuery() string {
	parts := make([]string, len(q.Words))
	for i, alts := range q.Words {
		parts[i] = "(" + strings.Join(alts, " | ") + ")"
	}
	return strings.Join(parts, " & ")
}

// Matches reports whether a normalised document word matches the query.
func (q Query) Matches(word string) bool {
	forms := []string{word, StemID(word), StemEN(word)}
	for _, alts := range q.Words {
		for _, a := range alts {
			if contains(forms, a) {
				return true
			}
		}
	}
	return false
}

// Segment is a piece of highlighted text.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match"`
}

// Highlight splits text into segments, marking the words the query
// matches; joined, the segments give back the text exactly.
func Highlight(text string, q Query) []Segment {
	return NewHighlighter(q).Highlight(text)
}

// Highlighter highlights many texts for one query, deciding each distinct
// word once: a page of hits repeats its words.
type Highlighter struct {
	q    Query
	seen map[string]bool
}

// NewHighlighter returns a Highlighter for q.
func NewHighlighter(q Query) *Highlighter {
	return &Highlighter{q: q, seen: map[string]bool{}}
}

func (h *Highlighter) matches(word string) bool {
	m, ok := h.seen[word]
	if !ok {
		toks := Tokens(word)
		m = len(toks) == 1 && h.q.Matches(toks[0])
		h.seen[word] = m
	}
	return m
}

// Highlight splits text into segments as the function Highlight does.
func (h *Highlighter) Highlight(text string) []Segment {
	if text == "" {
		return nil
	}
	// Segments are slices of text, cut only around matching words, so the
	// work is linear in the text however many words it has.
	var out []Segment
	segStart := 0 // the open segment, not matching, runs from here
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
			if h.matches(text[start:i]) {
				if segStart < start {
					out = append(out, Segment{Text: text[segStart:start]})
				}
				out = append(out, Segment{Text: text[start:i], Match: true})
				segStart = i
			}
			start = -1
		}
		i += size
	}
	if segStart < len(text) {
		out = append(out, Segment{Text: text[segStart:]})
	}
	return out
}
