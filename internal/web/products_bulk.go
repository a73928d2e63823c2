package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

type productListData struct {
	F                                       store.ProductFilter
	Page                                    *store.ProductPage
	Regencies                               []refdata.Region
	Chapters                                []refdata.HSCode
	ExportXLSX, ExportCSV, CertificatesXLSX string // downloads of the same selection
	Prev, Next                              string
}

// ProductList lists the products in the actor's scope, filtered, with
// downloads of the same selection.
func (h *Handlers) ProductList(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "product.list.title", "products")
	f := httpx.ProductFilterOf(r)
	f.Limit = 50
	page, err := h.Store.ListProducts(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := productListData{F: f, Page: page, Regencies: refdata.DefaultRegionIndex().Children(h.Province), Chapters: hsChapters()}
	q := url.Values{}
	for k, v := range map[string]string{"regency": f.RegencyCode, "hs_chapter": f.HSChapter, "validation": string(f.Validation)} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.EnterpriseID != 0 {
		q.Set("enterprise_id", strconv.FormatInt(f.EnterpriseID, 10))
	}
	d.ExportXLSX, d.ExportCSV = "/products/export.xlsx?"+q.Encode(), "/products/export.csv?"+q.Encode()
	d.CertificatesXLSX = "/certificates/export.xlsx?" + url.Values{"regency": {f.RegencyCode}}.Encode()
	at := func(offset int) string {
		q.Set("offset", strconv.Itoa(offset))
		return "/products?" + q.Encode()
	}
	if f.Offset > 0 {
		d.Prev = at(max(f.Offset-f.Limit, 0))
	}
	if f.Offset+f.Limit < page.Total {
		d.Next = at(f.Offset + f.Limit)
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "products", p)
}

// download sets a spreadsheet download's headers from the path's extension
// (.csv or .xlsx); CSV gets a byte-order mark so Excel reads it as UTF-8.
func (h *Handlers) download(w http.ResponseWriter, r *http.Request, name string) (string, bool) {
	format := strings.TrimPrefix(filepath.Ext(r.URL.Path), ".")
	file := name + "-" + time.Now().In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02") + "." + format
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
		w.Write([]byte("\xef\xbb\xbf"))
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	default:
		h.R.NotFound(w, r)
		return "", false
	}
	return format, true
}

// ProductExport downloads the filtered products as CSV or XLSX.
func (h *Handlers) ProductExport(w http.ResponseWriter, r *http.Request) {
	format, ok := h.download(w, r, "produk")
	if !ok {
		return
	}
	f := httpx.ProductFilterOf(r)
	if _, err := bulk.ExportProducts(r.Context(), h.Store, f, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export products", "err", err)
	}
}

// CertificateExport downloads certificates (?expiring_days=, ?type=,
// ?regency=) as CSV or XLSX.
func (h *Handlers) CertificateExport(w http.ResponseWriter, r *http.Request) {
	format, ok := h.download(w, r, "sertifikat")
	if !ok {
		return
	}
	f := store.CertificateFilter{Type: siapekspor.CertificateType(r.URL.Query().Get("type")), RegencyCode: r.URL.Query().Get("regency")}
	f.ExpiringDays, _ = strconv.Atoi(r.URL.Query().Get("expiring_days"))
	if _, err := bulk.ExportCertificates(r.Context(), h.Store, f, format, w, h.Store.Now()); err != nil {
		h.Log.ErrorContext(r.Context(), "export certificates", "err", err)
	}
}

type tableImportData struct {
	K        importView
	MaxMB    int64
	Report   *bulk.TableImportReport
	FileName string
	Problems []problemLine
	Lines    int // rows with problems
	// Checked is the token of a file checked without a problem, kept so
	// that one click stores it (checkedFiles); StoredAt, when the same
	// file was stored a little earlier, instead.
	Checked  string
	StoredAt time.Time
	// Columns are the headers the kind's file takes, for the form's hint
	// (when the kind lists them from its reader).
	Columns []string
}

type problemLine struct {
	sheet.Problem
	Message string
}

// problemLines are an import's problems in the reader's language, and how
// many lines they are on.
func problemLines(r *http.Request, ps []sheet.Problem) ([]problemLine, int) {
	l := httpx.Lang(r, i18n.ID)
	seen := map[int]bool{}
	out := make([]problemLine, 0, len(ps))
	for _, pr := range ps {
		out = append(out, problemLine{pr, bulk.ProblemText(l, pr)})
		seen[pr.Line] = true
	}
	return out, len(seen)
}

// ProductImportForm shows the product import's upload form.
func (h *Handlers) ProductImportForm(w http.ResponseWriter, r *http.Request) {
	h.renderTableImport(w, r, http.StatusOK, productImport, tableImportData{}, nil)
}

// tableImportKind is one of the pages that import a whole file at once,
// all or nothing: products, export records.
type tableImportKind struct {
	view     importView
	nav      string
	template string
	run      func(context.Context, *store.DB, bulk.TableImportRequest) (*bulk.TableImportReport, error)
	columns  func() []string // the headers for the form's hint, if listed by the reader
}

// importView is what the table-import partial names: its messages (under
// Prefix: title, lead, failed, checked, check_only, done), the list
// it comes from and goes back to, and where the form posts.
type importView struct {
	Prefix, Back, BackTitle, Action string
}

var productImport = tableImportKind{view: importView{"product.import.", "/products", "product.list.title", "/products/import"},
	nav: "products", template: "product_import", run: bulk.ImportProducts}

func (h *Handlers) renderTableImport(w http.ResponseWriter, r *http.Request, status int, k tableImportKind, d tableImportData, err error) {
	p := NewPage(r, k.view.Prefix+"title", k.nav)
	if err != nil {
		p.SetError(httpx.DomainError(r, h.Log, err))
	}
	d.K, d.MaxMB = k.view, h.MaxUpload>>20
	if k.columns != nil {
		d.Columns = k.columns()
	}
	p.Data = d
	h.R.Render(w, r, status, k.template, p)
}

// ProductImport stores an uploaded product list, all of it or — when any
// row has a problem — none, listing every problem by line and column.
// Product lists are small enough to check while the officer waits.
func (h *Handlers) ProductImport(w http.ResponseWriter, r *http.Request) {
	h.tableImport(w, r, productImport)
}

func (h *Handlers) tableImport(w http.ResponseWriter, r *http.Request, k tableImportKind) {
	r.Body = http.MaxBytesReader(w, r.Body, h.MaxUpload+1<<20)
	if token := r.PostFormValue("checked"); token != "" {
		h.storeChecked(w, r, k, token)
		return
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.renderTableImport(w, r, http.StatusRequestEntityTooLarge, k, tableImportData{}, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(h.MaxUpload>>20, 10)))
			return
		}
		h.renderTableImport(w, r, http.StatusUnprocessableEntity, k, tableImportData{}, siapekspor.Errorf(siapekspor.EInvalid, "import.no_file"))
		return
	}
	defer file.Close()
	d := tableImportData{FileName: httpx.FileName(header.Filename)}
	sheetName := strings.TrimSpace(r.FormValue("sheet"))
	rep, err := k.run(r.Context(), h.Store, bulk.TableImportRequest{File: file, Size: header.Size, FileName: d.FileName,
		Sheet: sheetName, DryRun: r.FormValue("dry_run") != ""})
	user := siapekspor.ActorFrom(r.Context()).UserID
	if err == nil && rep.DryRun && len(rep.Problems) == 0 {
		if at, ok := h.checked.storedAt(user, k.view.Action, rep.SHA256); ok {
			d.StoredAt = at // stored already: no button that would add its rows again
		} else if f, _, serr := httpx.Spool(h.Uploads, bulk.PageUploadPrefix, io.NewSectionReader(file, 0, header.Size), h.MaxUpload); serr == nil {
			// Kept for "store now"; a file that cannot be kept is uploaded again.
			f.Close()
			d.Checked = h.checked.keep(checkedFile{path: f.Name(), name: d.FileName, sheet: sheetName, page: k.view.Action, sha: rep.SHA256, user: user})
		}
	}
	h.tableImportResult(w, r, k, d, rep, err)
}

// storeChecked stores the file a check just kept, as it was checked.
func (h *Handlers) storeChecked(w http.ResponseWriter, r *http.Request, k tableImportKind, token string) {
	f, ok := h.checked.take(token, siapekspor.ActorFrom(r.Context()).UserID, k.view.Action)
	if !ok {
		h.renderTableImport(w, r, http.StatusUnprocessableEntity, k, tableImportData{}, siapekspor.Errorf(siapekspor.EInvalid, "imports.checked_gone"))
		return
	}
	defer os.Remove(f.path)
	file, err := os.Open(f.path)
	if err != nil {
		h.renderTableImport(w, r, http.StatusUnprocessableEntity, k, tableImportData{}, siapekspor.Errorf(siapekspor.EInvalid, "imports.checked_gone"))
		return
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := tableImportData{FileName: f.name}
	rep, err := k.run(r.Context(), h.Store, bulk.TableImportRequest{File: file, Size: st.Size(), FileName: f.name, Sheet: f.sheet})
	h.tableImportResult(w, r, k, d, rep, err)
}

// tableImportResult answers an import: its problems, a clean check, or
// the stored count on the list it came from.
func (h *Handlers) tableImportResult(w http.ResponseWriter, r *http.Request, k tableImportKind, d tableImportData, rep *bulk.TableImportReport, err error) {
	if err != nil {
		h.renderTableImport(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), k, d, err)
		return
	}
	d.Report = rep
	if len(rep.Problems) > 0 {
		d.Problems, d.Lines = problemLines(r, rep.Problems)
		h.renderTableImport(w, r, http.StatusUnprocessableEntity, k, d, nil)
		return
	}
	if rep.DryRun {
		h.renderTableImport(w, r, http.StatusOK, k, d, nil)
		return
	}
	h.checked.markStored(siapekspor.ActorFrom(r.Context()).UserID, k.view.Action, rep.SHA256)
	FlashCount(w, r, k.view.Prefix+"done", rep.Imported, k.view.Back)
}

// ProductImportTemplate downloads a blank product list with an example row.
func (h *Handlers) ProductImportTemplate(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="produk-contoh.csv"`)
	w.Write([]byte("\xef\xbb\xbf"))
	bulk.WriteProductTemplate(w)
}
