package web

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The requirements catalogue's table, a requirement list (the country
// page's) and the country page's products, written in Go as the ranking's
// rows are (market_rows.go): 38 rows × 5 cells through the template's
// reflective calls were three quarters of the catalogue page's CPU (issue
// 16 item 3). The markup is the templates' own, byte for byte, and values
// are escaped as html/template escapes them (tmplEsc, attrURL, queryURL).

// tmplEsc escapes text and quoted attribute values as html/template does.
var tmplEsc = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;").Replace

// attrURL writes a URL from data into an href as html/template does: a
// scheme other than http, https or mailto is refused ("#ZgotmplZ"), the
// URL is normalised (bytes outside the URL's own characters
// percent-encoded) and the result escaped for the attribute.
func attrURL(raw string) string {
	if i := strings.IndexByte(raw, ':'); i >= 0 && !strings.Contains(raw[:i], "/") {
		switch strings.ToLower(raw[:i]) {
		case "http", "https", "mailto":
		default:
			return "#ZgotmplZ"
		}
	}
	return tmplEsc(urlBytes(raw, true))
}

// queryURL writes a value into a URL's query as html/template does.
func queryURL(v string) string { return tmplEsc(urlBytes(v, false)) }

// urlBytes is html/template's URL processor (tmplURL): norm keeps the
// URL's reserved characters (normalising a whole URL), otherwise they are
// encoded too (a value in a query).
func urlBytes(s string, norm bool) string { return tmplURL(s, norm) }

// hostOf is a source's host for its link text.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return strings.TrimPrefix(u.Host, "www.")
	}
	return raw
}

// requirementRows writes requirements.html's table rows.
func requirementRows(p *Page, items []store.RequirementRecord, canAdmin bool) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 900)
	lDest, lReq, lCert, lSource := tmplEsc(p.P.T("market.destination")), tmplEsc(p.P.T("market.requirement")), tmplEsc(p.P.T("label.certificate_types")), tmplEsc(p.P.T("market.source"))
	allProducts, mandatory := tmplEsc(p.P.T("market.all_products")), tmplEsc(p.P.T("market.mandatory"))
	en := p.Lang == i18n.EN
	for i := range items {
		r := &items[i].Requirement
		b.WriteString("<tr>\n    <td data-label=\"" + lDest + `"><a href="/markets/requirements?destination=` + queryURL(r.Destination) + `">` + tmplEsc(r.Destination) + "</a></td>\n    <td data-label=\"HS\">")
		if len(r.HSPrefixes) > 0 {
			b.WriteString(tmplEsc(strings.Join(r.HSPrefixes, " ")))
		} else {
			b.WriteString(allProducts)
		}
		b.WriteString("</td>\n    <td data-label=\"" + lReq + `">`)
		if canAdmin {
			b.WriteString(`<a href="/markets/requirements/` + tmplEsc(urlBytes(r.ID, true)) + `#edit">`)
		}
		if en {
			b.WriteString(tmplEsc(r.TitleEN))
		} else {
			b.WriteString(tmplEsc(r.TitleID))
		}
		if canAdmin {
			b.WriteString("</a>")
		}
		if r.Mandatory {
			b.WriteString(` <span class="tag">` + mandatory + "</span>")
		}
		b.WriteString("\n      ")
		if r.AppliesFrom != nil {
			b.WriteString(`<br><span class="muted">` + tmplEsc(p.P.T("market.from_date", p.P.Date(r.AppliesFrom.Time))) + "</span>")
		}
		b.WriteString("</td>\n    <td data-label=\"" + lCert + `">`)
		for j, t := range r.CertificateTypes {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tmplEsc(p.P.Choice("cert", t)))
		}
		if len(r.CertificateTypes) == 0 {
			b.WriteString("—")
		}
		b.WriteString("</td>\n    <td data-label=\"" + lSource + `"><a href="` + attrURL(r.SourceURL) + `" rel="noopener">` + tmplEsc(hostOf(r.SourceURL)) +
			`</a><br><span class="muted">` + tmplEsc(p.P.Date(r.LastChecked.Time)) + " · " + tmplEsc(p.P.Choice("market.confidence", r.Confidence)) + "</span></td></tr>")
	}
	return template.HTML(b.String())
}

// requirementList writes partials/markets.html's "requirement-list".
func requirementList(p *Page, items []market.Requirement) template.HTML {
	if len(items) == 0 {
		return template.HTML(`<p class="muted">` + tmplEsc(p.P.T("market.requirements_none")) + "</p>")
	}
	var b strings.Builder
	b.Grow(len(items) * 700)
	en := p.Lang == i18n.EN
	allProducts, mandatory, source := tmplEsc(p.P.T("market.all_products")), tmplEsc(p.P.T("market.mandatory")), tmplEsc(p.P.T("market.source"))
	b.WriteString(`<ul class="plain">`)
	for i := range items {
		r := &items[i]
		title, detail := r.TitleID, r.DetailID
		if en {
			title, detail = r.TitleEN, r.DetailEN
		}
		b.WriteString("<li><strong>" + tmplEsc(title) + "</strong>\n  <span class=\"muted\">")
		if len(r.HSPrefixes) > 0 {
			b.WriteString("HS " + tmplEsc(strings.Join(r.HSPrefixes, " ")))
		} else {
			b.WriteString(allProducts)
		}
		b.WriteString(" · " + tmplEsc(r.Destination) + "</span>")
		if r.Mandatory {
			b.WriteString(` <span class="tag">` + mandatory + "</span>")
		}
		b.WriteString("\n  <br>" + tmplEsc(detail) + ` <a href="` + attrURL(r.SourceURL) + `" rel="noopener">` + source + "</a></li>")
	}
	b.WriteString("</ul>\n")
	return template.HTML(b.String())
}

// countryRows writes market_country.html's table rows.
func countryRows(p *Page, items []store.CountryProduct) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 900)
	lProducts, lImports, lHome, lShare := tmplEsc(p.P.T("market.province_products")), tmplEsc(p.P.T("market.its_imports")), tmplEsc(p.P.T("market.from_indonesia_col")), tmplEsc(p.P.T("market.share"))
	restricted, enterprises := tmplEsc(p.P.T("market.restricted")), tmplEsc(p.P.T("market.enterprises"))
	inEnglish := ""
	if p.Lang != i18n.EN {
		inEnglish = ` <abbr class="lang-mark" title="` + tmplEsc(p.P.T("hs.in_english")) + `">(EN)</abbr>`
	}
	usd := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return tmplEsc(usdAmount(p.P, v))
	}
	for i := range items {
		c := &items[i]
		b.WriteString("<tr>\n    <td data-label=\"HS\"><a href=\"/markets/products/" + tmplEsc(urlBytes(c.HS, true)) + `">` + tmplEsc(c.HS) + `</a> <span class="muted">`)
		if c, ok := refdata.DefaultHSIndex().ByCode(c.HS); ok && c.DescriptionEN != "" {
			b.WriteString(`<span lang="en">` + tmplEsc(c.DescriptionEN) + "</span>" + inEnglish)
		}
		b.WriteString("</span>")
		if c.Restricted {
			b.WriteString(` <span class="tag tag-expired">` + restricted + "</span>")
		}
		b.WriteString("</td>\n    <td class=\"num\" data-label=\"" + lProducts + `">` + tmplEsc(p.P.Num(c.Products)) + ` <span class="muted">(` + tmplEsc(p.P.Num(c.Enterprises)) + " " + enterprises)
		if c.Validated != 0 {
			b.WriteString(", " + tmplEsc(p.P.Num(c.Validated)) + " ✔")
		}
		b.WriteString(")</span></td>\n    <td class=\"num\" data-label=\"" + lImports + `">` + usd(c.ImportsUSD) + "</td>\n    <td class=\"num\" data-label=\"" + lHome + `">` + usd(c.FromHomeUSD) +
			"</td>\n    <td class=\"num\" data-label=\"" + lShare + `">`)
		if c.SharePct != nil {
			b.WriteString(tmplEsc(p.P.Dec1(*c.SharePct)) + "%")
		} else {
			b.WriteString("—")
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}
