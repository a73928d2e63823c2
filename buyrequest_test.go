package siapekspor

import (
	"testing"
	"time"
)

type requestRefs struct{}

func (requestRefs) RegionLevel(code string) (int, bool) {
	switch code {
	case "18":
		return 1, true
	case "18.71":
		return 2, true
	case "18.71.01":
		return 3, true
	}
	return 0, false
}
func (requestRefs) KBLIExists(version, code string) bool { return version == "2020" && code == "10794" }
func (requestRefs) HSExists(code string) bool {
	return code == "0901" || code == "090111" || code == "2008"
}
func (requestRefs) CountryExists(iso3 string) bool { return iso3 == "JPN" || iso3 == "NLD" }

func TestBuyingRequestValidate(t *testing.T) {
	today := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	day := func(s string) *time.Time { d, _ := time.Parse(time.DateOnly, s); return &d }
	buying := func() *BuyingRequest {
		return &BuyingRequest{Kind: RequestBuying, OrgID: 1, Title: "Robusta for Osaka", HSCode: "0901.11", Words: "kopi robusta",
			Quantity: 18, Unit: "ton", Frequency: "quarterly", Destination: "jpn", Incoterm: "fob", TargetPrice: 4.2, Currency: "usd",
			Deadline: day("2027-02-01"), DeliveryDate: day("2027-04-01")}
	}
	procurement := func() *BuyingRequest {
		return &BuyingRequest{Kind: RequestProcurement, OrgID: 2, Title: "Snacks for meetings", Words: "keripik pisang", KBLI: "10794",
			Quantity: 800, Unit: "kg", Frequency: "monthly", DeliveryRegion: "18.71.01", LocalFirst: "regency", Budget: 50_000_000, Currency: "IDR",
			DeliveryDate: day("2027-03-01")}
	}
	cases := []struct {
		name   string
		change func(r *BuyingRequest)
		base   func() *BuyingRequest
		field  string // "" valid
		key    string
	}{
		{"buying valid", func(*BuyingRequest) {}, buying, "", ""},
		{"procurement valid", func(*BuyingRequest) {}, procurement, "", ""},
		{"words only", func(r *BuyingRequest) { r.HSCode = "" }, buying, "", ""},
		{"HS code only, 4 digits", func(r *BuyingRequest) { r.Words, r.HSCode = "", "0901" }, buying, "", ""},
		{"no product", func(r *BuyingRequest) { r.Words, r.HSCode = "", "" }, buying, "hs_code", "request.product_required"},
		{"HS 2 digits", func(r *BuyingRequest) { r.HSCode = "09" }, buying, "hs_code", "request.hs_digits"},
		{"HS unknown", func(r *BuyingRequest) { r.HSCode = "999999" }, buying, "hs_code", "hs.not_in_nomenclature"},
		{"quantity zero", func(r *BuyingRequest) { r.Quantity = 0 }, buying, "quantity", "request.quantity_positive"},
		{"quantity negative", func(r *BuyingRequest) { r.Quantity = -3 }, procurement, "quantity", "request.quantity_positive"},
		{"deadline past", func(r *BuyingRequest) { r.Deadline = day("2027-01-14") }, buying, "deadline", "request.date_past"},
		{"deadline today", func(r *BuyingRequest) { r.Deadline = day("2027-01-15") }, buying, "", ""},
		{"delivery past", func(r *BuyingRequest) { r.DeliveryDate = day("2026-12-01") }, procurement, "delivery_date", "request.date_past"},
		{"delivery before deadline", func(r *BuyingRequest) { r.DeliveryDate = day("2027-01-20") }, buying, "delivery_date", "request.delivery_before_deadline"},
		{"country unknown", func(r *BuyingRequest) { r.Destination = "XYZ" }, buying, "destination", "request.country_unknown"},
		{"country missing", func(r *BuyingRequest) { r.Destination = "" }, buying, "destination", "field.required"},
		{"country on a procurement need", func(r *BuyingRequest) { r.Destination = "JPN" }, procurement, "destination", "request.buying_only"},
		{"incoterm", func(r *BuyingRequest) { r.Incoterm = "FOBX" }, buying, "incoterm", "field.choice"},
		{"price without currency", func(r *BuyingRequest) { r.Currency = "" }, buying, "currency", "request.currency_needed"},
		{"budget without currency", func(r *BuyingRequest) { r.Currency = "" }, procurement, "currency", "request.currency_needed"},
		{"unknown currency", func(r *BuyingRequest) { r.Currency = "XXX" }, buying, "currency", "field.choice"},
		{"frequency", func(r *BuyingRequest) { r.Frequency = "weekly" }, buying, "frequency", "field.choice"},
		{"status", func(r *BuyingRequest) { r.Status = "won" }, buying, "status", "field.choice"},
		{"visibility", func(r *BuyingRequest) { r.Visibility = "public" }, buying, "visibility", "field.choice"},
		{"certificate", func(r *BuyingRequest) { r.Certificates = []CertificateType{"gold"} }, buying, "certificates", "field.choice"},
		{"delivery region missing", func(r *BuyingRequest) { r.DeliveryRegion = "" }, procurement, "delivery_region", "field.required"},
		{"delivery region a province", func(r *BuyingRequest) { r.DeliveryRegion = "18" }, procurement, "delivery_region", "request.region_regency"},
		{"local first", func(r *BuyingRequest) { r.LocalFirst = "village" }, procurement, "local_first", "field.choice"},
		{"KBLI unknown", func(r *BuyingRequest) { r.KBLI = "99999" }, procurement, "kbli", "kbli.unknown"},
		{"budget on a buying request", func(r *BuyingRequest) { r.Budget = 5 }, buying, "budget", "request.procurement_only"},
		{"no title", func(r *BuyingRequest) { r.Title = " " }, buying, "title", "field.required"},
		{"capacity share", func(r *BuyingRequest) { r.MinCapacityPct = 120 }, buying, "min_capacity_pct", "request.pct_range"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.base()
			c.change(r)
			r.Normalize()
			err := r.Validate(requestRefs{}, today, nil)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !hasProblem(err, c.field, c.key) {
				t.Fatalf("want %s %s, got %v", c.field, c.key, err)
			}
		})
	}
}

func hasProblem(err error, field, key string) bool {
	e, ok := err.(*Error)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Key == key {
			return true
		}
	}
	return false
}

func TestRequestStatusMoves(t *testing.T) {
	allowed := map[[2]RequestStatus]bool{
		{RequestDraft, RequestOpen}: true, {RequestDraft, RequestClosed}: true,
		{RequestOpen, RequestClosed}: true, {RequestOpen, RequestAwarded}: true,
		{RequestClosed, RequestOpen}: true,
	}
	for _, from := range RequestStatuses {
		for _, to := range RequestStatuses {
			want := from == to || allowed[[2]RequestStatus{from, to}]
			if got := from.CanMove(to); got != want {
				t.Errorf("%s → %s: %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestRequestDeadlineOnlyCheckedWhenChangedOrReopened(t *testing.T) {
	today := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)
	old := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	prev := &BuyingRequest{Kind: RequestBuying, OrgID: 1, Title: "x", HSCode: "0901", Quantity: 1, Unit: "kg", Destination: "JPN", Deadline: &old, Status: RequestOpen}
	prev.Normalize()
	next := *prev
	next.Status = RequestClosed
	if err := next.Validate(requestRefs{}, today, prev); err != nil {
		t.Fatalf("closing an expired request: %v", err)
	}
	reopen := next
	reopen.Status = RequestOpen
	if err := reopen.Validate(requestRefs{}, today, &next); !hasProblem(err, "deadline", "request.date_past") {
		t.Fatalf("reopened with a past deadline: %v", err)
	}
	award := *prev
	award.Status = RequestAwarded
	back := award
	back.Status = RequestOpen
	if err := back.Validate(requestRefs{}, today, &award); !hasProblem(err, "status", "request.status_move") {
		t.Fatalf("awarded → open: %v", err)
	}
}

func TestRequestScope(t *testing.T) {
	open := &BuyingRequest{OrgID: 7, Status: RequestOpen, Visibility: VisibilityShared}
	private := &BuyingRequest{OrgID: 7, Status: RequestOpen, Visibility: VisibilityPrivate}
	draft := &BuyingRequest{OrgID: 7, Status: RequestDraft, Visibility: VisibilityShared}
	for _, c := range []struct {
		a                    Actor
		open, private, draft bool
	}{
		{Actor{Role: RoleBuyer, OrgID: 7}, true, true, true},
		{Actor{Role: RoleBuyer, OrgID: 8}, false, false, false},
		{Actor{Role: RoleBuyer}, false, false, false},
		{Actor{Role: RoleOfficer, RegionCode: "18.71"}, true, true, true},
		{Actor{Role: RoleValidator}, true, true, true},
		{Actor{Role: RoleOwner, EnterpriseID: 3}, true, false, false},
		{Actor{Role: RoleMentor}, true, false, false},
		{Actor{Role: RoleTrainer}, false, false, false},
		{Actor{}, false, false, false},
	} {
		s := RequestScopeOf(c.a)
		if s.Contains(open) != c.open || s.Contains(private) != c.private || s.Contains(draft) != c.draft {
			t.Errorf("%+v: %v %v %v", c.a, s.Contains(open), s.Contains(private), s.Contains(draft))
		}
	}
	if CanWriteRequest(Actor{Role: RoleBuyer, OrgID: 7}, 8) || !CanWriteRequest(Actor{Role: RoleBuyer, OrgID: 7}, 7) ||
		!CanWriteRequest(Actor{Role: RoleOfficer}, 8) || CanWriteRequest(Actor{Role: RoleOwner}, 8) {
		t.Error("CanWriteRequest")
	}
}
