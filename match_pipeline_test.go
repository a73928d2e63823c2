package siapekspor

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestCheckMove(t *testing.T) {
	contract := Contract{Value: 12500, Currency: "usd", Quantity: 2, Unit: "ton", Terms: "FOB Panjang"}
	cases := []struct {
		name    string
		from    MatchStep
		lostAt  MatchStep
		move    MatchMove
		byOwner bool
		field   string // "" when allowed
		key     string
	}{
		{"introduce", StepShortlisted, "", MatchMove{To: StepIntroduced}, false, "", ""},
		{"skip the introduction", StepShortlisted, "", MatchMove{To: StepMeeting}, false, "to", "pipeline.introduce_first"},
		{"officer cannot consent", StepIntroduced, "", MatchMove{To: StepAccepted}, false, "to", "pipeline.owner_consents"},
		{"owner consents", StepIntroduced, "", MatchMove{To: StepAccepted}, true, "", ""},
		{"consent is not skipped", StepIntroduced, "", MatchMove{To: StepMeeting}, true, "to", "pipeline.owner_consents"},
		{"owner declines", StepIntroduced, "", MatchMove{To: StepLost, LostReason: LostDeclined}, true, "", ""},
		{"only the owner declines", StepMeeting, "", MatchMove{To: StepLost, LostReason: LostDeclined}, false, "lost_reason", "pipeline.decline_owner_only"},
		{"forward one step", StepAccepted, "", MatchMove{To: StepMeeting}, false, "", ""},
		{"forward skipping the sample", StepMeeting, "", MatchMove{To: StepNegotiation}, false, "", ""},
		{"same step", StepMeeting, "", MatchMove{To: StepMeeting}, false, "to", "pipeline.same_step"},
		{"unknown step", StepMeeting, "", MatchMove{To: "won"}, false, "to", "field.choice"},
		{"backwards without a reason", StepNegotiation, "", MatchMove{To: StepMeeting}, false, "note", "pipeline.reason_needed"},
		{"backwards with a reason", StepNegotiation, "", MatchMove{To: StepMeeting, Note: "buyer wants a second tasting"}, false, "", ""},
		{"backwards past the consent", StepMeeting, "", MatchMove{To: StepIntroduced, Note: "again"}, false, "to", "pipeline.consent_kept"},
		{"lost without a reason", StepMeeting, "", MatchMove{To: StepLost}, false, "lost_reason", "pipeline.lost_reason"},
		{"lost with an unknown reason", StepMeeting, "", MatchMove{To: StepLost, LostReason: "weather"}, false, "lost_reason", "pipeline.lost_reason"},
		{"lost for price", StepNegotiation, "", MatchMove{To: StepLost, LostReason: "price"}, false, "", ""},
		{"a reason without losing", StepMeeting, "", MatchMove{To: StepSampleSent, LostReason: "price"}, false, "lost_reason", "pipeline.lost_only"},
		{"reopen where it was lost", StepLost, StepNegotiation, MatchMove{To: StepNegotiation, Note: "new price"}, false, "", ""},
		{"reopen elsewhere", StepLost, StepNegotiation, MatchMove{To: StepContract, Note: "x"}, false, "to", "pipeline.reopen_only"},
		{"reopen without a reason", StepLost, StepNegotiation, MatchMove{To: StepNegotiation}, false, "note", "pipeline.reason_needed"},
		{"contract without terms", StepNegotiation, "", MatchMove{To: StepContract}, false, "contract_value", "pipeline.contract_value"},
		{"contract", StepNegotiation, "", MatchMove{To: StepContract, Contract: contract}, false, "", ""},
		{"contract value without currency", StepNegotiation, "", MatchMove{To: StepContract,
			Contract: Contract{Value: 100, Quantity: 1, Unit: "kg", Terms: "EXW"}}, false, "contract_currency", "pipeline.contract_currency"},
		{"contract with an unknown currency", StepNegotiation, "", MatchMove{To: StepContract,
			Contract: Contract{Value: 100, Currency: "XXX", Quantity: 1, Unit: "kg", Terms: "EXW"}}, false, "contract_currency", "field.choice"},
		{"contract without quantity", StepNegotiation, "", MatchMove{To: StepContract,
			Contract: Contract{Value: 100, Currency: "IDR", Unit: "kg", Terms: "EXW"}}, false, "contract_quantity", "request.quantity_positive"},
		{"half a contract on another step", StepMeeting, "", MatchMove{To: StepSampleSent, Contract: Contract{Value: 5}}, false, "contract_currency", "pipeline.contract_currency"},
		{"shipped before a contract", StepNegotiation, "", MatchMove{To: StepShipped}, false, "to", "pipeline.contract_first"},
		{"shipped after the contract", StepContract, "", MatchMove{To: StepShipped}, false, "", ""},
		{"a note with a control character", StepMeeting, "", MatchMove{To: StepSampleSent, Note: "a\x07b"}, false, "note", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := &Match{Step: c.from, LostFrom: c.lostAt}
			mv := c.move
			err := CheckMove(m, &mv, c.byOwner)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("allowed; want %s", c.field)
			}
			for _, f := range e.Fields {
				if f.Field == c.field && (c.key == "" || f.Key == c.key) {
					return
				}
			}
			t.Fatalf("problems %+v; want %s %s", e.Fields, c.field, c.key)
		})
	}
}

func TestApplyMove(t *testing.T) {
	at := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	m := &Match{Step: StepNegotiation}
	m.Apply(MatchMove{To: StepLost, LostReason: "price"}, at)
	if m.Step != StepLost || m.LostFrom != StepNegotiation || m.LostReason != "price" || !m.StepAt.Equal(at) {
		t.Fatalf("lost: %+v", m)
	}
	m.Apply(MatchMove{To: StepNegotiation, Note: "back"}, at)
	if m.LostFrom != "" || m.LostReason != "" {
		t.Fatalf("reopened keeps the loss: %+v", m)
	}
	c := Contract{Value: 1, Currency: "IDR", Quantity: 1, Unit: "kg", Terms: "EXW"}
	m.Apply(MatchMove{To: StepContract, Contract: c}, at)
	m.Apply(MatchMove{To: StepShipped}, at)
	if m.Contract != c {
		t.Fatalf("contract not kept: %+v", m.Contract)
	}
}

func TestMatchScopesAndContact(t *testing.T) {
	lampung, metro := "18", "18.72"
	inMetro := &Enterprise{ID: 7, ProvinceCode: lampung, RegencyCode: metro}
	elsewhere := &Enterprise{ID: 8, ProvinceCode: lampung, RegencyCode: "18.71"}
	introduced := &Match{EnterpriseID: 7, OrgID: 3, Step: StepIntroduced}
	accepted := &Match{EnterpriseID: 7, OrgID: 3, Step: StepAccepted}
	shortlisted := &Match{EnterpriseID: 7, OrgID: 3, Step: StepShortlisted}
	declined := &Match{EnterpriseID: 7, OrgID: 3, Step: StepLost, LostFrom: StepIntroduced}
	dropped := &Match{EnterpriseID: 7, OrgID: 3, Step: StepLost, LostFrom: StepShortlisted}
	officer := Actor{Role: RoleOfficer, RegionCode: metro, OrgID: 1}
	owner := Actor{Role: RoleOwner, EnterpriseID: 7}
	buyer := Actor{Role: RoleBuyer, OrgID: 3}
	otherBuyer := Actor{Role: RoleBuyer, OrgID: 4}
	for _, c := range []struct {
		name string
		a    Actor
		m    *Match
		e    *Enterprise
		in   bool
	}{
		{"regency officer, own region", officer, shortlisted, inMetro, true},
		{"regency officer, other region", officer, shortlisted, elsewhere, false},
		{"owner, introduced", owner, introduced, inMetro, true},
		{"owner, not yet introduced", owner, shortlisted, inMetro, false},
		{"owner, another enterprise", owner, introduced, elsewhere, false},
		{"buyer, own request", buyer, introduced, inMetro, true},
		{"buyer, shortlist hidden", buyer, shortlisted, inMetro, false},
		{"buyer, declined introduction", buyer, declined, inMetro, true},
		{"buyer, dropped from the shortlist", buyer, dropped, inMetro, false},
		{"another buyer", otherBuyer, introduced, inMetro, false},
		{"trainer", Actor{Role: RoleTrainer}, introduced, inMetro, false},
		{"validator", Actor{Role: RoleValidator}, shortlisted, elsewhere, true},
	} {
		if got := MatchScopeOf(c.a).Contains(c.m, c.e); got != c.in {
			t.Errorf("%s: in scope %v, want %v", c.name, got, c.in)
		}
	}
	if SeesContact(buyer, introduced, inMetro) || !SeesContact(buyer, accepted, inMetro) || SeesContact(otherBuyer, accepted, inMetro) {
		t.Error("a buyer sees the contact only after consent, of its own request")
	}
	if !SeesContact(officer, introduced, inMetro) || SeesContact(officer, introduced, elsewhere) || SeesContact(Actor{Role: RoleViewer}, accepted, inMetro) {
		t.Error("officers see their region's contacts, viewers none")
	}
	if !CanMoveMatch(owner, introduced, StepAccepted) || CanMoveMatch(owner, introduced, StepMeeting) {
		t.Error("an owner answers its introduction")
	}
	if CanMoveMatch(buyer, introduced, StepAccepted) || !CanMoveMatch(buyer, accepted, StepMeeting) || CanMoveMatch(buyer, accepted, StepIntroduced) {
		t.Error("a buyer moves its matches after consent only")
	}
	if CanMoveMatch(Actor{Role: RoleViewer}, accepted, StepMeeting) || !CanMoveMatch(Actor{Role: RoleValidator}, shortlisted, StepIntroduced) {
		t.Error("viewers read; validators introduce")
	}
}

func TestWhatsAppLink(t *testing.T) {
	for _, c := range []struct{ phone, text, want string }{
		{"0812-3456-7890", "Halo & selamat pagi", "https://wa.me/6281234567890?text=Halo%20%26%20selamat%20pagi"},
		{"+62 812 3456 7890", "", "https://wa.me/6281234567890"},
		{"62721123456", "a+b?", "https://wa.me/62721123456?text=a%2Bb%3F"},
	} {
		got, err := WhatsAppLink(c.phone, c.text)
		if err != nil || got != c.want {
			t.Errorf("%q: %q %v, want %q", c.phone, got, err, c.want)
		}
		if u, err := url.Parse(got); err != nil || u.Query().Get("text") != c.text {
			t.Errorf("%q: the text does not come back: %v", got, err)
		}
	}
	if _, err := WhatsAppLink("12", "x"); err == nil || !strings.Contains(KeyOf(err), "phone") {
		t.Errorf("a bad number: %v", err)
	}
}
