package match

import (
	"cmp"
	"slices"
	"time"

	"github.com/siapekspor/siapekspor"
)

// entry explains one candidate from its facts.
func (pl *plan) entry(p *Product, f *facts) Entry {
	e := Entry{ProductID: p.ID, EnterpriseID: p.Enterprise.ID, RegencyCode: p.Enterprise.RegencyCode}
	for i, id := range Factors {
		if !pl.included[i] {
			continue
		}
		x := Factor{ID: id, Value: pl.value(i, p, f), Score: f.s[i], Weight: pl.infos[i].Weight, Share: pl.share[i]}
		x.Points = x.Share * x.Score / 100
		e.Score += x.Points
		e.Factors = append(e.Factors, x)
	}
	return e
}

// value says a factor's figures in words.
func (pl *plan) value(i int, p *Product, f *facts) []Message {
	e, r := p.Enterprise, pl.req
	unit := Label("unit." + string(pl.need.Unit))
	switch i {
	case iFit:
		var out []Message
		if pl.hs != "" {
			switch f.hsDigits {
			case -1:
				out = append(out, msg("match.value.hs_none"))
			case 0:
				out = append(out, msg("match.value.hs_differs", p.HSCode, pl.hs))
			default:
				out = append(out, msg("match.value.hs_match", f.hsDigits, p.HSCode))
			}
		}
		if len(pl.words) > 0 {
			out = append(out, msg("match.value.words", f.found, len(pl.words)))
		}
		return out
	case iCapacity:
		switch f.capState {
		case capNone:
			return []Message{msg("match.value.capacity_none")}
		case capUnit:
			return []Message{msg("match.value.capacity_unit", quantity(p.CapacityPerMonth), Label("unit."+string(p.Unit)), unit)}
		}
		out := []Message{msg("match.value.capacity_cover", quantity(f.capacity), unit, percent(f.cover), quantity(pl.need.PerMonth), unit)}
		if f.minOrder > 0 {
			out = append(out, msg("match.value.min_order_above", quantity(f.minOrder), unit, quantity(r.Quantity), unit))
		}
		return out
	case iCertificates:
		met := len(pl.certs) - onesCount(f.certMissing|f.certExpired)
		return []Message{msg("match.value.certificates", met, len(pl.certs), pl.day.Format(time.DateOnly))}
	case iValidation:
		return []Message{msg("match.value.validation", Label("validation."+string(cmp.Or(p.Validation, siapekspor.ValidationDraft))))}
	case iReadiness:
		if !assessed(e.Level) {
			return []Message{msg("match.value.readiness_none")}
		}
		return []Message{msg("match.value.readiness", Label("level."+string(e.Level)), siapekspor.Count(round(f.s[iReadiness])))}
	case iRestrictions:
		if p.HSCode == "" {
			return []Message{msg("match.value.restrictions_unknown")}
		}
		if len(f.restr) == 0 {
			return []Message{msg("match.value.restrictions_none")}
		}
		var out []Message
		for _, x := range f.restr {
			out = append(out, msg("match.value.restriction", Label("market.restriction."+string(pl.restr[x].Kind)), pl.restr[x].ID))
		}
		return out
	case iDistance:
		if !e.Point.Known {
			return []Message{msg("match.value.distance_unknown")}
		}
		return []Message{msg("match.value.distance", siapekspor.Count(round(f.km)))}
	case iLocal:
		switch {
		case e.RegencyCode == "":
			return []Message{msg("match.value.local_unknown")}
		case f.local == 2:
			return []Message{msg("match.value.local_regency")}
		case f.local == 1:
			return []Message{msg("match.value.local_province")}
		}
		return []Message{msg("match.value.local_other")}
	case iPerformance:
		h := e.History
		if h == (History{}) {
			return []Message{msg("match.value.performance_none")}
		}
		return []Message{msg("match.value.performance", siapekspor.Count(h.Accepted), siapekspor.Count(h.Declined),
			siapekspor.Count(h.Contracts), siapekspor.Count(h.Shipped), siapekspor.Count(h.Lost))}
	}
	return nil
}

// gaps lists the hard requirements a near miss breaks and what closes each.
func (pl *plan) gaps(p *Product, f *facts) []Gap {
	var out []Gap
	r := pl.req
	for j, t := range pl.certs {
		g := Gap{Certificate: t, Action: openCase(caseFor(t))}
		switch {
		case f.certMissing&(1<<j) != 0:
			g.Rule, g.Message = RuleCertificateMissing, msg("match.gap.certificate_missing", Label("cert."+string(t)))
		case f.certExpired&(1<<j) != 0:
			g.Rule, g.Message = RuleCertificateExpires, msg("match.gap.certificate_expires", Label("cert."+string(t)),
				lastExpiry(t, p.Certificates, p.Enterprise.Certificates).Format(time.DateOnly), pl.day.Format(time.DateOnly))
		default:
			continue
		}
		out = append(out, g)
	}
	switch {
	case f.fails&(1<<ruleCapacityShort) != 0:
		out = append(out, Gap{Rule: RuleCapacityShort, Message: msg("match.gap.capacity_short", percent(f.cover), siapekspor.Count(round(r.MinCapacityPct))),
			Action: openCase("capacity")})
	case f.fails&(1<<ruleCapacityUnknown) != 0:
		out = append(out, Gap{Rule: RuleCapacityUnknown, Message: msg("match.gap.capacity_unknown", Label("unit."+string(pl.need.Unit))),
			Action: Action{Kind: ActionUpdateProduct, Message: msg("match.action.update_product")}})
	}
	if f.fails&(1<<ruleNotValidated) != 0 {
		g := Gap{Rule: RuleNotValidated, Message: msg("match.gap.not_validated", Label("validation."+string(cmp.Or(p.Validation, siapekspor.ValidationDraft))))}
		g.Action = Action{Kind: ActionSubmitValidation, Message: msg("match.action.submit_validation")}
		if p.Validation == siapekspor.ValidationSubmitted {
			g.Action = Action{Kind: ActionReviewValidation, Message: msg("match.action.review_validation")}
		}
		out = append(out, g)
	}
	return out
}

func openCase(k siapekspor.CaseKind) Action {
	return Action{Kind: ActionOpenCase, CaseKind: k, Message: msg("match.action.open_case", Label("case."+string(k)))}
}

// caseFor is the assistance case that helps obtain a certificate.
func caseFor(t siapekspor.CertificateType) siapekspor.CaseKind {
	switch t {
	case siapekspor.CertHalal:
		return "cert_halal"
	case siapekspor.CertBPOMMD, siapekspor.CertBPOMML:
		return "cert_bpom"
	case siapekspor.CertPIRT:
		return "cert_pirt"
	}
	return "cert_other"
}

// lastExpiry is the latest expiry among the held certificates meeting t.
func lastExpiry(t siapekspor.CertificateType, lists ...[]Cert) time.Time {
	var last time.Time
	for _, list := range lists {
		for _, c := range list {
			if (c.Type == t || t == siapekspor.CertPIRT && c.Type == siapekspor.CertBPOMMD) && c.ExpiresOn.After(last) {
				last = c.ExpiresOn
			}
		}
	}
	return last
}

func round(v float64) int64 { return int64(v + 0.5) }

// percent is a ratio as a whole percentage for a message.
func percent(ratio float64) siapekspor.Count { return siapekspor.Count(round(100 * ratio)) }

// Explain lists an entry's reasons as messages: its gaps first, then each
// factor's value, the factors giving most points first, then its flags.
func (e *Entry) Explain() []Message {
	var out []Message
	for _, g := range e.Gaps {
		out = append(out, g.Message, g.Action.Message)
	}
	fs := slices.Clone(e.Factors)
	slices.SortStableFunc(fs, func(a, b Factor) int { return cmp.Compare(b.Points, a.Points) })
	for _, f := range fs {
		out = append(out, f.Value...)
	}
	return append(out, e.Flags...)
}

// Printer writes messages and numbers in one language; i18n.Printer is one.
type Printer interface {
	T(key string, args ...any) string
	Dec1(v float64) string
}

// Lines writes an entry factor by factor, as the command line prints it:
// its score (a near miss's as it stands), then one line per factor (label: value — score × share =
// points), then its gaps with their actions, then its flags.
func (e *Entry) Lines(p Printer) []string {
	out := []string{p.T("match.explain.total", p.Dec1(e.Score))}
	if len(e.Gaps) > 0 {
		out[0] = p.T("match.explain.near_miss", p.Dec1(e.Score))
	}
	for _, f := range e.Factors {
		out = append(out, p.T("match.explain.factor", p.T("match.factor."+string(f.ID)), join(p, f.Value),
			p.Dec1(f.Score), p.Dec1(f.Share), p.Dec1(f.Points)))
	}
	for _, g := range e.Gaps {
		out = append(out, p.T("match.explain.gap", g.Message.Render(p.T), g.Action.Message.Render(p.T)))
	}
	for _, m := range e.Flags {
		out = append(out, m.Render(p.T))
	}
	return out
}

func join(p Printer, ms []Message) string {
	s := ""
	for i, m := range ms {
		if i > 0 {
			s += "; "
		}
		s += m.Render(p.T)
	}
	return s
}
