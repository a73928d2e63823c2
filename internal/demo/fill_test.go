package demo_test

import (
	"context"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func TestGeneratorIsDeterministicAndValid(t *testing.T) {
	a, err := demo.New("18", 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := demo.New("18", 7)
	for i := 0; i < 200; i++ {
		x, y := a.Next(), b.Next()
		if x.Name != y.Name || x.VillageCode != y.VillageCode || x.AnnualTurnover != y.AnnualTurnover {
			t.Fatalf("seed 7 differs at %d: %q vs %q", i, x.Name, y.Name)
		}
		if x.Notes != demo.Label {
			t.Fatalf("unlabelled demo record %q", x.Name)
		}
	}
	if _, err := demo.New("18.01", 1); err == nil {
		t.Error("a regency accepted as province")
	}
}

func TestFillStoresValidLabelledEnterprises(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	n, err := demo.Fill(sysCtx, db, "18", 2000, 3)
	if err != nil || n != 2000 {
		t.Fatalf("fill: %d, %v", n, err)
	}
	page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{ProvinceCode: "18"})
	if page.Total != 2000 {
		t.Fatalf("%d stored", page.Total)
	}
	micro, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{SizeClass: siapekspor.SizeMicro})
	if share := float64(micro.Total) / 2000; share < 0.75 || share > 0.95 {
		t.Errorf("micro share %.2f, want mostly micro", share)
	}
}

func BenchmarkFill(b *testing.B) {
	for i := 0; i < b.N; i++ {
		db := storetest.Open(b, "sqlite")
		if _, err := demo.Fill(sysCtx, db, "18", 40000, 1); err != nil {
			b.Fatal(err)
		}
	}
}

var sysCtx = siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
