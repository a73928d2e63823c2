package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// formData is what the create and edit form shows: the enterprise as typed
// (kept on failure), the raw text of fields that did not parse, and the
// choices of the cascading region selects.
type formData struct {
	E         *siapekspor.Enterprise
	Raw       map[string]string
	Edit      bool
	Provinces []refdata.Region
	Regencies []refdata.Region
	Districts []refdata.Region
	Villages  []refdata.Region
	Offices   []siapekspor.Organisation
	KBLI      string
}

// Val is the text to show in an input: what the user typed if it did not
// parse, else the stored value.
func (d formData) Val(field, stored string) string {
	if v, ok := d.Raw[field]; ok {
		return v
	}
	return stored
}

// EnterpriseNew shows an empty form.
func (h *Handlers) EnterpriseNew(w http.ResponseWriter, r *http.Request) {
	e := &siapekspor.Enterprise{ProvinceCode: h.Province, Kind: siapekspor.KindUMKM, LegalForm: siapekspor.LegalPerorangan, ExportStatus: siapekspor.ExportNever}
	h.renderForm(w, r, http.StatusOK, e, nil, nil)
}

// EnterpriseEdit shows the form filled with the stored enterprise.
func (h *Handlers) EnterpriseEdit(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	e, err := h.Enterprises.Enterprise(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, e, nil, nil)
}

// EnterpriseCreate stores a new enterprise from the form.
func (h *Handlers) EnterpriseCreate(w http.ResponseWriter, r *http.Request) {
	e := &siapekspor.Enterprise{}
	h.saveForm(w, r, e)
}

// EnterpriseUpdate stores the edited enterprise.
func (h *Handlers) EnterpriseUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	e, err := h.Enterprises.Enterprise(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.saveForm(w, r, e)
}

func (h *Handlers) saveForm(w http.ResponseWriter, r *http.Request, e *siapekspor.Enterprise) {
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return
	}
	raw, problems := readEnterpriseForm(r, e)
	// "Refresh regions" re-renders the form with the new choices of a
	// changed province/regency/district, for browsers without JavaScript.
	if r.PostForm.Has("refresh") {
		h.renderForm(w, r, http.StatusOK, e, raw, nil)
		return
	}
	if len(problems) > 0 {
		// Show every problem at once: what did not parse, and what the
		// domain rules say about the rest.
		e.Normalize()
		if de, ok := siapekspor.AsError(e.Validate(h.Reference, time.Now())); ok {
			for _, f := range de.Fields {
				if !problems.Has(f.Field) {
					problems = append(problems, f)
				}
			}
		}
		h.renderForm(w, r, http.StatusUnprocessableEntity, e, raw, problems.Err())
		return
	}
	var err error
	if e.ID == 0 {
		err = h.Enterprises.CreateEnterprise(r.Context(), e)
	} else {
		err = h.Enterprises.UpdateEnterprise(r.Context(), e)
	}
	if err != nil {
		// The form stays filled in: for a busy database (503) too, so that
		// saving again is one click.
		if c := siapekspor.ErrorCodeOf(err); c == siapekspor.EInvalid || c == siapekspor.EConflict || c == siapekspor.EUnavailable {
			h.renderForm(w, r, httpx.Status(c), e, raw, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "enterprise.saved", "/enterprises/"+strconv.FormatInt(e.ID, 10))
}

// readEnterpriseForm copies the posted fields onto e. Numbers and money that
// do not parse are reported as problems and kept as typed in raw.
func readEnterpriseForm(r *http.Request, e *siapekspor.Enterprise) (map[string]string, siapekspor.Problems) {
	f := r.PostForm
	raw := map[string]string{}
	var p siapekspor.Problems
	e.Name = f.Get("name")
	e.Kind = siapekspor.EnterpriseKind(f.Get("kind"))
	e.LegalForm = siapekspor.LegalForm(f.Get("legal_form"))
	e.NIB = f.Get("nib")
	e.NPWP = f.Get("npwp")
	e.OwnerName = f.Get("owner_name")
	e.OwnerNIK = f.Get("owner_nik")
	e.Phone = f.Get("phone")
	e.Email = f.Get("email")
	e.Address = f.Get("address")
	e.ProvinceCode = f.Get("province_code")
	e.RegencyCode = f.Get("regency_code")
	e.DistrictCode = f.Get("district_code")
	e.VillageCode = f.Get("village_code")
	// A changed higher level clears the levels below it.
	if !strings.HasPrefix(e.RegencyCode, e.ProvinceCode+".") {
		e.RegencyCode = ""
	}
	if !strings.HasPrefix(e.DistrictCode, e.RegencyCode+".") {
		e.DistrictCode = ""
	}
	if !strings.HasPrefix(e.VillageCode, e.DistrictCode+".") {
		e.VillageCode = ""
	}
	e.Sector = siapekspor.Sector(f.Get("sector"))
	e.ExportStatus = siapekspor.ExportStatus(f.Get("export_status"))
	e.MainProducts = f.Get("main_products")
	e.Notes = f.Get("notes")
	e.Version, _ = strconv.Atoi(f.Get("version"))

	intField := func(name string) int64 {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(s, ".", ""), 10, 64)
		if err != nil {
			raw[name] = s
			p.Add(name, "field.number")
		}
		return n
	}
	moneyField := func(name string) int64 {
		s := strings.TrimSpace(f.Get(name))
		n, err := siapekspor.ParseRupiah(s)
		if err != nil {
			raw[name] = s
			p.AddRule(name, err)
		}
		return n
	}
	floatField := func(name string) *float64 {
		s := strings.TrimSpace(strings.ReplaceAll(f.Get(name), ",", "."))
		if s == "" {
			return nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			raw[name] = f.Get(name)
			p.Add(name, "field.number")
			return nil
		}
		return &v
	}
	e.FoundedYear = int(intField("founded_year"))
	e.Workers = int(intField("workers"))
	e.Capital = moneyField("capital")
	e.AnnualTurnover = moneyField("annual_turnover")
	e.Lat, e.Lng = floatField("lat"), floatField("lng")
	e.BinaanOrgID = nil
	if s := f.Get("binaan_org_id"); s != "" {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			e.BinaanOrgID = &id
		}
	}
	e.KBLI = nil
	raw["kbli"] = f.Get("kbli")
	for _, c := range strings.FieldsFunc(f.Get("kbli"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		e.KBLI = append(e.KBLI, siapekspor.KBLICode{Version: "2020", Code: c})
	}
	return raw, p
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, e *siapekspor.Enterprise, raw map[string]string, err error) {
	title := "enterprise.new.title"
	if e.ID != 0 {
		title = "enterprise.edit.title"
	}
	p := NewPage(r, title, "enterprises")
	if err != nil {
		de := httpx.DomainError(r, h.Log, err)
		p.SetError(de)
	}
	ix := refdata.DefaultRegionIndex()
	d := formData{E: e, Raw: raw, Edit: e.ID != 0}
	if h.Province == "" {
		d.Provinces = ix.Children("")
	} else if e.ProvinceCode == "" {
		e.ProvinceCode = h.Province
	}
	if e.ProvinceCode != "" {
		d.Regencies = ix.Children(e.ProvinceCode)
	}
	if e.RegencyCode != "" {
		d.Districts = ix.Children(e.RegencyCode)
	}
	if e.DistrictCode != "" {
		d.Villages = ix.Children(e.DistrictCode)
	}
	var codes []string
	for _, k := range e.KBLI {
		codes = append(codes, k.Code)
	}
	d.KBLI = strings.Join(codes, ", ")
	var lerr error
	if d.Offices, lerr = h.Organisations.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{Kinds: coachingKinds()}); lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p.Data = d
	h.R.Render(w, r, status, "enterprise_form", p)
}
