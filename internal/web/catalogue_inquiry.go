package web

// Inquiries from the public catalogue (issue 20 item 4): a form on every
// product page and profile, no CAPTCHA service but a honeypot field, a
// signed time token and limits per client address. A stored inquiry is a
// draft buying request in the officers' queue.

import (
	"errors"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/antispam"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// honeypotField is the form's trap: hidden from people (CSS, aria-hidden,
// out of the tab order), filled by bots that fill every field.
const honeypotField = "website"

// inquiryForm is the form's state: its target, time token and values.
type inquiryForm struct {
	Action string
	Token  string
	Values map[string]string
	// Countries and Units are the <select>s' options, already HTML (see
	// fixedOptions).
	Countries template.HTML
	Units     template.HTML
	// HTML is the whole form, written by renderPub (pubPage.inquiryHTML).
	HTML template.HTML
}

type pubOption struct {
	Value, Label string
	Selected     bool
}

func (h *Handlers) newInquiryForm(p *pubPage, action string, unit siapekspor.Unit) *inquiryForm {
	f := &inquiryForm{Action: p.Link(action), Token: h.pub.tokens.Issue(time.Now()), Values: map[string]string{"unit": string(unit)}}
	f.fill(h.pub, p)
	return f
}

// fill lists the choices (countries by name in the page's language).
func (f *inquiryForm) fill(s *publicSite, p *pubPage) {
	f.Countries = s.countries.html(p.Lang, f.Values["country"])
	f.Units = s.units.html(p.Lang, f.Values["unit"])
}

func buyerCountryOptions(l i18n.Lang, selected string) []pubOption {
	var out []pubOption
	for _, c := range refdata.Countries() {
		if c.ISO3 == "IDN" {
			continue // the buyers are abroad
		}
		out = append(out, pubOption{Value: c.ISO3, Label: c.Name(string(l)), Selected: c.ISO3 == selected})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

func unitOptions(l i18n.Lang, selected string) []pubOption {
	p := i18n.Printer{Lang: l}
	var out []pubOption
	for _, u := range siapekspor.Units {
		out = append(out, pubOption{Value: string(u), Label: p.T("pub.unit." + string(u)), Selected: string(u) == selected})
	}
	return out
}

// fixedOptions are the options of one of the inquiry form's <select>s, made
// once at start-up in each catalogue language for each choice in
// preselect: about 250 countries translated, sorted and escaped on every
// product page and profile were most of a page's CPU (issue 20's figures),
// and the lists never change while the server runs.
type fixedOptions struct {
	list func(l i18n.Lang, selected string) []pubOption
	made map[i18n.Lang]map[string]template.HTML
}

func newFixedOptions(list func(i18n.Lang, string) []pubOption, preselect ...string) *fixedOptions {
	o := &fixedOptions{list: list, made: map[i18n.Lang]map[string]template.HTML{}}
	for _, l := range i18n.PublicLangs {
		o.made[l] = map[string]template.HTML{}
		for _, sel := range preselect {
			o.made[l][sel] = o.render(l, sel)
		}
	}
	return o
}

func (o *fixedOptions) render(l i18n.Lang, selected string) template.HTML {
	return optionsHTML(o.list(l, selected))
}

// html is the options in language l with selected (a value, or empty)
// marked: the list made at start-up, or for another choice (a form that
// comes back with its values) rendered afresh.
func (o *fixedOptions) html(l i18n.Lang, selected string) template.HTML {
	if h, ok := o.made[l][selected]; ok {
		return h
	}
	return o.render(l, selected)
}

// checkToken judges a form's time token: nil, or the error its sender sees
// (sent too fast for a person, or too long ago).
func (s *publicSite) checkToken(token string, now time.Time) *siapekspor.Error {
	switch err := s.tokens.Check(token, now); {
	case errors.Is(err, antispam.ErrTooFast):
		return siapekspor.Errorf(siapekspor.EInvalid, "pub.inquiry.too_fast")
	case err != nil:
		return siapekspor.Errorf(siapekspor.EInvalid, "pub.inquiry.expired")
	}
	return nil
}

// allow counts a form sent from r's address against the limits it shares
// with the API: nil, or (over them) the error to show, Retry-After set.
func (s *publicSite) allow(w http.ResponseWriter, r *http.Request, now time.Time) *siapekspor.Error {
	if s.limiter.Allow(antispam.AddrKey(siapekspor.ActorFrom(r.Context()).RemoteAddr), now) {
		return nil
	}
	w.Header().Set("Retry-After", "600")
	return siapekspor.Errorf(siapekspor.EInvalid, "pub.inquiry.too_many")
}

// countryRef answers whether an ISO3 code is a country, from the built-in list.
type countryRef struct{}

func (countryRef) CountryExists(iso3 string) bool {
	_, ok := refdata.CountryByISO3(iso3)
	return ok
}

// InquiryToken is the time token a form issued at t carries (tests).
func InquiryToken(secret []byte, t time.Time) string { return antispam.NewTokens(secret).Issue(t) }

// CatalogueInquiry takes an inquiry posted from a product page or a profile.
func (h *Handlers) CatalogueInquiry(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	id, _, ok := parseSlug(r)
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	onProduct := strings.HasPrefix(r.URL.Path, "/catalogue/p/")
	var pp *siapekspor.PublicProduct
	var pe *siapekspor.PublicEnterprise
	var err error
	if onProduct {
		pp, err = h.catalogue().CatalogueProduct(r.Context(), id, h.now())
	} else {
		pe, err = h.catalogue().CatalogueEnterprise(r.Context(), id, h.now())
	}
	if err != nil {
		h.catalogueError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return
	}
	lang := publicLang(r)
	sent := withLang("/catalogue/inquiry/sent", lang)
	// A filled trap: the bot is told it worked, and nothing is kept.
	if antispam.Honeypot(r.PostForm.Get(honeypotField)) {
		http.Redirect(w, r, sent, http.StatusSeeOther)
		return
	}
	form := r.PostForm
	values := map[string]string{}
	for _, k := range []string{"name", "company", "country", "email", "message", "quantity", "unit"} {
		values[k] = form.Get(k)
	}
	// A 1 MB message is refused below; the form keeps only a readable part.
	if utf8.RuneCountInString(values["message"]) > siapekspor.MaxInquiryMessage+100 {
		values["message"] = string([]rune(values["message"])[:siapekspor.MaxInquiryMessage+100])
	}
	q := siapekspor.Inquiry{Name: form.Get("name"), Company: form.Get("company"), Country: form.Get("country"), Email: form.Get("email"),
		Message: form.Get("message"), Unit: siapekspor.Unit(form.Get("unit")), Lang: string(lang)}
	var problems siapekspor.Problems
	if s := strings.TrimSpace(form.Get("quantity")); s != "" {
		// As the buyer's language writes it: 1,000 is a thousand in English,
		// 1 000,5 in French.
		if v, ok := (i18n.Printer{Lang: lang}).ParseDec(s); ok {
			q.Quantity = v
		} else {
			problems.Add("quantity", "field.number")
		}
	}
	if pp != nil {
		q.ProductID, q.EnterpriseID = &pp.ID, pp.EnterpriseID
	} else {
		q.EnterpriseID = pe.ID
	}
	// again shows the page with the form kept and the errors on it.
	again := func(status int, e *siapekspor.Error) {
		var p *pubPage
		if pp != nil {
			p = h.newPubPage(r, "", productPath(pp)+"/inquiry")
		} else {
			p = h.newPubPage(r, "", enterprisePath(pe)+"/inquiry")
		}
		f := &inquiryForm{Action: p.Link(strings.TrimSuffix(r.URL.Path, "/")), Token: h.pub.tokens.Issue(now), Values: values}
		f.fill(h.pub, p)
		if pp != nil {
			h.showProduct(w, r, pp, f, status, e)
		} else {
			h.showEnterprise(w, r, pe, f, status, e)
		}
	}
	if e := h.pub.checkToken(form.Get("t"), now); e != nil {
		again(http.StatusBadRequest, e)
		return
	}
	verr := q.Validate(countryRef{})
	if verr != nil || len(problems) > 0 {
		var e *siapekspor.Error
		if verr != nil && !errors.As(verr, &e) {
			h.R.Error(w, r, verr)
			return
		}
		if e == nil {
			e = problems.Err().(*siapekspor.Error)
		} else {
			e.Fields = append(e.Fields, problems...)
		}
		again(httpx.Status(siapekspor.EInvalid), e)
		return
	}
	if e := h.pub.allow(w, r, now); e != nil {
		again(http.StatusTooManyRequests, e)
		return
	}
	if err := h.catalogue().CreateInquiry(r.Context(), &q); err != nil {
		var e *siapekspor.Error
		if errors.As(err, &e) && e.Code == siapekspor.EInvalid {
			again(httpx.Status(e.Code), e)
			return
		}
		h.catalogueError(w, r, err)
		return
	}
	h.Mail.InquiryReceived(r.Context(), &q, lang)
	http.Redirect(w, r, sent, http.StatusSeeOther)
}

// CatalogueInquirySent thanks the buyer.
func (h *Handlers) CatalogueInquirySent(w http.ResponseWriter, r *http.Request) {
	p := h.newPubPage(r, "", "/catalogue/inquiry/sent")
	p.Title = p.P.T("pub.sent.title")
	p.NoIndex = true
	h.renderPub(w, r, http.StatusOK, "sent", p)
}

// CatalogueInquiries lists the inquiries for the officers (their draft
// requests are in the requests' queue).
func (h *Handlers) CatalogueInquiries(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "catalogue.inquiries.title", "inquiries")
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	const size = 50
	items, total, err := h.catalogue().ListInquiries(r.Context(), size, (page-1)*size)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := struct {
		Items      []siapekspor.Inquiry
		Total      int
		Prev, Next string
	}{Items: items, Total: total}
	if page > 1 {
		d.Prev = "/catalogue/inquiries?page=" + strconv.Itoa(page-1)
	}
	if page*size < total {
		d.Next = "/catalogue/inquiries?page=" + strconv.Itoa(page+1)
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "catalogue_inquiries", p)
}

// ListingSave records an enterprise's consent to be listed, or its
// withdrawal: the owner ticks "I agree"; an officer records how the owner
// agreed.
func (h *Handlers) ListingSave(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return
	}
	c := siapekspor.ListingConsent{EnterpriseID: id, Listed: r.PostForm.Get("listed") == "1", Evidence: r.PostForm.Get("evidence")}
	if err := h.catalogue().SetListingConsent(r.Context(), &c); err != nil {
		h.R.Error(w, r, err)
		return
	}
	key := "catalogue.listing.withdrawn"
	if c.Listed {
		key = "catalogue.listing.listed"
	}
	Flash(w, r, key, "/enterprises/"+strconv.FormatInt(id, 10)+"#listing")
}

// catalogueFuncs are the officers' pages' helpers for the catalogue.
func catalogueFuncs() template.FuncMap {
	return template.FuncMap{
		// listingBy says who recorded a consent and how.
		"listingBy": func(p *Page, c *siapekspor.ListingConsent) string {
			if c.ByOwner {
				return p.P.T("catalogue.listing.by_owner")
			}
			return p.P.T("catalogue.listing.by_officer", c.Actor, c.Evidence)
		},
	}
}
