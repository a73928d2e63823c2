package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/attachments"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

// productData is what the product pages show.
type productData struct {
	P            *siapekspor.Product
	Enterprise   *siapekspor.Enterprise
	Certificates []siapekspor.Certificate
	History      []siapekspor.ValidationEvent
	Raw          map[string]string
	Edit         bool
	CanEdit      bool
	CanValidate  bool
	Order        siapekspor.ExportOrder
	CapacityOK   bool
	CapacityKnow bool
	Now          time.Time
	MaxPhotoMB   int64
}

// Val is what the user typed if it did not parse, else the stored value.
func (d productData) Val(field, stored string) string {
	if v, ok := d.Raw[field]; ok {
		return v
	}
	return stored
}

// ProductNew shows an empty product form for an enterprise: the one in
// ?enterprise=, an owner's own, or else first asks which.
func (h *Handlers) ProductNew(w http.ResponseWriter, r *http.Request) {
	id, ok := h.enterpriseChoice(w, r, "product.new", "enterprise_choice.product", "/products/new")
	if !ok {
		return
	}
	e, err := h.Enterprises.Enterprise(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderProductForm(w, r, http.StatusOK, &siapekspor.Product{EnterpriseID: e.ID, Category: e.Sector, Unit: "kg"}, nil, nil)
}

// ProductEdit shows the form filled with the stored product.
func (h *Handlers) ProductEdit(w http.ResponseWriter, r *http.Request) {
	p, ok := h.product(w, r)
	if !ok {
		return
	}
	h.renderProductForm(w, r, http.StatusOK, p, nil, nil)
}

func (h *Handlers) product(w http.ResponseWriter, r *http.Request) (*siapekspor.Product, bool) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	p, err := h.Store.Product(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return p, true
}

func (h *Handlers) renderProductForm(w http.ResponseWriter, r *http.Request, status int, prod *siapekspor.Product, raw map[string]string, err error) {
	title := "product.new"
	if prod.ID != 0 {
		title = "product.edit"
	}
	p := NewPage(r, title, "products")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	p.Data = productData{P: prod, Raw: raw, Edit: prod.ID != 0}
	h.R.Render(w, r, status, "product_form", p)
}

// ProductSave creates or updates a product from the form.
func (h *Handlers) ProductSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return
	}
	prod := &siapekspor.Product{}
	if r.PathValue("id") != "" {
		var ok bool
		if prod, ok = h.product(w, r); !ok {
			return
		}
	} else {
		prod.EnterpriseID, _ = strconv.ParseInt(r.PostForm.Get("enterprise_id"), 10, 64)
	}
	raw, problems := readProductForm(r, prod)
	if len(problems) > 0 {
		prod.Normalize()
		if de, ok := siapekspor.AsError(prod.Validate(h.Reference)); ok {
			for _, f := range de.Fields {
				if !problems.Has(f.Field) {
					problems = append(problems, f)
				}
			}
		}
		h.renderProductForm(w, r, http.StatusUnprocessableEntity, prod, raw, problems.Err())
		return
	}
	var err error
	if prod.ID == 0 {
		err = h.Store.CreateProduct(r.Context(), prod)
	} else {
		err = h.Store.UpdateProduct(r.Context(), prod)
	}
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
			h.renderProductForm(w, r, httpx.Status(de.Code), prod, raw, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "product.saved", "/products/"+strconv.FormatInt(prod.ID, 10))
}

// readProductForm copies the posted fields onto p; numbers that do not
// parse are problems, kept as typed.
func readProductForm(r *http.Request, p *siapekspor.Product) (map[string]string, siapekspor.Problems) {
	f := r.PostForm
	raw := map[string]string{}
	var pr siapekspor.Problems
	p.NameID, p.NameEN = f.Get("name_id"), f.Get("name_en")
	p.DescriptionID, p.DescriptionEN = f.Get("description_id"), f.Get("description_en")
	p.HSCode = f.Get("hs_code")
	p.Category, p.Unit = siapekspor.Sector(f.Get("category")), siapekspor.Unit(f.Get("unit"))
	p.Packaging, p.Storage = f.Get("packaging"), f.Get("storage")
	p.Version, _ = strconv.Atoi(f.Get("version"))
	decimal := func(name string) float64 {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), 64)
		if err != nil {
			raw[name] = s
			pr.Add(name, "field.number")
		}
		return v
	}
	p.CapacityPerMonth = decimal("capacity_per_month")
	p.MinOrder = decimal("min_order")
	p.ShelfLifeDays = int(decimal("shelf_life_days"))
	if s := strings.TrimSpace(f.Get("price_idr")); s != "" {
		n, err := siapekspor.ParseRupiah(s)
		if err != nil {
			raw["price_idr"] = s
			pr.AddRule("price_idr", err)
		}
		p.PriceIDR = n
	} else {
		p.PriceIDR = 0
	}
	p.FOBUSDCents = 0
	if s := strings.TrimSpace(f.Get("fob_usd")); s != "" {
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimPrefix(s, "$"), ",", "."), 64)
		if err != nil {
			raw["fob_usd"] = s
			pr.Add("fob_usd", "field.number")
		}
		p.FOBUSDCents = int64(v*100 + 0.5)
		if v < 0 {
			p.FOBUSDCents = int64(v * 100)
		}
	}
	return raw, pr
}

// ProductDetail shows a product: photos, specification, certificates,
// validation status and history; the review form for validators.
func (h *Handlers) ProductDetail(w http.ResponseWriter, r *http.Request) {
	prod, ok := h.product(w, r)
	if !ok {
		return
	}
	p := NewPage(r, "product.title", "products")
	p.Title = prod.NameID
	ctx := r.Context()
	certs, err := h.Store.ListCertificates(ctx, store.CertificateFilter{EnterpriseID: prod.EnterpriseID})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	// The enterprise's own certificates and this product's.
	var mine []siapekspor.Certificate
	for _, c := range certs {
		if c.ProductID == nil || *c.ProductID == prod.ID {
			mine = append(mine, c)
		}
	}
	history, err := h.Store.ValidationHistory(ctx, prod.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := productData{P: prod, Certificates: mine, History: history, Now: time.Now(),
		CanEdit:     siapekspor.Can(p.Actor, siapekspor.PermProductWrite) && siapekspor.ScopeOf(p.Actor).Contains(&siapekspor.Enterprise{ID: prod.EnterpriseID, RegencyCode: prod.RegencyCode}),
		CanValidate: siapekspor.Can(p.Actor, siapekspor.PermValidate),
		MaxPhotoMB:  h.MaxPhotoMB()}
	if d.CanEdit {
		// The scope check above knows only the regency; ask the full rule.
		e, err := h.Enterprises.Enterprise(ctx, prod.EnterpriseID)
		d.CanEdit = err == nil && siapekspor.ScopeOf(p.Actor).Contains(e)
	}
	d.Order, d.CapacityOK, d.CapacityKnow = siapekspor.CapacityCheck(prod)
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "product", p)
}

// MaxPhotoMB is the photo upload limit shown on forms.
func (h *Handlers) MaxPhotoMB() int64 {
	if h.Photos == nil || h.Photos.Limits.MaxPhotoBytes == 0 {
		return 10
	}
	return h.Photos.Limits.MaxPhotoBytes >> 20
}

// ProductDelete asks, then removes a product.
func (h *Handlers) ProductDelete(w http.ResponseWriter, r *http.Request) {
	prod, ok := h.product(w, r)
	if !ok {
		return
	}
	if h.ask(w, r, confirmation{Nav: "products", Title: "confirm.product_delete.title", Key: "confirm.product_delete.question", Args: []any{prod.NameID},
		Button: "action.delete", Cancel: "/products/" + strconv.FormatInt(prod.ID, 10)}) {
		return
	}
	photos, err := h.Store.DeleteProduct(r.Context(), prod.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	attachments.RemovePhotoFiles(r.Context(), h.Store, h.Photos, photos...)
	Flash(w, r, "product.deleted", "/enterprises/"+strconv.FormatInt(prod.EnterpriseID, 10))
}

// PhotoUpload adds a photo from a multipart form.
func (h *Handlers) PhotoUpload(w http.ResponseWriter, r *http.Request) {
	prod, ok := h.product(w, r)
	if !ok {
		return
	}
	to := "/products/" + strconv.FormatInt(prod.ID, 10)
	r.Body = http.MaxBytesReader(w, r.Body, (h.MaxPhotoMB()+1)<<20)
	file, _, err := r.FormFile("photo")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.R.Error(w, r, siapekspor.Errorf(siapekspor.ETooLarge, "media.too_large", h.MaxPhotoMB()))
			return
		}
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "product.choose_photo"))
		return
	}
	defer file.Close()
	if _, err := attachments.SavePhoto(r.Context(), h.Store, h.Photos, prod.ID, file); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "product.photo_added", to)
}

// PhotoDelete asks, then removes a photo.
func (h *Handlers) PhotoDelete(w http.ResponseWriter, r *http.Request) {
	prod, ok := h.product(w, r)
	if !ok {
		return
	}
	photo, err := httpx.ID(r, "photo")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	i := slices.IndexFunc(prod.Photos, func(ph siapekspor.ProductPhoto) bool { return ph.ID == photo })
	if i < 0 {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.photo"))
		return
	}
	if h.ask(w, r, confirmation{Nav: "products", Title: "confirm.photo_delete.title", Key: "confirm.photo_delete.question", Args: []any{prod.NameID},
		Button: "product.photo_delete", Cancel: "/products/" + strconv.FormatInt(prod.ID, 10), Image: "/media/" + prod.Photos[i].Thumb}) {
		return
	}
	ph, unused, err := h.Store.DeleteProductPhoto(r.Context(), prod.ID, photo)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if unused {
		h.Photos.Remove(ph.Thumb)
		h.Photos.Remove(ph.Display)
	}
	Flash(w, r, "product.photo_deleted", "/products/"+strconv.FormatInt(prod.ID, 10))
}

// ProductSubmit sends a product to the validators.
func (h *Handlers) ProductSubmit(w http.ResponseWriter, r *http.Request) {
	prod, ok := h.product(w, r)
	if !ok {
		return
	}
	if err := h.Store.SubmitProduct(r.Context(), prod.ID, r.PostFormValue("note")); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "validation.submitted", "/products/"+strconv.FormatInt(prod.ID, 10))
}

// ProductReview records a validator's decision.
func (h *Handlers) ProductReview(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return
	}
	rev := siapekspor.Review{Points: map[siapekspor.ReviewPoint]siapekspor.PointReview{}, Notes: r.PostForm.Get("notes")}
	for _, pt := range siapekspor.ReviewPoints {
		switch r.PostForm.Get("ok_" + string(pt)) {
		case "1":
			rev.Points[pt] = siapekspor.PointReview{OK: true, Reason: r.PostForm.Get("reason_" + string(pt))}
		case "0":
			rev.Points[pt] = siapekspor.PointReview{OK: false, Reason: r.PostForm.Get("reason_" + string(pt))}
		}
	}
	status, err := h.Store.ReviewProduct(r.Context(), id, rev)
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
			// Show the product again with the review's problems.
			r2 := r.Clone(r.Context())
			r2.SetPathValue("id", strconv.FormatInt(id, 10))
			h.renderReviewError(w, r2, de)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "validation.reviewed_"+string(status), "/validation")
}

func (h *Handlers) renderReviewError(w http.ResponseWriter, r *http.Request, de *siapekspor.Error) {
	prod, ok := h.product(w, r)
	if !ok {
		return
	}
	p := NewPage(r, "product.title", "validation")
	p.Title = prod.NameID
	p.SetError(de)
	history, _ := h.Store.ValidationHistory(r.Context(), prod.ID)
	certs, _ := h.Store.ListCertificates(r.Context(), store.CertificateFilter{EnterpriseID: prod.EnterpriseID})
	d := productData{P: prod, History: history, Certificates: certs, CanValidate: true, Now: time.Now()}
	d.Order, d.CapacityOK, d.CapacityKnow = siapekspor.CapacityCheck(prod)
	p.Data = d
	h.R.Render(w, r, http.StatusUnprocessableEntity, "product", p)
}

// ValidationQueue lists products waiting for validation, oldest first.
func (h *Handlers) ValidationQueue(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "validation.queue", "validation")
	items, err := h.Store.ValidationQueue(r.Context(), 200)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = items
	h.R.Render(w, r, http.StatusOK, "validation_queue", p)
}

// ServePhoto serves product photos.
func (h *Handlers) ServePhoto(w http.ResponseWriter, r *http.Request) {
	attachments.ServePhoto(h.Photos).ServeHTTP(w, r)
}
