// Package antispam keeps robots off a public form without a CAPTCHA
// service: a signed time token (a form posted seconds after it was served,
// or days later, is not a person's), a honeypot field a person never sees,
// and rate limits per client address with bounded memory.
//
// It is a rule package: the standard library alone, no HTTP. The catalogue's
// inquiry handler issues a token with the form, checks it, the honeypot and
// the limiter on POST, and answers a refusal without saying which check
// failed.
package antispam

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// Why a token is refused.
var (
	ErrBadToken = errors.New("antispam: bad token")              // empty, garbage, tampered or signed with another secret
	ErrTooFast  = errors.New("antispam: form posted too fast")   // posted less than MinAge after it was served
	ErrExpired  = errors.New("antispam: form token has expired") // older than MaxAge
)

const (
	// DefaultMinAge: no person reads a product and writes an inquiry in
	// under three seconds; a robot posting straight after the GET does.
	DefaultMinAge = 3 * time.Second
	// DefaultMaxAge: a form left open overnight still posts.
	DefaultMaxAge = 24 * time.Hour

	tokenVersion = 1
	payloadLen   = 1 + 8 // version, issue time in Unix milliseconds (big-endian)
	macLen       = 16    // HMAC-SHA256 truncated to 128 bits
	rawLen       = payloadLen + macLen
)

var enc = base64.RawURLEncoding

// Tokens issues and checks form tokens: the time the form was served,
// signed with HMAC-SHA256 under a secret, as unpadded URL-safe base64. A
// token is not bound to one form or visitor and may be posted more than
// once within MaxAge; the rate limiter, not the token, stops a flood.
// Make one with NewTokens (a zero Tokens has no secret).
type Tokens struct {
	MinAge time.Duration // a form posted sooner is ErrTooFast (DefaultMinAge)
	MaxAge time.Duration // a form posted later is ErrExpired (DefaultMaxAge)
	secret []byte
}

// NewTokens returns Tokens signing with secret; a nil or empty secret gets a
// random one, so tokens stop being valid when the process restarts (a
// buyer whose form was served before a restart is asked to send it again).
func NewTokens(secret []byte) *Tokens {
	if len(secret) == 0 {
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			panic("antispam: no random secret: " + err.Error())
		}
	} else {
		secret = append([]byte(nil), secret...)
	}
	return &Tokens{MinAge: DefaultMinAge, MaxAge: DefaultMaxAge, secret: secret}
}

func (t *Tokens) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, t.secret)
	m.Write([]byte("siapekspor antispam form token\x00"))
	m.Write(payload)
	return m.Sum(nil)[:macLen]
}

// Issue returns a token holding now.
func (t *Tokens) Issue(now time.Time) string {
	b := make([]byte, payloadLen, rawLen)
	b[0] = tokenVersion
	binary.BigEndian.PutUint64(b[1:], uint64(now.UnixMilli()))
	return enc.EncodeToString(append(b, t.mac(b)...))
}

// Check reports whether token is one this Tokens issued between MaxAge and
// MinAge before now: nil, ErrBadToken, ErrTooFast or ErrExpired. It never
// panics, and a text of any other length than a token's (34 characters) is
// refused before it is decoded. A token issued after
// now (another server's clock ahead) counts as too fast.
func (t *Tokens) Check(token string, now time.Time) error {
	if len(token) != enc.EncodedLen(rawLen) {
		return ErrBadToken
	}
	b, err := enc.Strict().DecodeString(token)
	if err != nil || len(b) != rawLen || b[0] != tokenVersion {
		return ErrBadToken
	}
	if !hmac.Equal(b[payloadLen:], t.mac(b[:payloadLen])) {
		return ErrBadToken
	}
	issued := time.UnixMilli(int64(binary.BigEndian.Uint64(b[1:payloadLen])))
	age := now.Sub(issued)
	switch {
	case age < t.MinAge:
		return ErrTooFast
	case age > t.MaxAge:
		return ErrExpired
	}
	return nil
}

// Honeypot reports whether a robot filled the hidden field: any text but
// blanks. The field is hidden from people (off-screen, aria-hidden,
// tabindex -1, autocomplete off) so that only a form-filling robot writes
// in it.
func Honeypot(value string) bool { return strings.TrimSpace(value) != "" }
