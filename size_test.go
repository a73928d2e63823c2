package siapekspor

import "testing"

const bn = 1_000_000_000

func TestSizeByCapital(t *testing.T) {
	for _, tc := range []struct {
		capital int64
		want    SizeClass
	}{
		{0, SizeUnknown}, {-5, SizeUnknown}, {1, SizeMicro},
		{1 * bn, SizeMicro}, {1*bn + 1, SizeSmall},
		{5 * bn, SizeSmall}, {5*bn + 1, SizeMedium},
		{10 * bn, SizeMedium}, {10*bn + 1, SizeLarge},
	} {
		if got := SizeByCapital(tc.capital); got != tc.want {
			t.Errorf("SizeByCapital(%d) = %q, want %q", tc.capital, got, tc.want)
		}
	}
}

func TestSizeBySales(t *testing.T) {
	for _, tc := range []struct {
		sales int64
		want  SizeClass
	}{
		{0, SizeUnknown}, {1, SizeMicro},
		{2 * bn, SizeMicro}, {2*bn + 1, SizeSmall},
		{15 * bn, SizeSmall}, {15*bn + 1, SizeMedium},
		{50 * bn, SizeMedium}, {50*bn + 1, SizeLarge},
	} {
		if got := SizeBySales(tc.sales); got != tc.want {
			t.Errorf("SizeBySales(%d) = %q, want %q", tc.sales, got, tc.want)
		}
	}
}

func TestUMKMClassPrefersSales(t *testing.T) {
	for _, tc := range []struct {
		name           string
		capital, sales int64
		want           SizeClass
		basis          SizeBasis
	}{
		{"nothing known", 0, 0, SizeUnknown, BasisNone},
		{"capital only", 3 * bn, 0, SizeSmall, BasisCapital},
		{"sales only", 0, 3 * bn, SizeSmall, BasisSales},
		// Medium by capital (6 bn) but small by sales (10 bn): sales decide.
		{"small by sales, medium by capital", 6 * bn, 10 * bn, SizeSmall, BasisSales},
		{"micro by sales, small by capital", 2 * bn, 1 * bn, SizeMicro, BasisSales},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, basis := UMKMClass(tc.capital, tc.sales)
			if got != tc.want || basis != tc.basis {
				t.Errorf("UMKMClass(%d, %d) = %q %q, want %q %q", tc.capital, tc.sales, got, basis, tc.want, tc.basis)
			}
		})
	}
}

func TestIKMClassOf(t *testing.T) {
	for _, tc := range []struct {
		workers    int
		investment int64
		want       IKMClass
	}{
		{0, 0, IKMUnknown},
		{19, 1*bn - 1, IKMSmall},
		{19, 1 * bn, IKMMedium},
		{19, 15*bn + 1, IKMMedium},
		{20, 1*bn - 1, IKMMedium},
		{20, 1 * bn, IKMMedium},
		{20, 15 * bn, IKMMedium},
		{20, 15*bn + 1, IKMLarge},
		{1, 0, IKMSmall},
		{25, 0, IKMMedium},
		{0, 2 * bn, IKMMedium},
	} {
		if got := IKMClassOf(tc.workers, tc.investment); got != tc.want {
			t.Errorf("IKMClassOf(%d, %d) = %q, want %q", tc.workers, tc.investment, got, tc.want)
		}
	}
}
