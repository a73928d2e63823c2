package mail_test

import (
	"bufio"
	"context"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/mail"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// fakeSMTP is a listener that speaks just enough SMTP (no TLS, no login)
// and keeps each message's recipients and data.
type fakeSMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []message
}

type message struct {
	from string
	to   []string
	data string
}

func newFakeSMTP(t *testing.T) *fakeSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

func (f *fakeSMTP) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(s string) { c.Write([]byte(s + "\r\n")) }
	say("220 fake ESMTP")
	var m message
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 fake")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = message{from: strings.Trim(strings.TrimSpace(line)[10:], "<>")}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = append(m.to, strings.Trim(strings.TrimSpace(line)[8:], "<>"))
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.data = b.String()
			f.mu.Lock()
			f.msgs = append(f.msgs, m)
			f.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (f *fakeSMTP) config() mail.Config {
	host, port, _ := net.SplitHostPort(f.ln.Addr().String())
	p, _ := strconv.Atoi(port)
	return mail.Config{Host: host, Port: p, From: "siapekspor@example.go.id"}
}

func (f *fakeSMTP) messages() []message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]message(nil), f.msgs...)
}

func TestSend(t *testing.T) {
	f := newFakeSMTP(t)
	if err := f.config().Send(context.Background(), []string{"sri@example.id"}, "Permintaan pembeli: keripik", "Halo\nBaris dua"); err != nil {
		t.Fatal(err)
	}
	got := f.messages()
	if len(got) != 1 || got[0].to[0] != "sri@example.id" || got[0].from != "siapekspor@example.go.id" ||
		!strings.Contains(got[0].data, "Subject: Permintaan pembeli: keripik") || !strings.Contains(got[0].data, "Halo\r\nBaris dua") ||
		!strings.Contains(got[0].data, "charset=utf-8") {
		t.Fatalf("%+v", got)
	}
	// Not configured: nothing is sent and nothing fails.
	if err := (mail.Config{}).Send(context.Background(), []string{"x@example.id"}, "s", "b"); err != nil {
		t.Fatal(err)
	}
	// A header injection through an address is refused.
	if err := f.config().Send(context.Background(), []string{"a@example.id\r\nBcc: b@example.id"}, "s", "b"); err == nil {
		t.Fatal("an address with a line break was sent")
	}
}

// TestNotifier: the introduction goes to the enterprise, the acceptance
// to the buyer's users; no other step sends anything.
func TestNotifier(t *testing.T) {
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	db := storetest.Open(t, "sqlite")
	f := newFakeSMTP(t)
	n := &mail.Notifier{Config: f.config(), Store: db, BaseURL: "https://siapekspor.example.go.id/"}
	org := &siapekspor.Organisation{Name: "PT Kantin Negara (sintetis)", Kind: siapekspor.OrgBUMN}
	e := &siapekspor.Enterprise{Name: "Keripik Bu Sri", LegalForm: siapekspor.LegalUD, RegencyCode: "18.71", OwnerName: "Sri", Email: "sri@example.id"}
	for _, err := range []error{db.CreateOrganisation(ctx, org), db.CreateEnterprise(ctx, e)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	buyer := &siapekspor.User{Email: "pembeli@example.id", Name: "Pembeli", Role: siapekspor.RoleBuyer, OrgID: org.ID}
	if err := db.CreateUser(ctx, buyer, ""); err != nil {
		t.Fatal(err)
	}
	p := &siapekspor.Product{EnterpriseID: e.ID, NameID: "Keripik Pisang", HSCode: "200899", Unit: "kg", CapacityPerMonth: 1200}
	if err := db.CreateProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	q := &siapekspor.BuyingRequest{Kind: siapekspor.RequestProcurement, OrgID: org.ID, Title: "Keripik rapat", Words: "keripik pisang",
		Quantity: 800, Unit: "kg", Frequency: "monthly", DeliveryRegion: "18.71", Status: siapekspor.RequestOpen}
	if err := db.CreateRequest(ctx, q); err != nil {
		t.Fatal(err)
	}
	list, err := db.Shortlist(ctx, q.ID, []int64{p.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	n.Moved(ctx, list[0]) // shortlisted: nothing
	m, err := db.MoveMatch(ctx, list[0].ID, siapekspor.MatchMove{To: siapekspor.StepIntroduced})
	if err != nil {
		t.Fatal(err)
	}
	n.Moved(ctx, m)
	n.Wait()
	owner := siapekspor.WithActor(ctx, siapekspor.Actor{Role: siapekspor.RoleOwner, EnterpriseID: e.ID, Label: "sri"})
	if m, err = db.AnswerIntroduction(owner, m.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	n.Moved(ctx, m)
	n.Wait()
	got := f.messages()
	if len(got) != 2 {
		t.Fatalf("%d messages: %+v", len(got), got)
	}
	if got[0].to[0] != "sri@example.id" || !strings.Contains(got[0].data, "Keripik rapat") ||
		!strings.Contains(got[0].data, "https://siapekspor.example.go.id/matches/") {
		t.Errorf("introduction: %+v", got[0])
	}
	if got[1].to[0] != "pembeli@example.id" || !strings.Contains(got[1].data, "Keripik Bu Sri") {
		t.Errorf("acceptance: %+v", got[1])
	}
	var none *mail.Notifier
	none.Moved(ctx, m) // a server without e-mail
	none.Wait()
}

// TestInquiryReceived: the buyer's acknowledgement in the page's language
// and English, with nothing the sender wrote; nothing when not configured.
func TestInquiryReceived(t *testing.T) {
	f := newFakeSMTP(t)
	n := &mail.Notifier{Config: f.config()}
	q := &siapekspor.Inquiry{ID: 7, Name: "Spam <a href=http://x>", Email: "aiko@example.jp", Message: "buy pills"}
	n.InquiryReceived(context.Background(), q, i18n.FR)
	n.Wait()
	got := f.messages()
	if len(got) != 1 || got[0].to[0] != "aiko@example.jp" || strings.Contains(got[0].data, "Spam") || strings.Contains(got[0].data, "pills") ||
		!strings.Contains(got[0].data, "Thank you for your inquiry") {
		t.Fatalf("%+v", got)
	}
	(&mail.Notifier{}).InquiryReceived(context.Background(), q, i18n.EN)
	var none *mail.Notifier
	none.InquiryReceived(context.Background(), q, i18n.EN)
}
