package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// FunnelReport is the dashboard's content, for pages, API and command line
// alike: the funnel of the enterprises a query selects within the reader's
// scope, its breakdown, and the targets measured.
type FunnelReport struct {
	Year   int                 `json:"year,omitempty"` // as of the end of; 0 today
	By     FunnelBy            `json:"by,omitempty"`
	Total  []funnel.Row        `json:"total"`
	Groups []FunnelReportGroup `json:"groups,omitempty"`
	// Targets: the current targets of the regions the reader may see (and
	// the query's region names), each measured.
	Targets []*TargetProgress `json:"targets"`
}

// FunnelReportGroup is one group of a breakdown.
type FunnelReportGroup struct {
	Key  string       `json:"key"`
	Name string       `json:"name,omitempty"` // a region's or an office's name
	Rows []funnel.Row `json:"rows"`
}

// FunnelReport builds the dashboard for fq.
func (db *DB) FunnelReport(ctx context.Context, fq FunnelQuery) (*FunnelReport, error) {
	rep := &FunnelReport{Year: fq.Year, By: fq.By}
	by := fq.By
	fq.By = FunnelTotal
	total, err := db.Funnel(ctx, fq)
	if err != nil {
		return nil, err
	}
	var c funnel.Counts
	if len(total) > 0 {
		c = total[0].Counts
	}
	rep.Total = funnel.Rows(c)
	if by != FunnelTotal {
		fq.By = by
		groups, err := db.Funnel(ctx, fq)
		if err != nil {
			return nil, err
		}
		names, err := db.groupNames(ctx, by, groups)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			if g.Counts[funnel.Registered].Reached == 0 && by != FunnelYear {
				continue
			}
			rep.Groups = append(rep.Groups, FunnelReportGroup{Key: g.Key, Name: names[g.Key], Rows: funnel.Rows(g.Counts)})
		}
	}
	if rep.Targets, err = db.targetsInScope(ctx, fq.Filter); err != nil {
		return nil, err
	}
	return rep, nil
}

// groupNames names a breakdown's regions and offices.
func (db *DB) groupNames(ctx context.Context, by FunnelBy, groups []FunnelGroup) (map[string]string, error) {
	out := map[string]string{}
	switch by {
	case FunnelRegency, FunnelDistrict:
		ix := refdata.DefaultRegionIndex()
		for _, g := range groups {
			if r, ok := ix.ByCode(g.Key); ok {
				out[g.Key] = r.Name
			}
		}
	case FunnelOffice:
		var ids []int64
		for _, g := range groups {
			if id, err := strconv.ParseInt(g.Key, 10, 64); err == nil && id > 0 {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return out, nil
		}
		rows, err := db.read.QueryContext(ctx, `SELECT id, name FROM organisations WHERE id IN (`+joinIDs(ids)+`)`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return nil, err
			}
			out[strconv.FormatInt(id, 10)] = name
		}
		return out, rows.Err()
	}
	return out, nil
}

// targetsInScope are the current targets whose region the reader sees
// whole (a regency office: its regency's) and that lie in the filter's
// region or contain it, measured.
func (db *DB) targetsInScope(ctx context.Context, f siapekspor.EnterpriseFilter) ([]*TargetProgress, error) {
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	if scope.None || scope.EnterpriseID != 0 || scope.Mentor {
		return []*TargetProgress{}, nil
	}
	ts, err := db.Targets(ctx, TargetFilter{})
	if err != nil {
		return nil, err
	}
	region, _ := filterRegion(f.ProvinceCode, f.RegencyCode, f.DistrictCode)
	out := []*TargetProgress{}
	for _, t := range ts {
		if !scope.All && t.RegionCode != scope.RegionCode && !strings.HasPrefix(t.RegionCode, scope.RegionCode+".") {
			continue
		}
		if _, ok := meetRegion(region, t.RegionCode); !ok {
			continue
		}
		p, err := db.MeasureTarget(ctx, t)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
