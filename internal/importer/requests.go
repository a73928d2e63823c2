package importer

import (
	"errors"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
)

// The request import reads buyers' requests (buying requests and
// procurement needs), one per row, each naming its buyer organisation by
// id or by name; the request export writes the same headers.

// Request import fields.
const (
	RKind         Field = "kind"
	ROrgID        Field = "org_id"
	ROrgName      Field = "org_name"
	RTitle        Field = "title"
	RHSCode       Field = "hs_code"
	RWords        Field = "words"
	RKBLI         Field = "kbli"
	RQuantity     Field = "quantity"
	RUnit         Field = "unit"
	RFrequency    Field = "frequency"
	RDestination  Field = "destination"
	RIncoterm     Field = "incoterm"
	RTargetPrice  Field = "target_price"
	RCurrency     Field = "currency"
	RBudget       Field = "budget"
	RDelivery     Field = "delivery_region"
	RLocalFirst   Field = "local_first"
	RCertificates Field = "certificates"
	RSample       Field = "sample_needed"
	RDeadline     Field = "deadline"
	RDeliveryDate Field = "delivery_date"
	RStatus       Field = "status"
	RVisibility   Field = "visibility"
	RNotes        Field = "notes"
	RRequireValid Field = "require_validated"
	RMinCapacity  Field = "min_capacity_pct"
)

// RequestHeaders are the headers the export writes, by field.
var RequestHeaders = map[Field]string{
	RKind: "Jenis", ROrgID: "ID Organisasi", ROrgName: "Organisasi", RTitle: "Judul", RHSCode: "Kode HS", RWords: "Produk",
	RKBLI: "KBLI", RQuantity: "Jumlah", RUnit: "Satuan", RFrequency: "Frekuensi", RDestination: "Negara Tujuan",
	RIncoterm: "Incoterm", RTargetPrice: "Harga Target", RCurrency: "Mata Uang", RBudget: "Anggaran",
	RDelivery: "Kode Wilayah Pengiriman", RLocalFirst: "Utamakan Lokal", RCertificates: "Sertifikat",
	RSample: "Perlu Sampel", RDeadline: "Batas Penawaran", RDeliveryDate: "Tanggal Pengiriman", RStatus: "Status",
	RVisibility: "Visibilitas", RNotes: "Catatan", RRequireValid: "Hanya Produk Tervalidasi", RMinCapacity: "Kapasitas Minimum (%)",
}

var requestSynonyms = map[Field][]string{
	RKind: {"kind", "type"}, ROrgID: {"org id", "organisation id"}, ROrgName: {"nama organisasi", "pembeli", "buyer", "organisation"},
	RTitle: {"title", "nama permintaan"}, RHSCode: {"hs", "hs code", "pos tarif"}, RWords: {"product", "nama produk", "kategori", "category"},
	RQuantity: {"quantity", "volume"}, RUnit: {"unit"}, RFrequency: {"frequency"}, RDestination: {"destination", "negara"},
	RTargetPrice: {"target price", "harga"}, RCurrency: {"currency"}, RBudget: {"budget"}, RDelivery: {"delivery region", "wilayah pengiriman"},
	RLocalFirst: {"local first"}, RCertificates: {"certificates", "sertifikat wajib"}, RSample: {"sample needed", "sampel"},
	RDeadline: {"deadline", "batas waktu"}, RDeliveryDate: {"delivery date"}, RVisibility: {"visibility"}, RNotes: {"notes", "keterangan"},
	RRequireValid: {"validated only"}, RMinCapacity: {"min capacity pct"},
}

var requestHeaderIndex = func() map[string]Field {
	m := map[string]Field{}
	for f, h := range RequestHeaders {
		m[normHeader(h)] = f
	}
	for f, names := range requestSynonyms {
		for _, n := range names {
			m[normHeader(n)] = f
		}
	}
	return m
}()

// findListHeader reads up to ten rows (their merged cells filled) and
// takes the one naming the most known columns as the header: for the
// simple lists (products, requests) that have one header row.
func (s *rowSource) findListHeader(index map[string]Field) ([]string, Mapping, int, []pendingRow, error) {
	var best []string
	var bestMap Mapping
	bestLine, bestScore := 0, 0
	s.useMerges()
	var seen []pendingRow
	for i := 0; i < 10; i++ {
		p, err := s.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, 0, nil, err
		}
		seen = append(seen, p)
		m := Mapping{}
		for c, cell := range p.cells {
			if f, ok := index[normHeader(cell)]; ok {
				if _, dup := m[f]; !dup {
					m[f] = c
				}
			}
		}
		if len(m) > bestScore {
			best, bestMap, bestLine, bestScore = p.cells, m, p.line, len(m)
		}
	}
	if bestScore < 2 {
		return nil, nil, 0, nil, fileError("import.no_header")
	}
	return best, bestMap, bestLine, seen, nil
}

// RequestRow is one data row: the request and the organisation it names
// (by id or name, resolved by the caller), or its problems.
type RequestRow struct {
	Line     int
	Request  *siapekspor.BuyingRequest
	OrgName  string
	Problems []sheet.Problem
	Guesses  []Guess // how values were read ("-" as unknown)
}

// RequestReader turns a table's rows into requests, checked with the
// domain's rules on the day Today.
type RequestReader struct {
	rowSource
	Header    *Header
	refs      siapekspor.RequestRefs
	countries Countries
	today     time.Time
}

// NewRequestReader finds the header, which must name the title, the
// quantity and the organisation (by id or name). countries reads the
// destination as export records read theirs.
func NewRequestReader(t sheet.Table, format sheet.Format, refs siapekspor.RequestRefs, countries Countries, today time.Time) (*RequestReader, error) {
	r := &RequestReader{rowSource: rowSource{t: t}, refs: refs, countries: countries, today: today}
	best, m, line, seen, err := r.findListHeader(requestHeaderIndex)
	if err != nil {
		return nil, err
	}
	for _, f := range []Field{RTitle, RQuantity} {
		if _, ok := m[f]; !ok {
			return nil, fileError("request.import.missing_column", RequestHeaders[f])
		}
	}
	_, byID := m[ROrgID]
	_, byName := m[ROrgName]
	if !byID && !byName {
		return nil, fileError("request.import.missing_column", RequestHeaders[ROrgName])
	}
	r.Header = &Header{Format: format, Line: line, Cells: best, Mapping: m}
	r.start(line, seen)
	return r, nil
}

// Next reads the next data row; empty rows are skipped. It returns io.EOF at the end.
func (r *RequestReader) Next() (*RequestRow, error) {
	cells, line, err := r.next()
	if err != nil {
		return nil, err
	}
	return r.parse(cells, line), nil
}

// yes reads a yes/no cell.
func yes(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "", "0", "tidak", "no", "false", "t", "n":
		return false, true
	case "1", "ya", "yes", "true", "y":
		return true, true
	}
	return false, false
}

// choiceOf maps a cell to one of the values, by value or by the Indonesian
// words offices write.
func choiceOf(v string, words map[string]string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if w, ok := words[v]; ok {
		return w
	}
	return strings.ReplaceAll(v, " ", "_")
}

var (
	kindWords      = map[string]string{"permintaan pembelian": "buying", "ekspor": "buying", "pembelian": "buying", "pengadaan": "procurement", "kebutuhan pengadaan": "procurement"}
	frequencyWords = map[string]string{"sekali": "one_off", "one-off": "one_off", "once": "one_off", "sekali saja": "one_off", "satu kali": "one_off",
		"bulanan": "monthly", "per bulan": "monthly", "perbulan": "monthly", "tiap bulan": "monthly", "setiap bulan": "monthly", "sebulan sekali": "monthly",
		"triwulanan": "quarterly", "kuartalan": "quarterly", "per triwulan": "quarterly", "tiap 3 bulan": "quarterly", "setiap 3 bulan": "quarterly", "per 3 bulan": "quarterly", "3 bulanan": "quarterly",
		"tahunan": "yearly", "per tahun": "yearly", "pertahun": "yearly", "tiap tahun": "yearly", "setiap tahun": "yearly", "setahun sekali": "yearly", "annual": "yearly", "annually": "yearly"}
	statusWords = map[string]string{"draf": "draft", "terbuka": "open", "ditutup": "closed", "dipilih": "awarded"}
	visWords    = map[string]string{"tertutup": "private", "dibagikan": "shared"}
	localWords  = map[string]string{"tidak": "", "none": "", "kabupaten": "regency", "kota": "regency", "provinsi": "province"}
)

func (r *RequestReader) parse(cells []string, line int) *RequestRow {
	row := &RequestRow{Line: line}
	lc := listCells{h: r.Header, cells: cells, line: line, problems: &row.Problems, notes: &row.Guesses}
	get, problem := lc.get, lc.problem
	lc.refuseFormulas()
	q := &siapekspor.BuyingRequest{Kind: siapekspor.RequestKind(choiceOf(get(RKind), kindWords)), Title: get(RTitle), HSCode: get(RHSCode),
		Words: get(RWords), KBLI: get(RKBLI), Frequency: choiceOf(get(RFrequency), frequencyWords), Destination: r.destination(get(RDestination)),
		Incoterm: lc.incoterm(RIncoterm), Currency: get(RCurrency), DeliveryRegion: get(RDelivery), LocalFirst: choiceOf(get(RLocalFirst), localWords),
		Status: siapekspor.RequestStatus(choiceOf(get(RStatus), statusWords)), Visibility: siapekspor.RequestVisibility(choiceOf(get(RVisibility), visWords)),
		Notes: get(RNotes)}
	if q.Kind == "" {
		q.Kind = siapekspor.RequestBuying
	}
	if v := get(ROrgID); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			problem(ROrgID, "field.number")
		}
		q.OrgID = id
	}
	row.OrgName = get(ROrgName)
	if q.OrgID == 0 && row.OrgName == "" {
		problem(ROrgName, "field.required")
	}
	if v := get(RUnit); v != "" {
		u, ok := parseUnit(v)
		if !ok {
			problem(RUnit, "field.choice")
		}
		q.Unit = u
	}
	number := func(f Field) float64 {
		v := get(f)
		if v == "" {
			return 0
		}
		n, ok := ParseNumber(v)
		if !ok {
			problem(f, "field.number")
		}
		return n
	}
	// A price or budget written with its currency ("US$ 4,5/kg", "Rp 10
	// jt") names the currency when its column is empty, and must agree
	// with it when not.
	currency := func(f Field, c string) {
		switch {
		case q.Currency == "":
			q.Currency = c
			lc.note(f, "import.guess_currency", c)
		case !strings.EqualFold(strings.TrimSpace(q.Currency), c):
			problem(f, "import.currency_differs", c, strings.ToUpper(strings.TrimSpace(q.Currency)))
		}
	}
	q.Quantity, q.MinCapacityPct = lc.quantity(RQuantity, false, &q.Unit), number(RMinCapacity)
	if v := get(RTargetPrice); v != "" {
		n, ok := ParseNumber(v)
		if !ok {
			var pr valueRead
			switch c := currencyMark(v); c {
			case "USD":
				pr, ok = readUSD(v)
			case "IDR":
				var idr int64
				idr, pr, ok = readPrice(v)
				pr.n = float64(idr)
			}
			if ok && lc.unitBeside(RTargetPrice, pr.unit, &q.Unit) {
				n = pr.n
				currency(RTargetPrice, currencyMark(v))
			} else if !ok {
				problem(RTargetPrice, "field.number")
			}
		}
		q.TargetPrice = n
	}
	if v := get(RBudget); v != "" {
		n, err := siapekspor.ParseRupiah(v)
		if err != nil {
			problem(RBudget, "field.number")
		} else if currencyMark(v) == "IDR" {
			currency(RBudget, "IDR")
		}
		q.Budget = n
	}
	for f, dst := range map[Field]**time.Time{RDeadline: &q.Deadline, RDeliveryDate: &q.DeliveryDate} {
		if v := get(f); v != "" {
			d, ok := ParseDay(v)
			if !ok {
				problem(f, "request.import.date")
			}
			*dst = &d
		}
	}
	for f, dst := range map[Field]*bool{RSample: &q.SampleNeeded, RRequireValid: &q.RequireValidated} {
		b, ok := yes(get(f))
		if !ok {
			problem(f, "field.choice")
		}
		*dst = b
	}
	if v := get(RCertificates); v != "" {
		q.Certificates = []siapekspor.CertificateType{}
		for c := range strings.FieldsFuncSeq(strings.ToLower(v), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			q.Certificates = append(q.Certificates, siapekspor.CertificateType(c))
		}
	}
	// The domain's own rules, against the columns they came from; the
	// organisation is resolved by the caller.
	resolved := q.OrgID
	if q.OrgID == 0 {
		q.OrgID = -1
	}
	q.Normalize()
	if err := q.Validate(r.refs, r.today, nil); err != nil {
		if de, ok := siapekspor.AsError(err); ok {
			for _, fe := range de.Fields {
				problem(Field(fe.Field), fe.Key, fe.Args...)
			}
		}
	}
	q.OrgID = resolved
	if len(row.Problems) == 0 {
		row.Request = q
	}
	return row
}

// destination is a destination cell as an ISO3 code when countries reads
// it ("Jepang", "UEA"), else as written, for validation to refuse.
func (r *RequestReader) destination(v string) string {
	if v == "" || r.countries == nil {
		return v
	}
	if iso3, ok := r.countries(v); ok {
		return iso3
	}
	return v
}

// currencyMark is the currency a price's own text names: "US$ 4,5" and
// "4.5 USD" USD, "Rp 12.000" IDR, else "".
func currencyMark(v string) string {
	l := strings.ToLower(strings.TrimSpace(v))
	switch {
	case strings.Contains(l, "$") || strings.Contains(l, "usd"):
		return "USD"
	case strings.HasPrefix(l, "rp"):
		return "IDR"
	}
	return ""
}
