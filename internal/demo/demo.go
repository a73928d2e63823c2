// Package demo makes a synthetic province for demonstrations and benchmarks:
// enterprises on a real province's real regencies, districts and villages,
// with the sectors and products of the province's export story, and their
// export development replayed up to today — certificates, readiness
// assessments, last year's and this year's training, mentoring, product
// validation (development.go, story.go). Every record is labelled
// synthetic. The same seed and the same day always give the same province.
package demo

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Label marks every demo record, in its notes, as synthetic.
const Label = "DATA DEMO SINTETIS — bukan usaha nyata / synthetic demo data, not a real business."

// LampungUMKM is Lampung's 2021 count of UMKM, the default demo size.
const LampungUMKM = 156150

// line is a product line with the sector it belongs to, the words its
// businesses are named with, and its KBLI 2020 code.
type line struct {
	sector siapekspor.Sector
	kind   siapekspor.EnterpriseKind
	words  []string
	kbli   string
	weight int
}

// lines follow the products the province already exports (docs/design.md,
// "The facts it was built from").
var lines = []line{
	{"food", siapekspor.KindIKM, []string{"Keripik Pisang", "Keripik Singkong", "Kerupuk Kemplang", "Keripik Tempe", "Lanting", "Emping Melinjo"}, "10794", 18},
	{"coffee", siapekspor.KindIKM, []string{"Kopi Robusta", "Kopi Bubuk", "Kopi Luwak", "Roastery Kopi"}, "10761", 10},
	{"spices", siapekspor.KindIKM, []string{"Jahe Merah Instan", "Wedang Rempah", "Kayu Manis", "Lada Hitam", "Pala"}, "10772", 6},
	{"food", siapekspor.KindIKM, []string{"Gula Aren", "Gula Semut", "Gula Kelapa"}, "10722", 6},
	{"fishery", siapekspor.KindIKM, []string{"Ikan Asin", "Terasi", "Abon Ikan", "Kerupuk Ikan", "Otak-Otak"}, "10211", 7},
	{"fishery", siapekspor.KindUMKM, []string{"Rumput Laut", "Budidaya Rumput Laut"}, "03217", 3},
	{"livestock", siapekspor.KindIKM, []string{"Abon Sapi", "Dendeng", "Susu Kambing", "Telur Asin"}, "10130", 4},
	{"agriculture", siapekspor.KindUMKM, []string{"Pinang", "Kakao", "Tanaman Hias", "Anggrek"}, "01269", 6},
	{"craft", siapekspor.KindIKM, []string{"Tapis", "Sulam Usus", "Anyaman Bambu", "Kerajinan Rotan", "Batik Lampung"}, "13912", 12},
	{"forestry", siapekspor.KindIKM, []string{"Sapu Lidi", "Arang Tempurung", "Cocopeat", "Sabut Kelapa"}, "16299", 5},
	{"recycling", siapekspor.KindUMKM, []string{"Minyak Jelantah", "Daur Ulang Plastik"}, "38302", 2},
	{"fashion", siapekspor.KindIKM, []string{"Konveksi", "Tas Tapis", "Sepatu Kulit"}, "14111", 5},
	{"beverage", siapekspor.KindIKM, []string{"Sirup Jahe", "Minuman Serbuk", "Teh Herbal"}, "11040", 3},
	{"services", siapekspor.KindUMKM, []string{"Warung Makan", "Toko Kelontong", "Catering"}, "56101", 13},
}

var givenNames = []string{"Sri", "Siti", "Ahmad", "Budi", "Dewi", "Eko", "Fitri", "Hadi", "Indah", "Joko", "Kartini", "Lestari",
	"Made", "Nur", "Putu", "Rahmat", "Rina", "Sulastri", "Teguh", "Wahyu", "Yanti", "Zainal", "Agus", "Bambang", "Yusuf", "Ratna"}
var familyNames = []string{"Saputra", "Wati", "Santoso", "Hidayat", "Pratama", "Kurniawan", "Lestari", "Setiawan", "Rahayu",
	"Wijaya", "Susanto", "Handayani", "Nugroho", "Anggraini", "Firmansyah", "Purnama", "Syahputra", "Maharani"}
var suffixes = []string{"Jaya", "Makmur", "Sejahtera", "Mandiri", "Berkah", "Lestari", "Abadi", "Sentosa", "Barokah", "Indah", "Putri", "Sakti"}

// Generator makes demo enterprises for one province.
type Generator struct {
	rng       *rand.Rand
	province  string
	villages  []refdata.Region // every village of the province
	totalW    int
	nibSerial int64
	seed      uint64
	// geo draws the coordinates from a stream of its own, so that giving
	// enterprises coordinates changes nothing else the demo draws.
	geo *rand.Rand
}

// CoordinatesShare is the share of demo enterprises given coordinates
// (inside their district, where the binary has the district's boundary:
// Lampung's), in percent.
const CoordinatesShare = 40

// New returns a generator over the province's villages, seeded.
func New(province string, seed uint64) (*Generator, error) {
	ix := refdata.DefaultRegionIndex()
	if r, ok := ix.ByCode(province); !ok || r.Level != 1 {
		return nil, fmt.Errorf("demo: %q is not a province code", province)
	}
	g := &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), province: province, seed: seed,
		geo: rand.New(rand.NewPCG(seed^0x6e0, seed))}
	for _, reg := range ix.Children(province) {
		for _, dist := range ix.Children(reg.Code) {
			g.villages = append(g.villages, ix.Children(dist.Code)...)
		}
	}
	if len(g.villages) == 0 {
		return nil, fmt.Errorf("demo: province %s has no villages in the reference data", province)
	}
	for _, l := range lines {
		g.totalW += l.weight
	}
	return g, nil
}

func (g *Generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *Generator) line() line {
	n := g.rng.IntN(g.totalW)
	for _, l := range lines {
		if n < l.weight {
			return l
		}
		n -= l.weight
	}
	return lines[0]
}

// Next returns the next synthetic enterprise.
func (g *Generator) Next() *siapekspor.Enterprise {
	l := g.line()
	v := g.villages[g.rng.IntN(len(g.villages))]
	district := v.Parent
	regency := district[:strings.LastIndexByte(district, '.')]
	owner := g.pick(givenNames) + " " + g.pick(familyNames)
	e := &siapekspor.Enterprise{
		Kind:         l.kind,
		OwnerName:    owner,
		ProvinceCode: g.province, RegencyCode: regency, DistrictCode: district, VillageCode: v.Code,
		Sector: l.sector,
		KBLI:   []siapekspor.KBLICode{{Version: "2020", Code: l.kbli}},
		Notes:  Label,
	}
	switch g.rng.IntN(3) {
	case 0:
		e.Name = l.words[g.rng.IntN(len(l.words))] + " " + g.pick(suffixes)
	case 1:
		e.Name = l.words[g.rng.IntN(len(l.words))] + " " + strings.Fields(owner)[0]
	default:
		e.Name = l.words[g.rng.IntN(len(l.words))] + " " + g.pick(suffixes) + " " + strings.Fields(v.Name)[len(strings.Fields(v.Name))-1]
	}
	// Mostly micro, as in the province: about 85% micro, 12% small, 3% medium by sales.
	r := g.rng.Float64()
	switch {
	case r < 0.85:
		e.AnnualTurnover = int64(30e6 + g.rng.Float64()*1.9e9)
		e.Workers = 1 + g.rng.IntN(5)
		e.Capital = int64(5e6 + g.rng.Float64()*400e6)
		e.LegalForm = []siapekspor.LegalForm{siapekspor.LegalPerorangan, siapekspor.LegalPerorangan, siapekspor.LegalUD}[g.rng.IntN(3)]
	case r < 0.97:
		e.AnnualTurnover = int64(2.1e9 + g.rng.Float64()*12e9)
		e.Workers = 5 + g.rng.IntN(20)
		e.Capital = int64(300e6 + g.rng.Float64()*3e9)
		e.LegalForm = []siapekspor.LegalForm{siapekspor.LegalUD, siapekspor.LegalCV, siapekspor.LegalPT}[g.rng.IntN(3)]
	default:
		e.AnnualTurnover = int64(15.5e9 + g.rng.Float64()*30e9)
		e.Workers = 20 + g.rng.IntN(80)
		e.Capital = int64(3e9 + g.rng.Float64()*9e9)
		e.LegalForm = []siapekspor.LegalForm{siapekspor.LegalCV, siapekspor.LegalPT}[g.rng.IntN(2)]
	}
	e.AnnualTurnover -= e.AnnualTurnover % 1000
	e.Capital -= e.Capital % 1000
	if l.kind == siapekspor.KindUMKM && g.rng.IntN(20) == 0 {
		e.Kind, e.LegalForm = siapekspor.KindKoperasi, siapekspor.LegalKoperasi
	}
	e.FoundedYear = 1985 + g.rng.IntN(40)
	// Most have a NIB from OSS by now; numbers are sequential within a seed
	// and carry the seed, so two demo provinces never collide.
	if g.rng.IntN(10) < 7 {
		g.nibSerial++
		e.NIB = fmt.Sprintf("9%04d%08d", g.seed%10000, g.nibSerial)
	}
	if g.rng.IntN(10) < 8 {
		e.Phone = fmt.Sprintf("+628%d%08d", 1+g.rng.IntN(9), g.rng.IntN(100000000))
	}
	if g.rng.IntN(10) < 6 {
		day := 1 + g.rng.IntN(28)
		if g.rng.IntN(2) == 0 {
			day += 40 // women: day of birth plus 40
		}
		e.OwnerNIK = fmt.Sprintf("%s%02d%02d%02d%04d", strings.ReplaceAll(district, ".", ""), day, 1+g.rng.IntN(12), g.rng.IntN(100), 1+g.rng.IntN(9999))
	}
	if g.geo.IntN(100) < CoordinatesShare {
		if lat, lng, ok := refdata.DistrictBoundaries().RandomPoint(district, g.geo.Float64, 50); ok {
			lat, lng = math.Round(lat*1e6)/1e6, math.Round(lng*1e6)/1e6
			e.Lat, e.Lng = &lat, &lng
		}
	}
	e.Address = fmt.Sprintf("Jl. %s No. %d", g.pick([]string{"Raya", "Pasar", "Merdeka", "Pahlawan", "Sudirman", "Kartini", "Diponegoro", "Imam Bonjol"}), 1+g.rng.IntN(200))
	// About one in a thousand exports (Lampung: ~20 of 95,000 IKM), a few more are ready.
	switch x := g.rng.IntN(10000); {
	case x < 6:
		e.ExportStatus = siapekspor.ExportRegular
	case x < 14:
		e.ExportStatus = siapekspor.ExportFirst
	case x < 120:
		e.ExportStatus = siapekspor.ExportReady
	default:
		e.ExportStatus = siapekspor.ExportNever
	}
	return e
}

// Fill inserts n synthetic enterprises of the province into db, in
// transactions of 20,000, and refreshes the planner's statistics.
func Fill(ctx context.Context, db *store.DB, province string, n int, seed uint64) (int, error) {
	return fill(ctx, db, province, n, seed, nil)
}

// fill is Fill telling progress (when set) after each transaction.
func fill(ctx context.Context, db *store.DB, province string, n int, seed uint64, progress func(done, total int)) (int, error) {
	g, err := New(province, seed)
	if err != nil {
		return 0, err
	}
	const chunk = 20000
	done := 0
	if progress != nil {
		progress(0, n)
	}
	for done < n {
		k := min(chunk, n-done)
		batch := make([]*siapekspor.Enterprise, k)
		for i := range batch {
			batch[i] = g.Next()
		}
		if err := db.CreateEnterprises(ctx, fmt.Sprintf("demo seed %d", seed), batch); err != nil {
			return done, err
		}
		done += k
		if progress != nil && done < n {
			progress(done, n)
		}
	}
	err = db.Optimize(ctx, true)
	if progress != nil {
		progress(done, n) // the end, statistics refreshed
	}
	return done, err
}

// WriteCSV writes n synthetic enterprises as a CSV file in the column names
// offices use, for import benchmarks and trials.
func WriteCSV(w io.Writer, province string, n int, seed uint64) error {
	g, err := New(province, seed)
	if err != nil {
		return err
	}
	ix := refdata.DefaultRegionIndex()
	name := func(code string) string {
		r, _ := ix.ByCode(code)
		return r.Name
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := csv.NewWriter(bw)
	cw.Write([]string{"Nama Usaha", "Nama Pemilik", "NIK", "NIB", "Alamat", "Desa/Kelurahan", "Kecamatan", "Kabupaten/Kota",
		"No HP", "Jenis Usaha", "KBLI", "Tenaga Kerja", "Modal", "Omzet per Tahun", "Tahun Berdiri", "Status Ekspor", "Bentuk Usaha"})
	for i := 0; i < n; i++ {
		e := g.Next()
		var kbli string
		if len(e.KBLI) > 0 {
			kbli = e.KBLI[0].Code
		}
		cw.Write([]string{e.Name, e.OwnerName, e.OwnerNIK, e.NIB, e.Address, name(e.VillageCode), name(e.DistrictCode), name(e.RegencyCode),
			e.Phone, string(e.Sector), kbli, strconv.Itoa(e.Workers), strconv.FormatInt(e.Capital, 10), strconv.FormatInt(e.AnnualTurnover, 10),
			strconv.Itoa(e.FoundedYear), string(e.ExportStatus), string(e.LegalForm)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
