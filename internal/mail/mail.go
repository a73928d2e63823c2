// Package mail sends the deal pipeline's e-mails over SMTP when a server
// is configured, and does nothing when none is (the WhatsApp link and the
// in-app inbox work without it).
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Config is the SMTP server; no Host means no e-mail.
type Config struct {
	Host     string
	Port     int // default 587
	Username string
	Password string
	From     string
	// Timeout bounds one message's dialogue (default 20 s).
	Timeout time.Duration
}

// Enabled reports whether e-mail is configured.
func (c Config) Enabled() bool { return c.Host != "" && c.From != "" }

// Send writes one plain-text UTF-8 message. STARTTLS is used when the
// server offers it; the login only over TLS or to the local machine, as
// net/smtp's PLAIN authentication insists.
func (c Config) Send(ctx context.Context, to []string, subject, body string) error {
	if !c.Enabled() || len(to) == 0 {
		return nil
	}
	for _, a := range append([]string{c.From}, to...) {
		if strings.ContainsAny(a, "\r\n") {
			return errors.New("mail: a line break in an address")
		}
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	port := c.Port
	if port == 0 {
		port = 587
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(c.Host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer cl.Close()
	if ok, _ := cl.Extension("STARTTLS"); ok {
		if err := cl.StartTLS(&tls.Config{ServerName: c.Host}); err != nil {
			return err
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return err
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return err
	}
	for _, a := range to {
		if err := cl.Rcpt(a); err != nil {
			return err
		}
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	msg := "From: " + c.From + "\r\nTo: " + strings.Join(to, ", ") + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", subject) +
		"\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n") + "\r\n"
	if _, err := w.Write([]byte(msg)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// Notifier tells the two sides of a match what moved: the enterprise when
// it is introduced (to answer), the buyer's users when the owner accepted
// (the contact is open). It sends in the background; Wait waits for what
// was started (tests, shutdown).
type Notifier struct {
	Config Config
	Store  *store.DB
	Log    *slog.Logger
	// BaseURL starts the links in the messages ("https://siapekspor.example.go.id").
	BaseURL string
	wg      sync.WaitGroup
}

// Moved sends the news of a match that reached m.Step, if any is due and
// e-mail is configured. Safe on a nil Notifier.
func (n *Notifier) Moved(ctx context.Context, m *siapekspor.Match) {
	if n == nil || !n.Config.Enabled() || m == nil || (m.Step != siapekspor.StepIntroduced && m.Step != siapekspor.StepAccepted) {
		return
	}
	ctx = context.WithoutCancel(ctx)
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := n.send(ctx, m); err != nil && n.Log != nil {
			n.Log.WarnContext(ctx, "pipeline e-mail not sent", "match", m.ID, "err", err)
		}
	}()
}

// Wait waits for the messages started so far.
func (n *Notifier) Wait() {
	if n != nil {
		n.wg.Wait()
	}
}

func (n *Notifier) send(ctx context.Context, m *siapekspor.Match) error {
	owner, buyers, err := n.Store.MatchAddresses(ctx, m.ID)
	if err != nil {
		return err
	}
	link := strings.TrimSuffix(n.BaseURL, "/") + "/matches/" + strconv.FormatInt(m.ID, 10)
	// Both languages, Indonesian first: the reader's choice is not known.
	text := func(key string, args ...any) string {
		return i18n.T(i18n.ID, key, args...) + "\n\n" + i18n.T(i18n.EN, key, args...) + "\n\n" + link + "\n"
	}
	subject := i18n.T(i18n.ID, "pipeline.mail.subject", m.RequestTitle)
	switch {
	case m.Step == siapekspor.StepIntroduced && owner != "":
		return n.Config.Send(ctx, []string{owner}, subject, text("pipeline.mail.introduced", m.RequestTitle, m.OrgName, m.ProductName))
	case m.Step == siapekspor.StepAccepted && len(buyers) > 0:
		return n.Config.Send(ctx, buyers, subject, text("pipeline.mail.accepted", m.EnterpriseName, m.ProductName, m.RequestTitle))
	}
	return nil
}

// String describes the configuration without its password (logs).
func (c Config) String() string {
	if !c.Enabled() {
		return "e-mail off"
	}
	return fmt.Sprintf("e-mail via %s:%d as %s", c.Host, c.Port, c.From)
}
