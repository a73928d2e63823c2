package report

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// SVG draws the regencies' choropleth as an SVG element (for the printable
// page: no script, no tiles), the same classes and colours as the PDF, each
// region with a <title> naming it and its share. "" when the province has
// no boundaries.
func SVG(r *Report, label string) string {
	b := refdata.RegencyBoundaries()
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	polys := make([][][][][2]float64, len(r.Regions))
	any := false
	for i, g := range r.Regions {
		polys[i] = b.Polygons(g.Code)
		for _, poly := range polys[i] {
			any = true
			for _, pt := range poly[0] {
				minX, maxX = math.Min(minX, pt[0]), math.Max(maxX, pt[0])
				minY, maxY = math.Min(minY, pt[1]), math.Max(maxY, pt[1])
			}
		}
	}
	if !any {
		return ""
	}
	kx := math.Cos((minY + maxY) / 2 * math.Pi / 180)
	const w = 600.0
	scale := w / ((maxX - minX) * kx)
	h := (maxY - minY) * scale
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="report-map" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, math.Ceil(h), html.EscapeString(label))
	for i, g := range r.Regions {
		if len(polys[i]) == 0 {
			continue
		}
		col := NoData
		if g.Class >= 0 {
			col = Palette[g.Class]
		}
		sb.WriteString(`<path fill-rule="evenodd" stroke="#4d4d4d" stroke-width="0.8" fill="` + col + `" d="`)
		for _, poly := range polys[i] {
			for _, ring := range poly {
				for j, pt := range ring {
					cmd := "L"
					if j == 0 {
						cmd = "M"
					}
					fmt.Fprintf(&sb, "%s%.1f %.1f", cmd, (pt[0]-minX)*kx*scale, (maxY-pt[1])*scale)
				}
				sb.WriteString("Z")
			}
		}
		fmt.Fprintf(&sb, `"><title>%s: %s</title></path>`, html.EscapeString(g.Name), PctOf(idP, g.Share))
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}
