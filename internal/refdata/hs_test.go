package refdata

import "testing"

func TestHSSearch(t *testing.T) {
	ix := DefaultHSIndex()
	codes := func(cs []HSCode) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Code)
		}
		return out
	}
	for _, tc := range []struct {
		q     string
		first string
		has   []string
	}{
		{"0901", "0901", []string{"090111", "090121"}},
		{"0901.11", "090111", nil},
		{"09", "09", []string{"0901", "0910"}},
		{"coffee", "0901", []string{"090111"}},
		{"roasted coffee", "", []string{"090121"}},
		{"seaweed", "", []string{"121221"}},
		{"cinnamon", "0906", nil},
		{"areca", "", []string{"080280"}},
		{"COFFEE", "0901", nil},
	} {
		got := codes(ix.Search(tc.q, 50))
		if len(got) == 0 {
			t.Errorf("%q: nothing", tc.q)
			continue
		}
		if tc.first != "" && got[0] != tc.first {
			t.Errorf("%q: first %s, want %s (%v)", tc.q, got[0], tc.first, got)
		}
		for _, h := range tc.has {
			found := false
			for _, g := range got {
				found = found || g == h
			}
			if !found {
				t.Errorf("%q: %s missing from %v", tc.q, h, got)
			}
		}
	}
	if got := ix.Search("zzzqqq", 10); len(got) != 0 {
		t.Errorf("nonsense found %v", got)
	}
	if c, ok := ix.ByCode("09.01"); !ok || c.Level != 4 {
		t.Errorf("ByCode 09.01: %+v", c)
	}
}

func BenchmarkHSSearch(b *testing.B) {
	ix := DefaultHSIndex()
	for i := 0; i < b.N; i++ {
		ix.Search("roasted coffee", 20)
	}
}

func TestHSSearchIndonesianWords(t *testing.T) {
	ix := DefaultHSIndex()
	for q, want := range map[string]string{"kopi": "0901", "kayu manis": "0906", "rumput laut": "1212", "keripik": "2005", "tapis": "5805", "lada": "0904"} {
		got := ix.Search(q, 5)
		if len(got) == 0 || got[0].Code != want {
			t.Errorf("Search(%q) = %v, want %s first", q, got, want)
		}
	}
	if WordsID("090121") == "" || WordsID("99") != "" {
		t.Error("WordsID")
	}
	// Every glossary heading exists in the nomenclature.
	for h := range hsWordsID {
		if _, ok := ix.ByCode(h); !ok {
			t.Errorf("glossary heading %s is not in HS 2022", h)
		}
	}
}
