package web

// Buyers' self-registration from the public catalogue (issue 20 item 4): a
// foreign buyer asks for an account (role buyer, a new organisation of kind
// foreign buyer) with the inquiry form's guards — honeypot, time token and
// the per-address limit shared with inquiries and the API; it may sign in
// once an officer approves it (/catalogue/buyers).

import (
	"errors"
	"net/http"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/antispam"
	"github.com/siapekspor/siapekspor/internal/httpx"
)

// registerView is the registration page: its form, or its thanks.
type registerView struct {
	Form *inquiryForm
	Done bool
}

// CatalogueRegisterForm shows the registration form (GET /catalogue/register).
func (h *Handlers) CatalogueRegisterForm(w http.ResponseWriter, r *http.Request) {
	p := h.newPubPage(r, "", "/catalogue/register")
	p.Title = p.P.T("pub.register.title")
	p.NoIndex = true
	if r.URL.Query().Get("done") == "1" {
		p.Data = registerView{Done: true}
		h.renderPub(w, r, http.StatusOK, "register", p)
		return
	}
	f := &inquiryForm{Action: p.Link("/catalogue/register"), Token: h.pub.tokens.Issue(time.Now()), Values: map[string]string{}}
	f.fill(h.pub, p)
	p.Data = registerView{Form: f}
	h.renderPub(w, r, http.StatusOK, "register", p)
}

// CatalogueRegister takes a registration (POST /catalogue/register).
func (h *Handlers) CatalogueRegister(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return
	}
	lang := publicLang(r)
	done := withLang("/catalogue/register?done=1", lang)
	form := r.PostForm
	if antispam.Honeypot(form.Get(honeypotField)) {
		http.Redirect(w, r, done, http.StatusSeeOther)
		return
	}
	values := map[string]string{}
	for _, k := range []string{"name", "company", "country", "email", "site", "message"} {
		values[k] = form.Get(k)
	}
	again := func(status int, e *siapekspor.Error) {
		p := h.newPubPage(r, "", "/catalogue/register")
		p.Title = p.P.T("pub.register.title")
		p.NoIndex = true
		f := &inquiryForm{Action: p.Link("/catalogue/register"), Token: h.pub.tokens.Issue(now), Values: values}
		f.fill(h.pub, p)
		p.Data = registerView{Form: f}
		// The form's website field is "site": "website" is the trap.
		for i := range e.Fields {
			if e.Fields[i].Field == "website" {
				e.Fields[i].Field = "site"
			}
		}
		p.setError(e)
		h.renderPub(w, r, status, "register", p)
	}
	if e := h.pub.checkToken(form.Get("t"), now); e != nil {
		again(http.StatusBadRequest, e)
		return
	}
	reg := siapekspor.BuyerRegistration{Name: form.Get("name"), Email: form.Get("email"), Company: form.Get("company"),
		Country: form.Get("country"), Website: form.Get("site"), Message: form.Get("message")}
	if e := h.pub.allow(w, r, now); e != nil {
		again(http.StatusTooManyRequests, e)
		return
	}
	if err := h.Auth.RegisterBuyer(r.Context(), &reg, form.Get("password")); err != nil {
		var e *siapekspor.Error
		if errors.As(err, &e) && (e.Code == siapekspor.EInvalid || e.Code == siapekspor.EConflict) {
			again(httpx.Status(e.Code), e)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	http.Redirect(w, r, done, http.StatusSeeOther)
}

// CatalogueBuyers lists buyers' registrations for the officers, pending
// first (GET /catalogue/buyers).
func (h *Handlers) CatalogueBuyers(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "catalogue.buyers.title", "inquiries")
	list, err := h.Store.BuyerRegistrations(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = list
	h.R.Render(w, r, http.StatusOK, "catalogue_buyers", p)
}

// CatalogueBuyerDecide approves or rejects a registration
// (POST /catalogue/buyers/{id}/approve and …/reject).
func (h *Handlers) CatalogueBuyerDecide(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := httpx.ID(r, "id")
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		if _, err := h.Store.DecideBuyerRegistration(r.Context(), id, approve); err != nil {
			h.R.Error(w, r, err)
			return
		}
		key := "catalogue.buyers.rejected"
		if approve {
			key = "catalogue.buyers.approved"
		}
		Flash(w, r, key, "/catalogue/buyers")
	}
}
