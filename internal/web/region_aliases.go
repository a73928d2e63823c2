package web

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// regionAliasesData is what the aliases page shows.
type regionAliasesData struct {
	Aliases []store.RegionAliasRecord
	// Regencies to choose from when the installation serves one province;
	// otherwise the code is typed.
	Regencies    []refdata.Region
	Code, Alias  string
	Within       string
	WithinName   string
	ProvinceWide bool
}

// RegionAliases lists the other names of regions the import reads, with a
// form to add one (admins).
func (h *Handlers) RegionAliases(w http.ResponseWriter, r *http.Request) {
	h.renderRegionAliases(w, r, http.StatusOK, "", "", nil)
}

// RegionAliasAdd stores an alias from the page's form.
func (h *Handlers) RegionAliasAdd(w http.ResponseWriter, r *http.Request) {
	code, alias := r.PostFormValue("code"), r.PostFormValue("alias")
	_, err := h.Store.AddRegionAlias(r.Context(), code, alias)
	if err == nil {
		Flash(w, r, "region_alias.added", "/regions/aliases")
		return
	}
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderRegionAliases(w, r, httpx.Status(de.Code), code, alias, err)
		return
	}
	h.R.Error(w, r, err)
}

// RegionAliasDelete asks, then stops using an alias.
func (h *Handlers) RegionAliasDelete(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var a *store.RegionAliasRecord
	if err == nil {
		a, err = h.Store.RegionAlias(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if h.ask(w, r, confirmation{Nav: "region_aliases", Title: "confirm.region_alias_delete.title", Key: "confirm.region_alias_delete.question",
		Args: []any{a.Alias, a.Region}, Button: "action.delete", Cancel: "/regions/aliases", Undoable: true}) {
		return
	}
	if err := h.Store.RemoveRegionAlias(r.Context(), id); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "region_alias.removed", "/regions/aliases")
}

func (h *Handlers) renderRegionAliases(w http.ResponseWriter, r *http.Request, status int, code, alias string, formErr error) {
	within := h.Province
	list, err := h.Store.RegionAliases(r.Context(), within)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "region_alias.title", "region_aliases")
	if formErr != nil {
		p.SetError(httpx.DomainError(r, h.Log, formErr))
	}
	d := regionAliasesData{Aliases: list, Code: code, Alias: alias, Within: within}
	ix := refdata.DefaultRegionIndex()
	if reg, ok := ix.ByCode(within); ok && within != "" {
		d.WithinName, d.ProvinceWide = reg.Name, true
		d.Regencies = ix.Children(within)
	}
	p.Data = d
	h.R.Render(w, r, status, "region_aliases", p)
}
