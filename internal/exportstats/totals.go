package exportstats

import (
	"math"
	"sort"
	"strconv"
)

// detailKey identifies a detail figure: two rows with one key are a duplicate.
func (e *entry) detailKey() string {
	return e.province + "|" + strconv.Itoa(e.year) + "|" + strconv.Itoa(e.month) + "|" + e.commKey() + "|" + e.destKey()
}

// checkDuplicates reports a detail that appears twice (the second line
// names the first).
func (rd *reader) checkDuplicates() {
	seen := map[string]int{}
	for i := range rd.entries {
		e := &rd.entries[i]
		if e.isTotal() {
			continue
		}
		k := e.detailKey()
		if first, dup := seen[k]; dup {
			rd.problem(e.line, "", "", "exportstats.duplicate_row", "", first)
			continue
		}
		seen[k] = e.line
	}
}

// The totals rule. A total row or column — a "Total"/"Jumlah"/"Dunia"
// destination, a "Total"/"Jumlah" commodity, a "Jumlah"/"Total"/"Jan–Des"
// month row or column — is compared with the sum of the detail figures it
// covers: those equal to it on every other dimension (province, year, and
// the month, commodity and destination it does not total). It passes when
//
//	|sum − total| ≤ max(Tolerance × |total|, rounding)
//
// where Tolerance is 0.5% by default and rounding is half a unit of the
// last printed digit of the total plus that of every detail (a table in
// "Juta US$" with two decimals rounds each figure by up to US$5,000, so
// 40 such rows may honestly be off by US$205,000). A total with no details
// in the table is not checked. Totals are never stored.
type agg struct {
	sum, half float64
	n         int
}

// mask says which dimensions an entry totals.
func (e *entry) mask() int {
	m := 0
	if e.monthTotal {
		m |= 1
	}
	if e.commTotal {
		m |= 2
	}
	if e.destTotal {
		m |= 4
	}
	return m
}

func (e *entry) projection(mask int) string {
	month, comm, dest := strconv.Itoa(e.month), e.commKey(), e.destKey()
	if mask&1 != 0 {
		month = "*"
	}
	if mask&2 != 0 {
		comm = "*"
	}
	if mask&4 != 0 {
		dest = "*"
	}
	return e.province + "|" + strconv.Itoa(e.year) + "|" + month + "|" + comm + "|" + dest
}

func (rd *reader) checkTotals() {
	masks := map[int]bool{}
	for i := range rd.entries {
		e := &rd.entries[i]
		if e.isTotal() {
			rd.rep.TotalRows++
			if !e.provTotal {
				masks[e.mask()] = true
			}
		}
	}
	for mask := range masks {
		values, weights := map[string]*agg{}, map[string]*agg{}
		for i := range rd.entries {
			e := &rd.entries[i]
			if e.isTotal() {
				continue
			}
			k := e.projection(mask)
			add := func(m measureVal, to map[string]*agg) {
				if !m.has {
					return
				}
				a := to[k]
				if a == nil {
					a = &agg{}
					to[k] = a
				}
				a.sum += m.v
				a.half += m.halfUnit()
				a.n++
			}
			add(e.value, values)
			add(e.weight, weights)
		}
		for i := range rd.entries {
			e := &rd.entries[i]
			if !e.isTotal() || e.provTotal || e.mask() != mask {
				continue
			}
			k := e.projection(mask)
			rd.compare(e, e.value, values[k], fValue)
			rd.compare(e, e.weight, weights[k], fWeight)
		}
	}
	// Keep the checks in file order, whatever order the masks came in.
	sortChecks(rd.rep.Totals)
}

func (rd *reader) compare(e *entry, total measureVal, a *agg, m field) {
	if !total.has || a == nil || a.n == 0 {
		return
	}
	tol := math.Max(rd.opt.Tolerance*math.Abs(total.v), total.halfUnit()+a.half)
	diff := math.Abs(a.sum - total.v)
	sum := roundTo(a.sum, 3)
	check := TotalCheck{Line: e.line, Column: rd.label(total.col), Measure: string(m), Printed: total.v, Sum: sum,
		Details: a.n, Tolerance: tol, OK: diff <= tol}
	rd.rep.Totals = append(rd.rep.Totals, check)
	if check.OK {
		return
	}
	style := rd.cols[total.col].style
	shown := formatNumber(a.sum/total.scale, max(total.decimals, 1), style)
	rel := math.Inf(1)
	if total.v != 0 {
		rel = diff / math.Abs(total.v)
	}
	rd.rep.Warnings = append(rd.rep.Warnings, Problem{Line: e.line, Column: check.Column, Field: string(m),
		Key: "exportstats.total_mismatch", Args: []any{total.raw, a.n, shown, fmtPct(rel, style)}, Value: total.raw})
}

func sortChecks(c []TotalCheck) {
	sort.SliceStable(c, func(i, j int) bool {
		if c[i].Line != c[j].Line {
			return c[i].Line < c[j].Line
		}
		return c[i].Column < c[j].Column
	})
}
