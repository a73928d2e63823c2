package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// item is a kind of product an enterprise of a sector makes.
type item struct {
	nameID, nameEN string
	hs             string
	unit           siapekspor.Unit
	descID, descEN string
	price          int64 // Rupiah per unit, about
}

// catalogue: what each sector makes, in both languages, with real HS codes.
var catalogue = map[siapekspor.Sector][]item{
	"food": {
		{"Keripik Pisang", "Banana Chips", "200599", "kg", "Keripik pisang kepok renyah, digoreng dengan minyak kelapa.", "Crispy plantain chips fried in coconut oil.", 60000},
		{"Keripik Singkong Balado", "Spicy Cassava Chips", "200599", "kg", "Keripik singkong dengan bumbu balado pedas manis.", "Cassava chips with a sweet and spicy chilli seasoning.", 50000},
		{"Kerupuk Kemplang", "Kemplang Fish Crackers", "190590", "kg", "Kerupuk ikan tenggiri khas pesisir Lampung, dipanggang.", "Baked mackerel crackers from the Lampung coast.", 70000},
		{"Gula Aren Cetak", "Palm Sugar Blocks", "170199", "kg", "Gula aren murni dari nira pohon aren, dicetak tradisional.", "Pure palm sugar from arenga palm sap, moulded by hand.", 30000},
		{"Gula Semut Organik", "Organic Granulated Coconut Sugar", "170199", "kg", "Gula semut kelapa organik, kering dan mudah larut.", "Organic granulated coconut sugar, dry and quick to dissolve.", 45000},
		{"Emping Melinjo", "Melinjo Crackers", "200819", "kg", "Emping melinjo tipis, dijemur matahari.", "Thin sun-dried melinjo nut crackers.", 90000},
	},
	"coffee": {
		{"Kopi Robusta Biji Hijau", "Green Robusta Coffee Beans", "090111", "kg", "Biji kopi robusta petik merah dari Lampung Barat, grade 1.", "Red-picked grade 1 robusta green beans from West Lampung.", 65000},
		{"Kopi Robusta Bubuk", "Ground Robusta Coffee", "090121", "kg", "Kopi robusta sangrai sedang, digiling halus.", "Medium-roast robusta, finely ground.", 120000},
		{"Kopi Luwak", "Civet Coffee", "090121", "kg", "Kopi luwak liar dari kebun rakyat, sangrai.", "Wild civet coffee from smallholder gardens, roasted.", 1500000},
		{"Kopi Sangrai Biji", "Roasted Coffee Beans", "090121", "kg", "Biji kopi sangrai untuk kedai dan roastery.", "Roasted whole beans for cafés and roasters.", 140000},
	},
	"spices": {
		{"Lada Hitam", "Black Pepper", "090411", "kg", "Lada hitam Lampung, kering dan bersih.", "Lampung black pepper, dried and cleaned.", 70000},
		{"Lada Putih Bubuk", "Ground White Pepper", "090412", "kg", "Lada putih giling tanpa campuran.", "Pure ground white pepper.", 110000},
		{"Kayu Manis Batang", "Cinnamon Sticks", "090611", "kg", "Kulit kayu manis gulung, dipotong 8 cm.", "Rolled cinnamon bark cut to 8 cm sticks.", 60000},
		{"Jahe Merah Instan", "Instant Red Ginger Drink", "210690", "pack", "Serbuk jahe merah dengan gula aren.", "Red ginger drink powder with palm sugar.", 25000},
		{"Pala Biji", "Whole Nutmeg", "090811", "kg", "Biji pala kering pilihan.", "Selected dried whole nutmeg.", 120000},
	},
	"fishery": {
		{"Ikan Asin Teri", "Salted Dried Anchovies", "030559", "kg", "Teri asin jemur dari nelayan pesisir.", "Sun-dried salted anchovies from coastal fishers.", 90000},
		{"Abon Ikan Tuna", "Shredded Tuna Floss", "160414", "kg", "Abon ikan tuna gurih tanpa pengawet.", "Savoury tuna floss without preservatives.", 200000},
		{"Rumput Laut Kering", "Dried Seaweed", "121221", "kg", "Rumput laut Eucheuma cottonii kering.", "Dried Eucheuma cottonii seaweed.", 20000},
		{"Terasi Udang", "Shrimp Paste", "210390", "kg", "Terasi udang rebon fermentasi tradisional.", "Traditionally fermented shrimp paste.", 80000},
	},
	"livestock": {
		{"Abon Sapi", "Shredded Beef Floss", "160250", "kg", "Abon daging sapi manis gurih.", "Sweet and savoury beef floss.", 250000},
		{"Dendeng Sapi", "Beef Jerky", "160250", "kg", "Dendeng sapi iris tipis, bumbu rempah.", "Thin-sliced spiced beef jerky.", 300000},
		{"Madu Hutan", "Wild Forest Honey", "040900", "liter", "Madu hutan murni dari Way Kambas.", "Pure wild forest honey.", 180000},
	},
	"agriculture": {
		{"Biji Kakao Fermentasi", "Fermented Cocoa Beans", "180100", "kg", "Biji kakao fermentasi 5 hari, kadar air 7%.", "Cocoa beans fermented for 5 days, 7% moisture.", 90000},
		{"Pinang Belah Kering", "Dried Split Betel Nuts", "080280", "kg", "Pinang belah kering untuk ekspor.", "Dried split areca nuts.", 25000},
		{"Anggrek Dendrobium", "Dendrobium Orchids", "060290", "pcs", "Tanaman anggrek dendrobium dalam pot.", "Potted dendrobium orchid plants.", 75000},
	},
	"craft": {
		{"Kain Tapis Lampung", "Lampung Tapis Cloth", "580500", "pcs", "Kain tapis tenun tangan dengan sulaman benang emas.", "Hand-woven tapis cloth embroidered with gold thread.", 1500000},
		{"Sulam Usus", "Sulam Usus Embroidery", "581092", "pcs", "Kain sulam usus khas Lampung untuk kebaya.", "Lampung sulam usus embroidered fabric for kebaya.", 450000},
		{"Keranjang Anyaman Bambu", "Woven Bamboo Basket", "460212", "pcs", "Keranjang anyaman bambu buatan tangan.", "Hand-woven bamboo basket.", 60000},
		{"Tas Rotan", "Rattan Bag", "460212", "pcs", "Tas rotan bulat dengan tali kulit.", "Round rattan bag with a leather strap.", 150000},
	},
	"forestry": {
		{"Sapu Lidi Sawit", "Palm Frond Broomsticks", "460219", "kg", "Lidi sawit bersih, diikat per kilogram.", "Cleaned oil-palm frond sticks, bundled per kilogram.", 8000},
		{"Cocopeat Blok", "Cocopeat Blocks", "140490", "kg", "Cocopeat blok 5 kg, EC rendah.", "Low-EC cocopeat in 5 kg blocks.", 6000},
		{"Arang Tempurung Kelapa", "Coconut Shell Charcoal", "440290", "kg", "Arang tempurung kelapa untuk briket.", "Coconut shell charcoal for briquettes.", 9000},
	},
	"recycling": {
		{"Minyak Jelantah", "Used Cooking Oil", "151800", "liter", "Minyak jelantah terkumpul dan tersaring.", "Collected and filtered used cooking oil.", 7000},
	},
	"fashion": {
		{"Tas Tapis", "Tapis Handbag", "420222", "pcs", "Tas tangan berhias kain tapis.", "Handbag decorated with tapis cloth.", 350000},
		{"Kemeja Batik Lampung", "Lampung Batik Shirt", "620520", "pcs", "Kemeja batik motif siger.", "Batik shirt with the siger motif.", 200000},
	},
	"beverage": {
		{"Sirup Jahe", "Ginger Syrup", "210690", "liter", "Sirup jahe pekat tanpa pengawet.", "Concentrated ginger syrup without preservatives.", 40000},
		{"Teh Herbal Serai", "Lemongrass Herbal Tea", "121190", "pack", "Teh celup serai dan jahe.", "Lemongrass and ginger tea bags.", 20000},
	},
}

// ProductLabel ends every demo product's Indonesian description. It is
// short: the enterprise carries the full Label, every page of a demo
// database says so, and the description is indexed for search, where the
// long label's words ("usaha", "data", "real", "business") would match
// every product.
const ProductLabel = "(data demo sintetis)"

// ProductsFor returns n synthetic products of an enterprise, from its
// sector's catalogue; deterministic for the enterprise and the seed.
func ProductsFor(e *siapekspor.Enterprise, n int, seed uint64) []*siapekspor.Product {
	items := catalogue[e.Sector]
	if len(items) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, uint64(e.ID)))
	out := make([]*siapekspor.Product, 0, n)
	for k := 0; k < n; k++ {
		it := items[(rng.IntN(len(items))+k)%len(items)]
		capacity := float64(50 + rng.IntN(5000))
		if it.unit == "pcs" {
			capacity = float64(10 + rng.IntN(800))
		}
		price := it.price * int64(80+rng.IntN(40)) / 100
		out = append(out, &siapekspor.Product{
			EnterpriseID: e.ID, NameID: it.nameID, NameEN: it.nameEN, HSCode: it.hs, Category: e.Sector, Unit: it.unit,
			DescriptionID: it.descID + " " + ProductLabel, DescriptionEN: it.descEN,
			CapacityPerMonth: capacity, MinOrder: float64(1 + rng.IntN(100)), PriceIDR: price - price%500,
			FOBUSDCents: price * 100 / 16000, ShelfLifeDays: []int{0, 90, 180, 365}[rng.IntN(4)],
			Packaging: []string{"Plastik vakum 1 kg", "Karung 50 kg", "Kardus isi 12", "Standing pouch 250 g"}[rng.IntN(4)],
		})
	}
	return out
}

// FillProducts gives the enterprises already in db synthetic products,
// going round them until total products are made, in transactions of
// 15,000.
func FillProducts(ctx context.Context, db *store.DB, total int, seed uint64) (int, error) {
	return fillProducts(ctx, db, total, seed, nil)
}

// fillProducts is FillProducts telling progress (when set) after each
// transaction.
func fillProducts(ctx context.Context, db *store.DB, total int, seed uint64, progress func(done, total int)) (int, error) {
	if progress != nil {
		progress(0, total)
	}
	var es []*siapekspor.Enterprise
	err := db.EachEnterprise(ctx, siapekspor.EnterpriseFilter{}, func(e *siapekspor.Enterprise) error {
		if len(catalogue[e.Sector]) > 0 {
			c := *e
			es = append(es, &c)
		}
		return nil
	})
	if err != nil || len(es) == 0 {
		return 0, err
	}
	per := (total + len(es) - 1) / len(es)
	done := 0
	var batch []*siapekspor.Product
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := db.CreateProducts(ctx, fmt.Sprintf("demo seed %d", seed), batch); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		if progress != nil && done < total {
			progress(done, total)
		}
		return nil
	}
	for _, e := range es {
		if done+len(batch) >= total {
			break
		}
		n := min(per, total-done-len(batch))
		batch = append(batch, ProductsFor(e, n, seed)...)
		if len(batch) >= 15000 {
			if err := flush(); err != nil {
				return done, err
			}
		}
	}
	if err := flush(); err != nil {
		return done, err
	}
	err = db.Optimize(ctx, true)
	if progress != nil {
		progress(done, done) // the end, statistics refreshed
	}
	return done, err
}

// SearchWords are what people search the demo catalogue for: the distinct
// words and adjacent word pairs of its product names in both languages, in
// a fixed order. Load benchmarks draw their queries from them.
func SearchWords() []string {
	seen := map[string]bool{}
	var out []string
	add := func(q string) {
		if q = strings.ToLower(q); !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	for i, sector := range siapekspor.Sectors {
		for _, p := range ProductsFor(&siapekspor.Enterprise{ID: int64(i + 1), Sector: sector}, 200, 1) {
			for _, name := range []string{p.NameID, p.NameEN} {
				words := strings.Fields(name)
				for j, w := range words {
					add(w)
					if j > 0 {
						add(words[j-1] + " " + w)
					}
				}
			}
		}
	}
	return out
}
