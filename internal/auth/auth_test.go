package auth

import (
	"strings"
	"testing"
	"time"
)

func TestHashAndCheck(t *testing.T) {
	h, err := HashPassword("kopi robusta liwa")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Fatalf("hash %q %v", h, err)
	}
	if ok, err := CheckPassword(h, "kopi robusta liwa"); !ok || err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if ok, _ := CheckPassword(h, "kopi robusta liwa!"); ok {
		t.Error("wrong password accepted")
	}
	if ok, _ := CheckPassword("", "anything"); ok {
		t.Error("an empty hash matched")
	}
	if _, err := CheckPassword("$argon2id$broken", "x"); err == nil {
		t.Error("a malformed hash was not reported")
	}
	h2, _ := HashPassword("kopi robusta liwa")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
}

func TestSecrets(t *testing.T) {
	s1, h1 := NewSecret(TokenPrefix)
	s2, _ := NewSecret(TokenPrefix)
	if s1 == s2 || !strings.HasPrefix(s1, "sek_") || len(s1) < 40 || HashSecret(s1) != h1 || strings.Contains(h1, s1) {
		t.Errorf("secrets %q %q %q", s1, s2, h1)
	}
	otp := NewOneTimePassword()
	if len(otp) != 24 || strings.ContainsAny(otp, "01ilo") {
		t.Errorf("one-time password %q", otp)
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(3, time.Minute, 10*time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.Fail("a", now)
	l.Fail("a", now.Add(2*time.Minute)) // the first has left the window
	if locked, _ := l.Locked("a", now.Add(2*time.Minute)); locked {
		t.Fatal("locked after failures spread out")
	}
	l.Fail("a", now.Add(2*time.Minute+time.Second))
	if !l.Fail("a", now.Add(2*time.Minute+2*time.Second)) {
		t.Fatal("not locked after 3 failures in the window")
	}
	if locked, until := l.Locked("a", now.Add(5*time.Minute)); !locked || !until.Equal(now.Add(12*time.Minute+2*time.Second)) {
		t.Errorf("locked %v until %v", locked, until)
	}
	if locked, _ := l.Locked("a", now.Add(13*time.Minute)); locked {
		t.Error("still locked after the lockout")
	}
	if locked, _ := l.Locked("b", now); locked {
		t.Error("another key is locked")
	}
}

// BenchmarkLogin is the cost of checking a password (the bulk of a login).
//
//	go test -run '^$' -bench Login -benchtime 20x ./internal/auth/
func BenchmarkLogin(b *testing.B) {
	h, _ := HashPassword("kopi robusta liwa")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ok, _ := CheckPassword(h, "kopi robusta liwa"); !ok {
			b.Fatal("refused")
		}
	}
}
