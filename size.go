package siapekspor

// SizeClass is a business size class.
type SizeClass string

const (
	SizeUnknown SizeClass = ""
	SizeMicro   SizeClass = "micro"
	SizeSmall   SizeClass = "small"
	SizeMedium  SizeClass = "medium"
	SizeLarge   SizeClass = "large"
)

// Valid reports whether c is a known class (SizeUnknown is not).
func (c SizeClass) Valid() bool {
	switch c {
	case SizeMicro, SizeSmall, SizeMedium, SizeLarge:
		return true
	}
	return false
}

// SizeBasis says which PP 7/2021 criterion gave a size class.
type SizeBasis string

const (
	BasisNone    SizeBasis = ""
	BasisSales   SizeBasis = "sales"
	BasisCapital SizeBasis = "capital"
)

const (
	billion = 1_000_000_000
)

// SizeByCapital classifies by business capital excluding land and buildings
// (PP 7/2021 art. 35(3)): micro ≤ Rp1 bn, small > 1–5 bn, medium > 5–10 bn,
// large above. Zero or less is unknown.
func SizeByCapital(capital int64) SizeClass {
	switch {
	case capital <= 0:
		return SizeUnknown
	case capital <= 1*billion:
		return SizeMicro
	case capital <= 5*billion:
		return SizeSmall
	case capital <= 10*billion:
		return SizeMedium
	}
	return SizeLarge
}

// SizeBySales classifies by annual sales (PP 7/2021 art. 35(5)): micro ≤
// Rp2 bn, small > 2–15 bn, medium > 15–50 bn, large above. Zero or less is
// unknown.
func SizeBySales(sales int64) SizeClass {
	switch {
	case sales <= 0:
		return SizeUnknown
	case sales <= 2*billion:
		return SizeMicro
	case sales <= 15*billion:
		return SizeSmall
	case sales <= 50*billion:
		return SizeMedium
	}
	return SizeLarge
}

// UMKMClass is the PP 7/2021 class of an enterprise. The regulation uses
// capital to classify a business when it is founded and annual sales for a
// business that is already running (art. 35(4)); a registered enterprise is
// running, so sales decide when they are known and capital only stands in
// while they are not.
func UMKMClass(capital, annualSales int64) (SizeClass, SizeBasis) {
	if c := SizeBySales(annualSales); c != SizeUnknown {
		return c, BasisSales
	}
	if c := SizeByCapital(capital); c != SizeUnknown {
		return c, BasisCapital
	}
	return SizeUnknown, BasisNone
}

// IKMClass is an industry class under Permenperin 64/2016.
type IKMClass string

const (
	IKMUnknown IKMClass = ""
	IKMSmall   IKMClass = "small"
	IKMMedium  IKMClass = "medium"
	IKMLarge   IKMClass = "large"
)

// IKMClassOf classifies an industry by workers and investment (Permenperin
// 64/2016 art. 2–3): small = ≤ 19 workers and investment < Rp1 bn; medium =
// ≤ 19 workers and investment ≥ Rp1 bn, or ≥ 20 workers and investment ≤
// Rp15 bn; large = ≥ 20 workers and investment > Rp15 bn. With neither
// figure it is unknown; with workers but no investment, a firm of ≤ 19
// workers counts as small (a micro/small firm rarely reports its investment)
// and one of ≥ 20 as medium, the lowest class its workforce allows.
func IKMClassOf(workers int, investment int64) IKMClass {
	if workers <= 0 && investment <= 0 {
		return IKMUnknown
	}
	if workers < 20 {
		if investment < 1*billion {
			return IKMSmall
		}
		return IKMMedium
	}
	if investment <= 15*billion {
		return IKMMedium
	}
	return IKMLarge
}
