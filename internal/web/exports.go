package web

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/attachments"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Realised export records: the list with its filters and downloads, the
// record's page, the form (with the scans of the invoice and the PEB), the
// import, and a section on the enterprise's page.

type exportListData struct {
	F                     store.ExportFilter
	Page                  *store.ExportPage
	Regencies             []refdata.Region
	Countries             []refdata.Country
	Years                 []int
	ExportXLSX, ExportCSV string
	Prev, Next            string
	Compare               string // the comparison with BPS, with the filters it shares
}

// ExportList lists the export records in the actor's scope, filtered by
// regency, destination, year and HS code, with downloads of the selection.
func (h *Handlers) ExportList(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "exportrec.list.title", "exports")
	f := httpx.ExportFilterOf(r)
	f.Limit = 50
	page, err := h.Store.ListExportRecords(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	years, err := h.Store.ExportYears(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := exportListData{F: f, Page: page, Regencies: refdata.DefaultRegionIndex().Children(h.Province), Countries: refdata.Countries(), Years: years}
	q := url.Values{}
	for k, v := range map[string]string{"regency": f.RegencyCode, "destination": f.Destination, "hs": f.HS} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Year != 0 {
		q.Set("year", strconv.Itoa(f.Year))
	}
	d.Compare = "/exports/compare?" + q.Encode()
	for k, v := range map[string]string{"month_from": f.From, "month_to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.EnterpriseID != 0 {
		q.Set("enterprise_id", strconv.FormatInt(f.EnterpriseID, 10))
	}
	d.ExportXLSX, d.ExportCSV = "/exports/export.xlsx?"+q.Encode(), "/exports/export.csv?"+q.Encode()
	at := func(offset int) string {
		q.Set("offset", strconv.Itoa(offset))
		return "/exports?" + q.Encode()
	}
	if f.Offset > 0 {
		d.Prev = at(max(f.Offset-f.Limit, 0))
	}
	if f.Offset+f.Limit < page.Total {
		d.Next = at(f.Offset + f.Limit)
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "exports", p)
}

// ExportDownload downloads the filtered export records as CSV or XLSX.
func (h *Handlers) ExportDownload(w http.ResponseWriter, r *http.Request) {
	format, ok := h.download(w, r, "ekspor")
	if !ok {
		return
	}
	if _, err := bulk.ExportExportRecords(r.Context(), h.Store, httpx.ExportFilterOf(r), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export records download", "err", err)
	}
}

func (h *Handlers) exportRecord(w http.ResponseWriter, r *http.Request) (*siapekspor.ExportRecord, bool) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	x, err := h.Store.ExportRecord(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return x, true
}

type exportData struct {
	X        *siapekspor.ExportRecord
	CanWrite bool
}

// ExportDetail shows one export record.
func (h *Handlers) ExportDetail(w http.ResponseWriter, r *http.Request) {
	x, ok := h.exportRecord(w, r)
	if !ok {
		return
	}
	p := NewPage(r, "exportrec.title", "exports")
	p.Title = p.P.T("exportrec.title") + " · " + x.EnterpriseName
	p.Data = exportData{X: x, CanWrite: siapekspor.Can(p.Actor, siapekspor.PermExportWrite)}
	h.R.Render(w, r, http.StatusOK, "export", p)
}

type exportFormData struct {
	X         *siapekspor.ExportRecord
	Products  []siapekspor.Product
	Countries []refdata.Country
	Raw       map[string]string
	Edit      bool
	Owner     bool // an owner's records are its own reports: no source to choose
	MaxMB     int64
}

// Val is what the user typed if it did not parse, else the stored value.
func (d exportFormData) Val(field string) string {
	if v, ok := d.Raw[field]; ok {
		return v
	}
	x := d.X
	num := func(v float64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	switch field {
	case "value_usd":
		return num(float64(x.ValueUSDCents) / 100)
	case "value_idr":
		if x.ValueIDR == 0 {
			return ""
		}
		return strconv.FormatInt(x.ValueIDR, 10)
	case "exchange_rate":
		return num(x.RateIDR)
	case "quantity":
		return num(x.Quantity)
	case "export_date":
		if x.ExportDate.IsZero() {
			return ""
		}
		return x.ExportDate.Format("2006-01-02")
	case "rate_date":
		if x.RateDate == nil {
			return ""
		}
		return x.RateDate.Format("2006-01-02")
	}
	return ""
}

// ExportNew shows an empty form for an enterprise (?enterprise=), an
// owner's own, or first asks which.
func (h *Handlers) ExportNew(w http.ResponseWriter, r *http.Request) {
	id, ok := h.enterpriseChoice(w, r, "exportrec.new", "enterprise_choice.export", "/exports/new")
	if !ok {
		return
	}
	if _, err := h.Enterprises.Enterprise(r.Context(), id); err != nil {
		h.R.Error(w, r, err)
		return
	}
	x := &siapekspor.ExportRecord{EnterpriseID: id, Source: siapekspor.SourceOfficer}
	h.renderExportForm(w, r, http.StatusOK, x, nil, nil)
}

// ExportEdit shows the form with the stored record.
func (h *Handlers) ExportEdit(w http.ResponseWriter, r *http.Request) {
	x, ok := h.exportRecord(w, r)
	if !ok {
		return
	}
	h.renderExportForm(w, r, http.StatusOK, x, nil, nil)
}

func (h *Handlers) renderExportForm(w http.ResponseWriter, r *http.Request, status int, x *siapekspor.ExportRecord, raw map[string]string, err error) {
	title := "exportrec.new"
	if x.ID != 0 {
		title = "exportrec.edit"
	}
	p := NewPage(r, title, "exports")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	products, perr := h.Store.ListProducts(r.Context(), store.ProductFilter{EnterpriseID: x.EnterpriseID, Limit: 500})
	if perr != nil {
		h.R.Error(w, r, perr)
		return
	}
	p.Data = exportFormData{X: x, Products: products.Items, Countries: refdata.Countries(), Raw: raw, Edit: x.ID != 0,
		Owner: p.Actor.Role == siapekspor.RoleOwner, MaxMB: h.maxDocumentMB()}
	h.R.Render(w, r, status, "export_form", p)
}

// ExportSave creates or updates a record, with the scans attached. The
// record is saved first; a refused scan leaves it without one and says why.
func (h *Handlers) ExportSave(w http.ResponseWriter, r *http.Request) {
	x := &siapekspor.ExportRecord{}
	if r.PathValue("id") != "" {
		var ok bool
		if x, ok = h.exportRecord(w, r); !ok {
			return
		}
	}
	if !h.parseScanForm(w, r, int64(len(store.ExportScans))) {
		return
	}
	if x.ID == 0 {
		x.EnterpriseID, _ = strconv.ParseInt(r.PostForm.Get("enterprise_id"), 10, 64)
	}
	raw, problems := readExportForm(r, x)
	if len(problems) > 0 {
		x.Normalize()
		if de, ok := siapekspor.AsError(x.Validate(h.Store.ExportReference(), time.Now())); ok {
			for _, f := range de.Fields {
				if !problems.Has(f.Field) {
					problems = append(problems, f)
				}
			}
		}
		h.renderExportForm(w, r, http.StatusUnprocessableEntity, x, raw, problems.Err())
		return
	}
	var err error
	if x.ID == 0 {
		err = h.Store.CreateExportRecord(r.Context(), x)
	} else {
		err = h.Store.UpdateExportRecord(r.Context(), x)
	}
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
			h.renderExportForm(w, r, httpx.Status(de.Code), x, raw, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	for _, which := range store.ExportScans {
		file, _, ferr := r.FormFile(which + "_scan")
		if ferr != nil {
			continue
		}
		_, err := attachments.SaveExportScan(r.Context(), h.Store, h.Documents, x.ID, which, file)
		file.Close()
		if err != nil {
			x, _ = h.Store.ExportRecord(r.Context(), x.ID)
			h.renderExportForm(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), x, raw, asFieldError(which+"_scan", err))
			return
		}
	}
	Flash(w, r, "exportrec.saved", "/exports/"+strconv.FormatInt(x.ID, 10))
}

// readExportForm reads the form into x; values that do not parse are
// kept as typed and reported.
func readExportForm(r *http.Request, x *siapekspor.ExportRecord) (map[string]string, siapekspor.Problems) {
	f := r.PostForm
	raw := map[string]string{}
	var p siapekspor.Problems
	x.HSCode, x.Destination, x.PEBNumber, x.Notes = f.Get("hs_code"), f.Get("destination"), f.Get("peb_number"), f.Get("notes")
	x.Unit, x.Incoterm = siapekspor.Unit(f.Get("unit")), siapekspor.Incoterm(f.Get("incoterm"))
	x.Version, _ = strconv.Atoi(f.Get("version"))
	x.ProductID = nil
	if pid, err := strconv.ParseInt(f.Get("product_id"), 10, 64); err == nil && pid > 0 {
		x.ProductID = &pid
	}
	a := siapekspor.ActorFrom(r.Context())
	x.Source = siapekspor.ExportSource(f.Get("source"))
	if a.Role == siapekspor.RoleOwner || x.Source == "" {
		x.Source = map[bool]siapekspor.ExportSource{true: siapekspor.SourceEnterprise, false: siapekspor.SourceOfficer}[a.Role == siapekspor.RoleOwner]
	}
	number := func(name string) float64 {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		n, ok := importer.ParseNumber(s)
		if !ok {
			raw[name] = s
			p.Add(name, "field.number")
		}
		return n
	}
	x.ValueUSDCents = int64(math.Round(number("value_usd") * 100))
	x.RateIDR, x.Quantity = number("exchange_rate"), number("quantity")
	x.ValueIDR = 0
	if s := strings.TrimSpace(f.Get("value_idr")); s != "" {
		n, err := siapekspor.ParseRupiah(s)
		if err != nil {
			raw["value_idr"] = s
			p.AddRule("value_idr", err)
		}
		x.ValueIDR = n
	}
	x.ExportDate, x.RateDate = time.Time{}, nil
	for _, name := range []string{"export_date", "rate_date"} {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			continue
		}
		t, err := parseFormDate(s)
		if err != nil {
			raw[name] = s
			p.Add(name, "field.date")
			continue
		}
		if name == "export_date" {
			x.ExportDate = t
		} else {
			x.RateDate = &t
		}
	}
	return raw, p
}

// ExportDelete asks, then removes a record; its enterprise's export status
// is recomputed.
func (h *Handlers) ExportDelete(w http.ResponseWriter, r *http.Request) {
	x, ok := h.exportRecord(w, r)
	if !ok {
		return
	}
	label := x.ExportDate.Format("2006-01-02") + " " + x.Destination
	if x.PEBNumber != "" {
		label += " (PEB " + x.PEBNumber + ")"
	}
	if h.ask(w, r, confirmation{Nav: "exports", Title: "confirm.export_delete.title", Key: "confirm.export_delete.question",
		Args: []any{label, x.EnterpriseName}, Button: "action.delete", Cancel: "/exports/" + strconv.FormatInt(x.ID, 10)}) {
		return
	}
	_, unused, err := h.Store.DeleteExportRecord(r.Context(), x.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	for _, f := range unused {
		h.Documents.Remove(f)
	}
	Flash(w, r, "exportrec.deleted", "/enterprises/"+strconv.FormatInt(x.EnterpriseID, 10)+"#exports")
}

// ExportScan serves a record's scan of its invoice or PEB.
func (h *Handlers) ExportScan(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	attachments.ServeExportScan(w, r, h.Store, h.Documents, id, r.PathValue("doc"), h.R.Error)
}

// ExportImportForm shows the export record import's upload form.
func (h *Handlers) ExportImportForm(w http.ResponseWriter, r *http.Request) {
	h.renderTableImport(w, r, http.StatusOK, exportImport, tableImportData{}, nil)
}

// ExportImport stores an uploaded file of export records, all of it or —
// when any row has a problem — none, listing every problem by line.
func (h *Handlers) ExportImport(w http.ResponseWriter, r *http.Request) {
	h.tableImport(w, r, exportImport)
}

var exportImport = tableImportKind{view: importView{"exportrec.import.", "/exports", "exportrec.list.title", "/exports/import"},
	nav: "exports", template: "export_import", run: bulk.ImportExportRecords}

// exportFuncs are the template functions of the export record pages.
func exportFuncs() template.FuncMap {
	return template.FuncMap{
		// country names an ISO3 code in the page's language ("Jepang (JPN)").
		"country": func(p *Page, iso3 string) string {
			c, ok := refdata.CountryByISO3(iso3)
			if !ok {
				return iso3
			}
			return c.Name(string(p.Lang)) + " (" + iso3 + ")"
		},
		"incoterms": func() []siapekspor.Incoterm { return siapekspor.Incoterms },
		"deref64":   func(v *int64) int64 { return *v },
		"exportTable": func(p *Page, items []siapekspor.ExportRecord, withEnterprise bool) exportTableView {
			return exportTableView{p, items, withEnterprise}
		},
		"exportSources": func() []siapekspor.ExportSource { return siapekspor.ExportSources },
	}
}

// exportTableView is what the export-table partial draws.
type exportTableView struct {
	Page           *Page
	Items          []siapekspor.ExportRecord
	WithEnterprise bool
}
