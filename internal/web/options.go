package web

import (
	"fmt"
	"html"
	"html/template"
	"reflect"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// A filter's options are written here rather than by template actions per
// option: on the list pages the 97 HS chapters, a province's regencies and
// a regency's districts cost more template work (a comparison and the
// escapers per option, each a reflective call) than the rows themselves
// (issue 16 item 3). Values and names are escaped for a quoted attribute
// and for text, as the template would.

// optionBuilder is a builder with room for n options of about size bytes
// each: the 250 countries' options grew a builder five times, 47 kB for a
// list of 14 kB.
func optionBuilder(n, size int) *strings.Builder {
	b := &strings.Builder{}
	b.Grow(n * size)
	return b
}

func writeOption(b *strings.Builder, value, label, lang string, selected bool) {
	b.WriteString(`<option value="`)
	b.WriteString(html.EscapeString(value))
	b.WriteByte('"')
	if lang != "" {
		b.WriteString(` lang="`)
		b.WriteString(lang)
		b.WriteByte('"')
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
	b := optionBuilder(len(list), 48)
	for _, r := range list {
		writeOption(b, r.Code, r.Name, "", r.Code == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// chapterOptions: one option per HS chapter, code and English description.
func chapterOptions(list []refdata.HSCode, selected string) template.HTML {
	b := optionBuilder(len(list), 96)
	for _, c := range list {
		writeOption(b, c.Code, c.Code+" "+c.DescriptionEN, "en", c.Code == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// orgOptions: one option per organisation, its id the value.
func orgOptions(list []siapekspor.Organisation, selected int64) template.HTML {
	b := optionBuilder(len(list), 56)
	for _, o := range list {
		writeOption(b, strconv.FormatInt(o.ID, 10), o.Name, "", o.ID == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// countryOptions: one option per country, its ISO3 code the value and its
// name in the page's language.
func countryOptions(list []refdata.Country, lang i18n.Lang, selected string) template.HTML {
	b := optionBuilder(len(list), 48)
	for _, c := range list {
		writeOption(b, c.ISO3, c.Name(string(lang)), "", c.ISO3 == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// choiceOptions: one option per value of an enumeration, its label the
// value's choice label (prefix.value) in the page's language.
func choiceOptions[T ~string](p *Page, prefix string, list []T, selected T) template.HTML {
	b := optionBuilder(len(list), 48)
	for _, v := range list {
		writeOption(b, string(v), p.P.Choice(prefix, string(v)), "", v == selected)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// OptionList writes a form select's options — Options, a slice of an
// enumeration, each labelled by its choice label (Prefix.value) — as
// choiceOptions does: on a form the template's actions per option were most
// of the page's CPU (issue 16 item 3).
func (v fieldView) OptionList() template.HTML {
	list := reflect.ValueOf(v.Options)
	if list.Kind() != reflect.Slice {
		return ""
	}
	b := optionBuilder(list.Len(), 48)
	for i := range list.Len() {
		o := list.Index(i)
		s := fmt.Sprint(o.Interface())
		if o.Kind() == reflect.String {
			s = o.String()
		}
		writeOption(b, s, v.P.Choice(v.Prefix, s), "", s == v.Value)
	}
	return template.HTML(b.String()) // escaped by writeOption
}

// RegionList writes a region select's options, as regionOptions does.
func (v fieldView) RegionList() template.HTML { return regionOptions(v.Regions, v.Value) }

// sectorOptions: choiceOptions of the sectors.
func sectorOptions(p *Page, selected siapekspor.Sector) template.HTML {
	return choiceOptions(p, "sector", siapekspor.Sectors, selected)
}

// certOptions: choiceOptions of the certificate types.
func certOptions(p *Page, selected siapekspor.CertificateType) template.HTML {
	return choiceOptions(p, "cert", siapekspor.CertificateTypes, selected)
}

// validationOptions: choiceOptions of the validation states.
func validationOptions(p *Page, selected siapekspor.ValidationStatus) template.HTML {
	return choiceOptions(p, "validation", siapekspor.ValidationStatuses, selected)
}

// sizeOptions, exportOptions and kindOptions: the enterprise list's other
// enumeration filters.
func sizeOptions(p *Page, selected siapekspor.SizeClass) template.HTML {
	return choiceOptions(p, "size", sizeClasses, selected)
}

func exportOptions(p *Page, selected siapekspor.ExportStatus) template.HTML {
	return choiceOptions(p, "export", siapekspor.ExportStatuses, selected)
}

func kindOptions(p *Page, selected siapekspor.EnterpriseKind) template.HTML {
	return choiceOptions(p, "kind", siapekspor.EnterpriseKinds, selected)
}

// sizeClasses are the size classes a filter offers, smallest first.
var sizeClasses = []siapekspor.SizeClass{siapekspor.SizeMicro, siapekspor.SizeSmall, siapekspor.SizeMedium, siapekspor.SizeLarge}
