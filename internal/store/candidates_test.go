package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
)

// The packed snapshot gives back every candidate as it was packed — its
// enterprise, certificates (with and without expiry, the product's and the
// enterprise's), track record and strings — and picks the same products
// for a filter and a scope as the candidates themselves would, for random
// catalogues.
func TestSnapshotPacksCandidatesWhole(t *testing.T) {
	words := []string{"kopi robusta", "coffee beans", "keripik pisang", "banana chips", "kain tapis", "tapis cloth", "lada hitam", "", "gula aren"}
	hs := []string{"090111", "090121", "200899", "58050000", "090411", "", "1701"}
	units := []siapekspor.Unit{"kg", "ton", "piece", ""}
	validations := []siapekspor.ValidationStatus{siapekspor.ValidationApproved, siapekspor.ValidationDraft, siapekspor.ValidationSubmitted}
	levels := []siapekspor.TrainingLevel{"", siapekspor.LevelBeginner, siapekspor.LevelAdvanced}
	certTypes := []siapekspor.CertificateType{siapekspor.CertHalal, siapekspor.CertHACCP, siapekspor.CertFDA}
	for round := range 200 {
		rnd := rand.New(rand.NewPCG(uint64(round), 7))
		certs := func() []match.Cert {
			var out []match.Cert
			for range rnd.IntN(4) - 1 {
				c := match.Cert{Type: certTypes[rnd.IntN(len(certTypes))]}
				if rnd.IntN(2) == 0 {
					c.ExpiresOn = time.Date(2026+rnd.IntN(3), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), 0, 0, 0, 0, time.UTC)
				}
				out = append(out, c)
			}
			return out
		}
		type place struct {
			name, province, regency, district, village string
			binaan                                     int64
		}
		nEnt := 1 + rnd.IntN(40)
		ents := make([]*match.Enterprise, nEnt)
		places := map[int64]place{}
		b := newSnapshotBuilder(0)
		for i := range ents {
			id := int64(1 + i*3 + rnd.IntN(3))
			pl := place{name: fmt.Sprintf("UD Usaha %d", rnd.IntN(10)), province: "18"}
			if rnd.IntN(8) > 0 {
				pl.regency = fmt.Sprintf("18.%02d", 1+rnd.IntN(3))
				if rnd.IntN(3) > 0 {
					pl.district = fmt.Sprintf("%s.%02d", pl.regency, 1+rnd.IntN(3))
					if rnd.IntN(2) > 0 {
						pl.village = fmt.Sprintf("%s.%04d", pl.district, 2001+rnd.IntN(3))
					}
				}
			}
			if rnd.IntN(3) == 0 {
				pl.binaan = int64(1 + rnd.IntN(2))
			}
			e := &match.Enterprise{ID: id, RegencyCode: pl.regency, Level: levels[rnd.IntN(len(levels))], Readiness: float64(rnd.IntN(101)),
				Certificates: certs(), History: match.History{Accepted: rnd.IntN(3), Declined: rnd.IntN(3), Contracts: rnd.IntN(2), Shipped: rnd.IntN(2), Lost: rnd.IntN(2)}}
			if pl.regency != "" { // a regency's point, as the store finds it
				e.Point = match.Point{Lat: -5 - float64(pl.regency[4]-'0')/10, Lng: 105, Known: true}
			}
			ents[i], places[id] = e, pl
			var code string
			for _, c := range []string{pl.village, pl.district, pl.regency, pl.province} {
				if code == "" {
					code = c
				}
			}
			b.enterprise(e, pl.name, code, pl.binaan)
		}
		var want []match.Product
		names := map[int64][2]string{}
		for id := int64(1); id <= int64(rnd.IntN(120)); id++ {
			e := ents[rnd.IntN(nEnt)]
			p := match.Product{ID: id * 2, Enterprise: e, HSCode: hs[rnd.IntN(len(hs))], Unit: units[rnd.IntN(len(units))],
				CapacityPerMonth: float64(rnd.IntN(3) * 500), MinOrder: float64(rnd.IntN(2) * 100), Validation: validations[rnd.IntN(len(validations))],
				Certificates: certs()}
			n := [2]string{words[rnd.IntN(len(words))], words[rnd.IntN(len(words))]}
			p.Terms = match.Terms(n[0], n[1], words[rnd.IntN(len(words))], "")
			if !b.product(&p, e.ID, n[0], n[1]) {
				t.Fatalf("round %d: enterprise %d not found", round, e.ID)
			}
			want, names[p.ID] = append(want, p), n
		}
		if b.product(&match.Product{ID: 1}, 1e9, "", "") {
			t.Fatal("a product of an enterprise never added was packed")
		}
		s, err := b.done()
		if err != nil {
			t.Fatal(err)
		}
		src := s.source()
		if src.Len() != len(want) {
			t.Fatalf("round %d: %d products, want %d", round, src.Len(), len(want))
		}
		// In order and out of it (the view keeps the last enterprise).
		order := rnd.Perm(len(want))
		for _, i := range append(order, order...) {
			got := *src.At(i)
			gotEnt := *got.Enterprise
			got.Enterprise = nil
			w := want[i]
			wantEnt := *w.Enterprise
			w.Enterprise = nil
			if !reflect.DeepEqual(got, w) || !reflect.DeepEqual(gotEnt, wantEnt) {
				t.Fatalf("round %d, product %d:\n got %+v %+v\nwant %+v %+v", round, i, got, gotEnt, w, wantEnt)
			}
			info := s.info(int32(i))
			pl := places[wantEnt.ID]
			if info.ProductID != w.ID || info.EnterpriseID != wantEnt.ID || info.EnterpriseName != pl.name || info.RegencyCode != pl.regency ||
				info.HSCode != w.HSCode || [2]string{info.NameID, info.NameEN} != names[w.ID] {
				t.Fatalf("round %d: info %+v of %+v", round, info, w)
			}
		}
		// The pick: a filter and a scope, against the candidates themselves.
		for _, q := range []match.Request{{HSCode: hs[rnd.IntN(len(hs))], Words: words[rnd.IntN(len(words))]}, {Words: words[rnd.IntN(len(words))] + " " + words[rnd.IntN(len(words))]}} {
			f := q.Filter()
			for _, scope := range []siapekspor.EnterpriseScope{{All: true}, {RegionCode: "18.02"}, {RegionCode: "18.01.02", BinaanOrgID: 1},
				{BinaanOrgID: 2, RegionCode: "18.03.01.2002"}, {EnterpriseID: ents[0].ID}, {None: true}} {
				var expect []int32
				for i := range want {
					p := &want[i]
					pl := places[p.Enterprise.ID]
					e := siapekspor.Enterprise{ID: p.Enterprise.ID, ProvinceCode: pl.province, RegencyCode: pl.regency, DistrictCode: pl.district, VillageCode: pl.village}
					if pl.binaan != 0 {
						e.BinaanOrgID = &pl.binaan
					}
					if f.Admits(p) && scope.Contains(&e) {
						expect = append(expect, int32(i))
					}
				}
				if got := s.filter(f, scope); !slices.Equal(got, expect) {
					t.Fatalf("round %d, filter %+v, scope %+v: picked %v, want %v", round, f, scope, got, expect)
				}
			}
		}
	}
}
