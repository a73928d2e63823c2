package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/attachments"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

type certificateData struct {
	C        *siapekspor.Certificate
	Products []siapekspor.Product
	Raw      map[string]string
	Edit     bool
	MaxMB    int64
}

// Val is what the user typed if it did not parse, else the stored value.
func (d certificateData) Val(field string, stored *time.Time) string {
	if v, ok := d.Raw[field]; ok {
		return v
	}
	if stored == nil {
		return ""
	}
	return stored.Format("2006-01-02")
}

// CertificateNew shows an empty certificate form for an enterprise (and,
// with ?product=, one of its products); without ?enterprise= it is an
// owner's own, or the page first asks which.
func (h *Handlers) CertificateNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, ok := h.enterpriseChoice(w, r, "certificate.new", "enterprise_choice.certificate", "/certificates/new")
	if !ok {
		return
	}
	if _, err := h.Enterprises.Enterprise(r.Context(), id); err != nil {
		h.R.Error(w, r, err)
		return
	}
	c := &siapekspor.Certificate{EnterpriseID: id, Type: siapekspor.CertHalal}
	if pid, err := strconv.ParseInt(q.Get("product"), 10, 64); err == nil && pid > 0 {
		c.ProductID = &pid
	}
	h.renderCertificateForm(w, r, http.StatusOK, c, nil, nil)
}

// CertificateEdit shows the form with the stored certificate.
func (h *Handlers) CertificateEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := h.certificate(w, r)
	if !ok {
		return
	}
	h.renderCertificateForm(w, r, http.StatusOK, c, nil, nil)
}

func (h *Handlers) certificate(w http.ResponseWriter, r *http.Request) (*siapekspor.Certificate, bool) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	c, err := h.Store.Certificate(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return c, true
}

func (h *Handlers) renderCertificateForm(w http.ResponseWriter, r *http.Request, status int, c *siapekspor.Certificate, raw map[string]string, err error) {
	title := "certificate.new"
	if c.ID != 0 {
		title = "certificate.edit"
	}
	p := NewPage(r, title, "enterprises")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	products, perr := h.Store.ListProducts(r.Context(), store.ProductFilter{EnterpriseID: c.EnterpriseID, Limit: 500})
	if perr != nil {
		h.R.Error(w, r, perr)
		return
	}
	p.Data = certificateData{C: c, Products: products.Items, Raw: raw, Edit: c.ID != 0, MaxMB: h.maxDocumentMB()}
	h.R.Render(w, r, status, "certificate_form", p)
}

// enterpriseChoice is the enterprise a new product or certificate is for:
// ?enterprise=, else the owner's own. Anyone else is first shown a search
// of the enterprises they reach, each linking to next?enterprise=ID; then
// it answers false.
func (h *Handlers) enterpriseChoice(w http.ResponseWriter, r *http.Request, title, intro, next string) (int64, bool) {
	q := r.URL.Query()
	if v := q.Get("enterprise"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		return id, true
	}
	a := siapekspor.ActorFrom(r.Context())
	if a.EnterpriseID != 0 {
		return a.EnterpriseID, true
	}
	f := siapekspor.EnterpriseFilter{Query: strings.TrimSpace(q.Get("q")), ProvinceCode: h.Province, Limit: 20}
	page, err := h.Enterprises.ListEnterprises(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return 0, false
	}
	p := NewPage(r, title, "enterprises")
	p.Data = enterpriseChoiceData{Intro: intro, Next: next, Query: f.Query, Page: page}
	h.R.Render(w, r, http.StatusOK, "enterprise_choice", p)
	return 0, false
}

type enterpriseChoiceData struct {
	Intro, Next, Query string
	Page               *siapekspor.EnterprisePage
}

// More is how many matches the list leaves out.
func (d enterpriseChoiceData) More() int { return d.Page.Total - len(d.Page.Items) }

func (h *Handlers) maxDocumentMB() int64 {
	if h.Documents == nil || h.Documents.Limits.MaxDocumentBytes == 0 {
		return 10
	}
	return h.Documents.Limits.MaxDocumentBytes >> 20
}

// CertificateSave creates or updates a certificate, with its scan when one
// is attached. The record is saved first; a refused scan leaves it without
// one and says why.
func (h *Handlers) CertificateSave(w http.ResponseWriter, r *http.Request) {
	c := &siapekspor.Certificate{}
	if r.PathValue("id") != "" {
		var ok bool
		if c, ok = h.certificate(w, r); !ok {
			return
		}
	}
	if !h.parseScanForm(w, r, 1) {
		return
	}
	if c.ID == 0 {
		c.EnterpriseID, _ = strconv.ParseInt(r.PostForm.Get("enterprise_id"), 10, 64)
	}
	raw, problems := readCertificateForm(r, c)
	if len(problems) > 0 {
		c.Normalize()
		if de, ok := siapekspor.AsError(c.Validate(time.Now())); ok {
			for _, f := range de.Fields {
				if !problems.Has(f.Field) {
					problems = append(problems, f)
				}
			}
		}
		h.renderCertificateForm(w, r, http.StatusUnprocessableEntity, c, raw, problems.Err())
		return
	}
	// Check the scan before saving anything, so a bad file stores nothing.
	file, _, ferr := r.FormFile("document")
	if ferr == nil {
		defer file.Close()
	}
	var err error
	if c.ID == 0 {
		err = h.Store.CreateCertificate(r.Context(), c)
	} else {
		err = h.Store.UpdateCertificate(r.Context(), c)
	}
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
			h.renderCertificateForm(w, r, httpx.Status(de.Code), c, raw, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	if ferr == nil {
		if _, err := attachments.SaveDocument(r.Context(), h.Store, h.Documents, c.ID, file); err != nil {
			c, _ = h.Store.Certificate(r.Context(), c.ID)
			h.renderCertificateForm(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), c, raw, asFieldError("document", err))
			return
		}
	}
	Flash(w, r, "certificate.saved", "/enterprises/"+strconv.FormatInt(c.EnterpriseID, 10)+"#certificates")
}

// parseScanForm reads a form that may carry up to files scans (or none:
// a plain form); a body past their limit is answered and false returned.
func (h *Handlers) parseScanForm(w http.ResponseWriter, r *http.Request, files int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, files*(h.maxDocumentMB()+1)<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.R.Error(w, r, siapekspor.Errorf(siapekspor.ETooLarge, "media.too_large", h.maxDocumentMB()))
			return false
		}
		if !errors.Is(err, http.ErrNotMultipart) {
			h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
			return false
		}
	}
	return true
}

// asFieldError puts a domain error's message beside a form field.
func asFieldError(field string, err error) error {
	de, ok := siapekspor.AsError(err)
	if !ok || len(de.Fields) > 0 {
		return err
	}
	return &siapekspor.Error{Code: de.Code, Key: "error.validation", Fields: []siapekspor.FieldError{{Field: field, Key: de.Key, Args: de.Args}}}
}

func readCertificateForm(r *http.Request, c *siapekspor.Certificate) (map[string]string, siapekspor.Problems) {
	f := r.PostForm
	raw := map[string]string{}
	var p siapekspor.Problems
	c.Type = siapekspor.CertificateType(f.Get("type"))
	c.SelfDeclare = f.Get("self_declare") == "1"
	c.Number, c.Issuer, c.Notes = f.Get("number"), f.Get("issuer"), f.Get("notes")
	c.Version, _ = strconv.Atoi(f.Get("version"))
	c.ProductID = nil
	if pid, err := strconv.ParseInt(f.Get("product_id"), 10, 64); err == nil && pid > 0 {
		c.ProductID = &pid
	}
	for _, d := range []struct {
		name string
		dst  **time.Time
	}{{"issued_on", &c.IssuedOn}, {"expires_on", &c.ExpiresOn}} {
		s := strings.TrimSpace(f.Get(d.name))
		*d.dst = nil
		if s == "" {
			continue
		}
		t, err := parseFormDate(s)
		if err != nil {
			raw[d.name] = s
			p.Add(d.name, "field.date")
			continue
		}
		*d.dst = &t
	}
	return raw, p
}

// parseFormDate reads a date input (2006-01-02) or a typed 17/08/2020.
func parseFormDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Parse("2/1/2006", s)
}

// CertificateDelete asks, then removes a certificate.
func (h *Handlers) CertificateDelete(w http.ResponseWriter, r *http.Request) {
	c, ok := h.certificate(w, r)
	if !ok {
		return
	}
	if h.ask(w, r, confirmation{Nav: "enterprises", Title: "confirm.certificate_delete.title", Key: "confirm.certificate_delete.question",
		Args: []any{certificateName(printer(r), c.Type, c.Number), c.EnterpriseName}, Button: "action.delete",
		Cancel: "/certificates/" + strconv.FormatInt(c.ID, 10) + "/edit"}) {
		return
	}
	gone, unused, err := h.Store.DeleteCertificate(r.Context(), c.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if unused {
		h.Documents.Remove(gone.Document)
	}
	Flash(w, r, "certificate.deleted", "/enterprises/"+strconv.FormatInt(c.EnterpriseID, 10)+"#certificates")
}

// CertificateDocument serves a certificate's scan.
func (h *Handlers) CertificateDocument(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	attachments.ServeDocument(w, r, h.Store, h.Documents, id, h.R.Error)
}

type expiringData struct {
	Page  *store.CertificatePage
	Pager pager
	Days  int
	Now   time.Time
}

// CertificatesExpiring lists certificates that expire soon, a page at a
// time from a cursor (as the enterprise list), counted only when asked.
func (h *Handlers) CertificatesExpiring(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "certificate.expiring", "certificates")
	q := r.URL.Query()
	days, _ := strconv.Atoi(q.Get("days"))
	if days <= 0 || days > 3650 {
		days = h.ExpiryWarningDays
	}
	f := store.CertificateFilter{ExpiringDays: days, Limit: pageSize, Count: q.Get("count") == "1"}
	num := pageFrom(q, &f.After, &f.Before, &f.Last, &f.Offset)
	page, err := h.Store.ExpiringCertificates(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = expiringData{Page: page, Days: days, Now: time.Now(), Pager: newPager("/certificates/expiring", q, num, page.Total, page.Prev, page.Next)}
	h.R.Render(w, r, http.StatusOK, "certificates_expiring", p)
}
