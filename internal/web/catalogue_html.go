package web

import (
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// The catalogue's most requested parts — every page's head, the list
// pages' cards, filters and counts, the search page — are written here in
// Go rather than in templates: a template action costs a call by
// reflection (about a microsecond), and those parts have hundreds, which
// were most of a list page's CPU (issue 20's figures; docs/catalogue.md).
// Everything written goes through htmlw: text escaped, markup as given.

// htmlw builds HTML.
type htmlw struct{ strings.Builder }

// m writes markup as given.
func (w *htmlw) m(s ...string) *htmlw {
	for _, x := range s {
		w.WriteString(x)
	}
	return w
}

// t writes text (or an attribute's value) escaped.
func (w *htmlw) t(s string) *htmlw {
	w.WriteString(template.HTMLEscapeString(s))
	return w
}

func (w *htmlw) html() template.HTML { return template.HTML(w.String()) }

// searchContent is the search page's and the lists by certificate's
// content: the filters, the count, the cards and the pager.
func (p *pubPage) searchContent(d *catalogueSearchData) template.HTML {
	var w htmlw
	w.Grow(8192 + len(d.Results) + len(d.Chapters) + len(d.Regencies))
	T := p.P.T
	w.m("\n<h1>").t(d.Heading).m("</h1>\n<form class=\"filters\" action=\"").t(d.Action).m("\" method=\"get\">\n")
	if p.Lang != i18n.EN {
		w.m(`<input type="hidden" name="lang" value="`).t(string(p.Lang)).m(`">`)
	}
	fieldError := func(name string) {
		if msg := p.FieldErr[name]; msg != "" {
			w.m(`<span class="field-error" id="e-`, name, `">`).t(msg).m("</span>")
		}
		w.m("\n")
	}
	w.m("\n<p class=\"field\"><label for=\"f-q\">").t(T("pub.search.words")).m("</label>\n")
	fieldError("q")
	w.m(`<input id="f-q" type="search" name="q" value="`).t(d.Filter.Query).m("\"></p>\n")
	sel := func(name, label string, options template.HTML) {
		w.m(`<p class="field"><label for="f-`, name, `">`).t(T(label)).m("</label>\n")
		w.m(`<select id="f-`, name, `" name="`, name, `"><option value="">`).t(T("pub.search.any")).m("</option>", string(options), "</select></p>\n")
	}
	sel("hs_chapter", "pub.search.chapter", d.Chapters)
	sel("category", "pub.search.category", d.Categories)
	sel("regency", "pub.search.regency", d.Regencies)
	if !d.FixedCert {
		sel("certificate", "pub.search.certificate", d.CertTypes)
	}
	w.m("<p class=\"field\"><label for=\"f-min_capacity\">").t(T("pub.search.min_capacity")).m("</label>\n")
	fieldError("min_capacity")
	w.m(`<input id="f-min_capacity" name="min_capacity" inputmode="decimal" value="`).t(d.MinCapacity).m("\"></p>\n")
	w.m("<p><button type=\"submit\">").t(T("pub.search.apply")).m("</button></p>\n</form>\n")
	w.m(`<p class="result-count" role="status">`).t(T("pub.search.found", d.Total)).m("</p>\n")
	if d.Results != "" {
		w.m(string(d.Results))
	} else {
		w.m("<p>").t(T("pub.search.none")).m("</p>")
	}
	w.m("\n")
	if d.Prev != "" || d.Next != "" {
		w.m(`<nav class="pager" aria-label="`).t(T("pub.search.pages")).m("\">\n")
		if d.Prev != "" {
			w.m(`<a href="`).t(d.Prev).m(`" rel="prev">`).t(T("pub.search.prev")).m("</a>")
		}
		w.m("\n<span>").t(T("pub.search.page", d.Page, d.Pages)).m("</span>\n")
		if d.Next != "" {
			w.m(`<a href="`).t(d.Next).m(`" rel="next">`).t(T("pub.search.next")).m("</a>")
		}
		w.m("\n</nav>")
	}
	w.m("\n")
	return w.html()
}

// homeContent is the front page's content.
func (p *pubPage) homeContent(d *homeData) template.HTML {
	var w htmlw
	w.Grow(8192 + len(d.Featured) + len(d.Chapters))
	T := p.P.T
	w.m("\n<section class=\"hero\">\n<h1>").t(T("pub.home.heading")).m("</h1>\n<p class=\"lead\">").t(T("pub.home.lead")).m("</p>\n")
	w.m("<form class=\"big-search\" action=\"/catalogue/search\" method=\"get\" role=\"search\">\n  <label for=\"home-q\">").t(T("pub.search.label")).m("</label>\n")
	w.m(`  <input id="home-q" type="search" name="q" placeholder="`).t(T("pub.search.placeholder")).m("\">\n  ")
	if p.Lang != i18n.EN {
		w.m(`<input type="hidden" name="lang" value="`).t(string(p.Lang)).m(`">`)
	}
	w.m("\n  <button type=\"submit\">").t(T("pub.search.button")).m("</button>\n</form>\n")
	w.m(`<p class="counts">`).t(T("pub.home.counts", d.Products, d.Enterprises)).m("</p>\n</section>\n")
	if d.Featured != "" {
		w.m("<section aria-labelledby=\"featured\">\n<h2 id=\"featured\">").t(T("pub.home.featured")).m("</h2>\n", string(d.Featured), "\n")
		w.m(`<p><a href="`).t(p.Link("/catalogue/search")).m(`">`).t(T("pub.home.all")).m("</a></p>\n</section>")
	} else {
		w.m("<p>").t(T("pub.home.empty")).m("</p>")
	}
	w.m("\n<div class=\"cols\">\n")
	section := func(id, heading string, items template.HTML) {
		if items != "" {
			w.m(`<section aria-labelledby="`, id, `"><h2 id="`, id, `">`).t(T(heading)).m("</h2>\n<ul class=\"facets\">", string(items), "</ul></section>")
		}
		w.m("\n")
	}
	section("cats", "pub.home.categories", d.Categories)
	section("chapters", "pub.home.chapters", d.Chapters)
	section("certs", "pub.home.certified", d.Certificates)
	w.m("</div>\n<section class=\"why\" aria-labelledby=\"why\">\n<h2 id=\"why\">").t(T("pub.why.title")).m("</h2>\n<ul>\n")
	for _, k := range []string{"pub.why.validated", "pub.why.origin", "pub.why.certified", "pub.why.contact"} {
		w.m("<li>").t(T(k)).m("</li>\n")
	}
	w.m("</ul>\n<p><a href=\"").t(p.Link("/catalogue/register")).m(`">`).t(T("pub.register.link")).m("</a></p>\n</section>\n")
	return w.html()
}

// facetOptions is a filter's <select> options: each value with its count,
// the one selected marked.
func facetOptions(fcs []facetCount, label func(facetCount) string, selected string) template.HTML {
	var w htmlw
	w.Grow(len(fcs) * 80)
	for _, fc := range fcs {
		w.m(`<option value="`).t(fc.Key).m(`"`)
		if fc.Key == selected {
			w.m(" selected")
		}
		w.m(">").t(label(fc)).m(" (", strconv.Itoa(fc.Count), ")</option>")
	}
	return w.html()
}

// facetLinks is the front page's list items of one facet: each value a
// link to its products, with its count.
func facetLinks(fcs []facetCount, label func(facetCount) string, href func(key string) string) template.HTML {
	var w htmlw
	w.Grow(len(fcs) * 128)
	for _, fc := range fcs {
		w.m(`<li><a href="`).t(href(fc.Key)).m(`">`).t(label(fc)).m(`</a> <span class="count">(`, strconv.Itoa(fc.Count), ")</span></li>")
	}
	return w.html()
}

// optionsHTML is a <select>'s options.
func optionsHTML(opts []pubOption) template.HTML {
	var w htmlw
	w.Grow(len(opts) * 64)
	for _, o := range opts {
		w.m(`<option value="`).t(o.Value).m(`"`)
		if o.Selected {
			w.m(" selected")
		}
		w.m(">").t(o.Label).m("</option>")
	}
	return w.html()
}

// cards is a list of product cards, the first four photos loaded at once
// and the rest lazily.
func (p *pubPage) cards(ps []siapekspor.PublicProduct) template.HTML {
	if len(ps) == 0 {
		return ""
	}
	var w htmlw
	w.Grow(len(ps) * 640)
	w.m(`<ul class="cards">`)
	for i := range ps {
		c := p.card(&ps[i])
		w.m("\n<li class=\"card\"><a href=\"").t(c.Href).m(`">`)
		if c.Thumb != "" {
			w.m(`<img src="`).t(c.Thumb).m(`" alt="" width="320" height="240"`)
			if i >= 4 {
				w.m(` loading="lazy"`)
			}
			w.m(">")
		} else {
			w.m(`<span class="nophoto" aria-hidden="true"></span>`)
		}
		w.m("\n<span class=\"card-name\"")
		if c.InIndonesian {
			w.m(` lang="id"`)
		}
		w.m(">").t(c.Name).m("</span></a>\n<span class=\"card-by\">").t(c.Enterprise)
		if c.Regency != "" {
			w.m(" · ").t(c.Regency)
		}
		w.m("</span>")
		if c.Capacity != "" {
			w.m("\n<span class=\"card-cap\">").t(c.Capacity).m("</span>")
		}
		if len(c.Certs) > 0 {
			w.m("\n<span class=\"tags\">")
			for _, t := range c.Certs {
				w.m(`<span class="tag">`).t(t).m("</span> ")
			}
			w.m("</span>")
		}
		w.m("</li>")
	}
	w.m("\n</ul>")
	return w.html()
}

// head is a catalogue page up to its <main>: the <head> with its
// addresses, OpenGraph and JSON-LD, and the header with the search and the
// language switch. The JSON-LD is JSON with <, > and & escaped, so no text
// in it can end its script.
func (s *publicSite) head(p *pubPage) (template.HTML, error) {
	var w htmlw
	w.Grow(4096)
	T := p.P.T
	site := template.HTMLEscapeString(T("pub.site"))
	w.m("<!doctype html>\n<html lang=\"").t(p.Lang.Tag()).m(`" dir="`).t(p.Dir).m("\">\n<head>\n<meta charset=\"utf-8\">\n")
	w.m("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").t(p.Title).m(" · ", site, "</title>\n")
	w.m(`<meta name="description" content="`).t(p.Description).m("\">\n")
	if p.NoIndex {
		w.m("<meta name=\"robots\" content=\"noindex\">\n")
	}
	w.m(`<link rel="canonical" href="`).t(p.Canonical).m("\">\n", string(p.Alternates))
	w.m(`<meta property="og:site_name" content="`, site, "\">\n")
	w.m(`<meta property="og:title" content="`).t(p.Title).m("\">\n")
	w.m(`<meta property="og:description" content="`).t(p.Description).m("\">\n")
	w.m(`<meta property="og:url" content="`).t(p.Canonical).m("\">\n")
	w.m(`<meta property="og:type" content="`).t(p.OGType).m("\">\n")
	if p.OGImage != "" {
		w.m(`<meta property="og:image" content="`).t(p.OGImage).m("\">\n")
	}
	w.m(`<link rel="stylesheet" href="`).t(s.css).m("\">\n")
	if p.JSONLD != nil {
		ld, err := json.Marshal(p.JSONLD) // escapes <, > and &
		if err != nil {
			return "", err
		}
		w.m(`<script type="application/ld+json">`, string(ld), "</script>\n")
	}
	w.m("</head>\n<body>\n<a class=\"skip\" href=\"#main\">").t(T("pub.skip")).m("</a>\n<header class=\"top\">\n  <div class=\"wrap top-row\">\n")
	w.m(`    <a class="brand" href="`).t(p.Link("/catalogue")).m(`">`, site, "</a>\n")
	w.m("    <form class=\"top-search\" action=\"/catalogue/search\" method=\"get\" role=\"search\">\n")
	w.m(`      <label for="top-q" class="vh">`).t(T("pub.search.label")).m("</label>\n")
	w.m(`      <input id="top-q" type="search" name="q" value="`).t(p.Q).m(`" placeholder="`).t(T("pub.search.placeholder")).m("\">\n      ")
	if p.Lang != i18n.EN {
		w.m(`<input type="hidden" name="lang" value="`).t(string(p.Lang)).m(`">`)
	}
	w.m("\n      <button type=\"submit\">").t(T("pub.search.button")).m("</button>\n    </form>\n")
	w.m(`    <nav class="langs" aria-label="`).t(T("pub.language")).m("\">\n      <ul>", string(p.Langs), "</ul>\n    </nav>\n  </div>\n</header>")
	return w.html(), nil
}

// inquiryHTML is the inquiry form of a product page or a profile, with the
// values and errors of a form that came back.
func (p *pubPage) inquiryHTML(f *inquiryForm) template.HTML {
	var w htmlw
	w.Grow(4096 + len(f.Countries) + len(f.Units))
	T := p.P.T
	w.m("\n<section class=\"inquiry\" aria-labelledby=\"inquiry-title\">\n<h2 id=\"inquiry-title\">").t(T("pub.inquiry.title")).m("</h2>\n<p>").t(T("pub.inquiry.intro")).m("</p>\n")
	w.m(`<form method="post" action="`).t(f.Action).m("\" novalidate>\n<input type=\"hidden\" name=\"t\" value=\"").t(f.Token).m("\">\n")
	w.m(`<div class="hp" aria-hidden="true"><label for="f-website">`).t(T("pub.inquiry.honeypot")).m(`</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>` + "\n")
	// label, then the field's error, then the field (the error named by it).
	field := func(name, label string) (invalid string) {
		w.m(`<p class="field"><label for="f-`, name, `">`).t(T(label)).m("</label>\n")
		if msg := p.FieldErr[name]; msg != "" {
			w.m(`<span class="field-error" id="e-`, name, `">`).t(msg).m("</span>")
			invalid = ` aria-invalid="true" aria-describedby="e-` + name + `"`
		}
		w.m("\n")
		return invalid
	}
	input := func(name, label, attrs string) {
		invalid := field(name, label)
		w.m(`<input id="f-`, name, `" name="`, name, `"`, attrs, ` value="`).t(f.Values[name]).m(`"`, invalid, "></p>\n")
	}
	input("name", "pub.form.name", ` required maxlength="200" autocomplete="name"`)
	input("company", "pub.form.company", ` maxlength="200" autocomplete="organization"`)
	invalid := field("country", "pub.form.country")
	w.m(`<select id="f-country" name="country" required autocomplete="country"`, invalid, `><option value="">`).t(T("pub.form.choose")).m("</option>\n", string(f.Countries), "</select></p>\n")
	input("email", "pub.form.email", ` type="email" required maxlength="254" autocomplete="email"`)
	w.m(`<p class="field"><label for="f-message">`).t(T("pub.form.message")).m("</label>\n")
	w.m(`<span class="hint" id="h-message">`).t(T("pub.form.message_hint")).m("</span>\n")
	described, invalid := "h-message", ""
	if msg := p.FieldErr["message"]; msg != "" {
		w.m(`<span class="field-error" id="e-message">`).t(msg).m("</span>")
		described, invalid = "h-message e-message", ` aria-invalid="true"`
	}
	w.m("\n", `<textarea id="f-message" name="message" rows="5" required aria-describedby="`, described, `"`, invalid, ">").t(f.Values["message"]).m("</textarea></p>\n")
	w.m("<div class=\"field-row\">\n")
	input("quantity", "pub.form.quantity", ` inputmode="decimal"`)
	w.m(`<p class="field"><label for="f-unit">`).t(T("pub.form.unit")).m("</label>\n")
	w.m(`<select id="f-unit" name="unit"><option value="">–</option>`, string(f.Units), "</select></p>\n</div>\n")
	w.m(`<p class="privacy">`).t(T("pub.inquiry.privacy")).m("</p>\n<p><button type=\"submit\">").t(T("pub.inquiry.send")).m("</button></p>\n</form>\n</section>")
	return w.html()
}

// certsHTML is a product's or a profile's certificates held and valid.
func (p *pubPage) certsHTML(cs []certView) template.HTML {
	var w htmlw
	T := p.P.T
	if len(cs) == 0 {
		return w.m("<p>").t(T("pub.certs.none")).m("</p>").html()
	}
	w.m(`<ul class="certs">`)
	for _, c := range cs {
		w.m("<li><strong>").t(c.Label).m("</strong>")
		if c.SelfDeclare {
			w.m(" (").t(T("pub.certs.self_declare")).m(")")
		}
		if c.Issuer != "" {
			w.m(" · ").t(c.Issuer)
		}
		if c.Expires != "" {
			w.m(" · ").t(T("pub.certs.valid_until", c.Expires))
		}
		w.m("</li>")
	}
	return w.m("</ul>").html()
}

// productContent is a product page's content: the product and the
// inquiry form.
func (p *pubPage) productContent(d *productView) template.HTML {
	var w htmlw
	w.Grow(6144 + len(d.Description) + len(d.Form.HTML))
	T := p.P.T
	w.m("\n<article class=\"product\">\n<h1")
	if d.NameInID {
		w.m(` lang="id"`)
	}
	w.m(">").t(d.Name).m("</h1>\n<p class=\"by\"><a href=\"").t(d.EnterpriseHref).m(`">`).t(d.EnterpriseName).m("</a>")
	if d.Regency != "" {
		w.m(" · ").t(d.Regency)
	}
	w.m("</p>\n")
	if d.ValidatedOn != "" {
		w.m(`<p class="validated"><span class="mark">`).t(T("pub.product.validated")).m("</span> ").t(T("pub.product.validated_on", d.ValidatedOn)).m("</p>")
	}
	w.m("\n")
	if len(d.Photos) > 0 {
		w.m(`<div class="photos">`)
		for i, ph := range d.Photos {
			w.m(`<a href="`).t(ph.Display).m(`"><img src="`).t(ph.Thumb).m(`" alt="`).t(T("pub.product.photo", i+1, d.Name)).m(`" width="320" height="240"`)
			if i > 0 {
				w.m(` loading="lazy"`)
			}
			w.m("></a>")
		}
		w.m("</div>")
	}
	w.m("\n")
	if d.NameInID || d.DescInID {
		w.m(`<p class="note" role="note">`).t(T("pub.product.in_indonesian")).m("</p>")
	}
	w.m("\n")
	if d.Description != "" {
		w.m(`<div class="description"`)
		if d.DescInID {
			w.m(` lang="id"`)
		}
		w.m("><p>").t(d.Description).m("</p></div>")
	}
	w.m("\n<h2>").t(T("pub.product.facts")).m("</h2>\n<dl class=\"facts\">\n")
	if d.HSCode != "" {
		w.m("<dt>").t(T("pub.product.hs")).m("</dt><dd>").t(d.HSCode)
		if d.HSHeading != "" {
			w.m(" — ").t(d.HSHeading)
		}
		if d.HSSubheading != "" {
			w.m(`<br><span class="small">`).t(d.HSSubheading).m("</span>")
		}
		w.m("</dd>")
	}
	w.m("\n")
	fact := func(label, value string) {
		if value != "" {
			w.m("<dt>").t(T(label)).m("</dt><dd>").t(value).m("</dd>")
		}
		w.m("\n")
	}
	fact("pub.product.capacity", d.Capacity)
	fact("pub.product.min_order", d.MinOrder)
	if d.FOB != "" {
		w.m("<dt>").t(T("pub.product.fob")).m("</dt><dd>").t(d.FOB).m(` <span class="small">`).t(T("pub.product.fob_note")).m("</span></dd>")
	}
	w.m("\n")
	fact("pub.product.packaging", d.Packaging)
	fact("pub.product.shelf_life", d.ShelfLife)
	w.m("</dl>\n<h2>").t(T("pub.certs.title")).m("</h2>\n", string(p.certsHTML(d.Certs)), "\n")
	w.m(`<p><a href="`).t(d.EnterpriseHref).m(`">`).t(T("pub.product.about", d.EnterpriseName)).m("</a></p>\n</article>\n", string(d.Form.HTML), "\n")
	return w.html()
}
