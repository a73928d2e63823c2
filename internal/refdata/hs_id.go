package refdata

import "strings"

// hsWordsID are Indonesian words for the headings Lampung's enterprises
// export, so the HS picker and the search find "kopi" as well as "coffee".
// The reference data has no Indonesian nomenclature (BTKI's text is not in
// data/): this glossary is ours, curated by hand, and covers the products
// the province exports (docs/design.md, "The facts it was built from"), not
// the whole nomenclature.
var hsWordsID = map[string]string{
	"0301": "ikan hidup", "0302": "ikan segar", "0303": "ikan beku", "0304": "fillet ikan daging ikan",
	"0305": "ikan asin ikan kering ikan asap teri", "0306": "udang kepiting rajungan", "0307": "cumi sotong kerang",
	"0407": "telur", "0409": "madu", "0603": "bunga potong", "0602": "tanaman hias bibit",
	"0709": "sayur sayuran", "0710": "sayur beku", "0712": "sayur kering",
	"0801": "kelapa mete kacang mete", "0803": "pisang", "0804": "mangga nanas alpukat jambu", "0805": "jeruk",
	"0810": "buah durian salak rambutan", "0811": "buah beku", "0813": "buah kering",
	"0901": "kopi biji kopi kopi bubuk kopi sangrai", "0902": "teh", "0904": "lada merica cabai kering",
	"0905": "vanili", "0906": "kayu manis", "0907": "cengkeh", "0908": "pala fuli kapulaga",
	"0910": "jahe kunyit temulawak rempah", "1006": "beras padi", "1005": "jagung", "1008": "sorgum",
	"1106": "tepung singkong tepung mocaf", "1108": "pati tapioka", "1202": "kacang tanah",
	"1207": "biji wijen", "1211": "tanaman obat herbal", "1212": "rumput laut", "1404": "cocopeat serbuk sabut",
	"1511": "minyak sawit", "1513": "minyak kelapa", "1518": "minyak jelantah", "1601": "sosis",
	"1602": "daging olahan abon dendeng rendang", "1604": "ikan olahan abon ikan bandeng presto ikan kaleng",
	"1605": "udang olahan", "1701": "gula aren gula kelapa gula merah gula semut", "1704": "permen dodol",
	"1801": "kakao biji kakao", "1803": "pasta kakao", "1804": "lemak kakao", "1805": "bubuk kakao",
	"1806": "cokelat coklat", "1902": "mi bihun pasta", "1904": "sereal emping", "1905": "kue roti biskuit kerupuk",
	"2001": "acar", "2005": "keripik pisang keripik singkong keripik sayur", "2006": "manisan buah",
	"2007": "selai", "2008": "kacang olahan keripik buah", "2009": "jus sari buah", "2101": "kopi instan",
	"2103": "saus sambal kecap", "2106": "makanan olahan", "2201": "air minum", "2202": "minuman",
	"2309": "pakan ternak", "3301": "minyak atsiri minyak nilam minyak serai", "3304": "kosmetik",
	"3401": "sabun", "4409": "kayu olahan", "4420": "kerajinan kayu ukiran", "4421": "barang kayu",
	"4601": "anyaman tikar", "4602": "kerajinan anyaman keranjang rotan bambu lidi", "5007": "kain sutra",
	"5208": "kain katun", "5305": "sabut kelapa serat sabut", "5607": "tali tambang", "5805": "kain tapis tenun tangan",
	"5810": "sulaman sulam usus bordir", "6117": "aksesori rajut", "6211": "pakaian", "6214": "selendang syal",
	"6217": "aksesori pakaian", "6304": "kain hias taplak", "6305": "karung goni", "6405": "alas kaki sandal",
	"7113": "perhiasan", "7117": "perhiasan imitasi", "9403": "mebel furnitur", "9405": "lampu hias",
}

// WordsID returns the Indonesian glossary words for an HS code's heading.
func WordsID(code string) string {
	code = cleanCode(code)
	if len(code) < 4 {
		return ""
	}
	return hsWordsID[code[:4]]
}

// headingsForWordID returns the headings whose glossary holds a word
// beginning with w.
func headingsForWordID(w string) []string {
	var out []string
	for h, words := range hsWordsID {
		for _, x := range strings.Fields(words) {
			if strings.HasPrefix(x, w) {
				out = append(out, h)
				break
			}
		}
	}
	return out
}
