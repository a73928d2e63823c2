package web

import (
	"github.com/siapekspor/siapekspor/internal/i18n"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// A filter's options are written here rather than by template actions per
// option: on the list pages the 97 HS chapters, a province's regencies and
// a regency's districts cost more template work (a comparison and the
// escapers per option, each a reflective call) than the rows themselves
// (issue 16 item 3). Values and names are escaped for a quoted attribute
// and for text, as the template would.

func writeOption(b *strings.Builder, value, label, lang string, selected bool) {
	b.WriteString(`<option value="`)
	b.WriteString(html.EscapeString(value))
	b.WriteByte('"')
	if lang != "" {
		b.WriteString(` lang="` + lang + `"`)
	}
	if selected {
		b.WriteString(" selected")
	}
	b.WriteByte('>')
	b.WriteString(html.EscapeString(label))
	b.WriteString("</option>")
}

// regionOptions: one option per region, its code the value.
func regionOptions(list []refdata.Region, selected string) template.HTML {
	var b strings.Builder
	for _, r := range list {
		writeOption(&b, r.Code, r.Name, "", r.Code == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// chapterOptions: one option per HS chapter, code and English description.
func chapterOptions(list []refdata.HSCode, selected string) template.HTML {
	var b strings.Builder
	for _, c := range list {
		writeOption(&b, c.Code, c.Code+" "+c.DescriptionEN, "en", c.Code == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// orgOptions: one option per organisation, its id the value.
func orgOptions(list []siapekspor.Organisation, selected int64) template.HTML {
	var b strings.Builder
	for _, o := range list {
		writeOption(&b, strconv.FormatInt(o.ID, 10), o.Name, "", o.ID == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// countryOptions: one option per country, its ISO3 code the value and its
// name in the page's language.
func countryOptions(list []refdata.Country, lang i18n.Lang, selected string) template.HTML {
	var b strings.Builder
	for _, c := range list {
		writeOption(&b, c.ISO3, c.Name(string(lang)), "", c.ISO3 == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// choiceOptions: one option per value of an enumeration, its label the
// value's choice label (prefix.value) in the page's language.
func choiceOptions[T ~string](p *Page, prefix string, list []T, selected T) template.HTML {
	var b strings.Builder
	for _, v := range list {
		writeOption(&b, string(v), p.P.Choice(prefix, string(v)), "", v == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// sectorOptions: choiceOptions of the sectors.
func sectorOptions(p *Page, selected siapekspor.Sector) template.HTML {
	return choiceOptions(p, "sector", siapekspor.Sectors, selected)
}
