package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/readiness"
)

// Certificates: the permits a product needs (readiness.PermitsFor: PIRT or
// BPOM MD, halal) and the certificates destinations ask for (the shipped
// requirements catalogue: HACCP, FDA registration, health and
// phytosanitary certificates, certificates of origin). Exporters hold all
// of them and valid, so the market gap shows requirements met; enterprises
// ready to export and those further along hold some; the others few. Of
// the long-lived ones, one in sixteen expires within the warning window
// and one in eight has expired, so the expiring list and the gap's
// "expired" have something to show.

// certLife is how long a certificate of a type stays valid; 0: no expiry.
var certLife = map[siapekspor.CertificateType]time.Duration{
	siapekspor.CertPIRT: 5 * year, siapekspor.CertBPOMMD: 5 * year, siapekspor.CertHalal: 4 * year,
	siapekspor.CertHACCP: 3 * year, siapekspor.CertISO22000: 3 * year, siapekspor.CertOrganic: year,
	siapekspor.CertOrigin: 180 * 24 * time.Hour, siapekspor.CertHealth: 90 * 24 * time.Hour,
	siapekspor.CertPhytosanitary: 14 * 24 * time.Hour, siapekspor.CertFDA: 2 * year,
}

const year = 365 * 24 * time.Hour

var certIssuer = map[siapekspor.CertificateType]string{
	siapekspor.CertPIRT: "Dinas Kesehatan Kabupaten/Kota", siapekspor.CertBPOMMD: "Badan POM",
	siapekspor.CertHalal: "BPJPH Kementerian Agama", siapekspor.CertHACCP: "Lembaga Sertifikasi HACCP (demo)",
	siapekspor.CertISO22000: "Lembaga Sertifikasi ISO (demo)", siapekspor.CertOrganic: "Lembaga Sertifikasi Organik (demo)",
	siapekspor.CertOrigin: "Dinas Perdagangan Provinsi (e-SKA)", siapekspor.CertHealth: "Badan Karantina Indonesia",
	siapekspor.CertPhytosanitary: "Badan Karantina Indonesia", siapekspor.CertFDA: "U.S. Food and Drug Administration",
	siapekspor.CertExportReg: "Kementerian Perdagangan",
}

// certSpec is a certificate the story records at its time.
type certSpec struct {
	at   time.Time // recorded in the registry
	cert siapekspor.Certificate
}

// marketTypes lists the certificate types the shipped requirements ask of
// a product of an HS code, in a stable order.
func marketTypes(reqs []market.Requirement, hs string) []siapekspor.CertificateType {
	var out []siapekspor.CertificateType
	for _, r := range reqs {
		if !r.Covers(hs) {
			continue
		}
		for _, t := range r.CertificateTypes {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

// certPlanner makes the certificates of the story, numbered uniquely.
type certPlanner struct {
	rng         *rand.Rand
	today       time.Time
	start       time.Time // the registry's start: older certificates are recorded then
	reqs        []market.Requirement
	serial, all int
	out         []certSpec
}

// forEnterprise plans the certificates of one enterprise and its products:
// permits with probability permit, destinations' certificates with
// probability marketP; exporters hold everything, valid.
func (cp *certPlanner) forEnterprise(e *ent, products []prod, permit, marketP float64) {
	exporter := e.status == siapekspor.ExportFirst || e.status == siapekspor.ExportRegular
	held := map[siapekspor.CertificateType]bool{}
	for _, p := range products {
		for _, t := range readiness.PermitsFor(p.hs) {
			if exporter || cp.rng.Float64() < permit {
				pid := p.id
				cp.add(e, &pid, t, exporter)
			}
		}
		for _, t := range marketTypes(cp.reqs, p.hs) {
			if held[t] || t == siapekspor.CertHalal {
				continue // halal is a product's permit above
			}
			if exporter || cp.rng.Float64() < marketP {
				held[t] = true
				cp.add(e, nil, t, exporter)
			}
		}
	}
	if exporter {
		cp.add(e, nil, siapekspor.CertExportReg, true)
	}
}

// add plans one certificate. Long-lived ones (a year or more) fall in the
// expiry classes by their number; an exporter's are valid.
func (cp *certPlanner) add(e *ent, product *int64, t siapekspor.CertificateType, valid bool) {
	cp.serial++
	rng, today := cp.rng, cp.today
	c := siapekspor.Certificate{EnterpriseID: e.id, ProductID: product, Type: t, Issuer: certIssuer[t],
		Notes: "Sertifikat demo sintetis / synthetic demo certificate."}
	life := certLife[t]
	var issued time.Time
	switch {
	case t == siapekspor.CertFDA:
		// Food facility registrations end with every even year; they are
		// renewed from October of it.
		end := today.Year() + today.Year()%2
		exp := day(end, time.December, 31, 0)
		issued = day(end-2, time.October, 1+rng.IntN(60), 0)
		c.ExpiresOn = &exp
	case life == 0:
		issued = today.AddDate(0, 0, -60-rng.IntN(900))
	case life < year:
		// Per shipment: recent ones for exporters, older ones expired.
		issued = today.AddDate(0, 0, -2-rng.IntN(10))
		if !valid {
			issued = today.AddDate(0, 0, -2-rng.IntN(500))
		}
	default:
		cp.all++
		var exp time.Time
		switch n := cp.all % 16; {
		case valid || n > 2:
			exp = today.AddDate(0, 0, 100+rng.IntN(int(life/(24*time.Hour))-120))
		case n == 0: // expiring within the warning window
			exp = today.AddDate(0, 0, 3+rng.IntN(80))
		default: // expired
			exp = today.AddDate(0, 0, -10-rng.IntN(400))
		}
		issued = exp.Add(-life)
	}
	issued = time.Date(issued.Year(), issued.Month(), issued.Day(), 0, 0, 0, 0, time.UTC)
	if c.ExpiresOn == nil && life > 0 {
		exp := issued.Add(life)
		c.ExpiresOn = &exp
	}
	c.IssuedOn = &issued
	c.SelfDeclare = t == siapekspor.CertHalal && e.size == siapekspor.SizeMicro && rng.IntN(3) > 0
	c.Number = certNumber(t, e, cp.serial)
	at := issued.Add(2*24*time.Hour + 10*time.Hour)
	if at.Before(cp.start) {
		at = cp.start.Add(24 * time.Hour) // held before the registry began: recorded when it did
	}
	if at.After(today) {
		at = today
	}
	cp.out = append(cp.out, certSpec{at: at, cert: c})
}

// certNumber makes a number in the shape of the type's real ones.
func certNumber(t siapekspor.CertificateType, e *ent, serial int) string {
	switch t {
	case siapekspor.CertPIRT: // 15 digits: type, district, serial
		return fmt.Sprintf("2%s%08d", strings.ReplaceAll(e.district, ".", ""), serial)
	case siapekspor.CertHalal:
		return fmt.Sprintf("ID%s%012d", e.district[:2], serial)
	case siapekspor.CertBPOMMD:
		return fmt.Sprintf("MD %012d", 200000000000+serial)
	}
	return fmt.Sprintf("%s-DEMO-%06d", strings.ToUpper(string(t)), serial)
}
