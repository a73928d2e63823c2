package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestSignInSaysWhy: a visitor sent to sign in from a page is told why,
// and one who comes to sign in of their own accord is not.
func TestSignInSaysWhy(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	rec := w.do(t, "anon", "GET", "/products?hs=0901", "", "")
	to := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || to != "/login?next=%2Fproducts%3Fhs%3D0901" {
		t.Fatalf("a signed-out visitor: %d %q", rec.Code, to)
	}
	for lang, why := range map[string]string{"id": "Silakan masuk untuk membuka halaman itu", "en": "Sign in to open that page"} {
		page := w.do(t, "anon", "GET", to+"&lang="+lang, "", "").Body.String()
		if !strings.Contains(page, why) || !strings.Contains(page, `name="next" value="/products?hs=0901"`) {
			t.Errorf("the sign-in page in %s does not say why or forgets where to go: %s", lang, firstLine(page))
		}
		if plain := w.do(t, "anon", "GET", "/login?lang="+lang, "", "").Body.String(); strings.Contains(plain, why) {
			t.Errorf("the plain sign-in page in %s says a page needs it", lang)
		}
	}
	// A wrong password keeps both.
	failed := w.do(t, "anon", "POST", "/login", url.Values{"email": {"viewer@example.id"}, "password": {"salah"}, "next": {"/products?hs=0901"}}.Encode(),
		"application/x-www-form-urlencoded").Body.String()
	if !strings.Contains(failed, "Silakan masuk untuk membuka halaman itu") || !strings.Contains(failed, `value="/products?hs=0901"`) {
		t.Errorf("after a wrong password: %s", firstLine(failed))
	}
}

// TestFirstPasswordLeadsOn: someone who signs in with a one-time password
// chooses their own, then lands on the page they came for (or the home
// page) with a word of welcome, not on the account page's token form; a
// later change of password goes back to the account.
func TestFirstPasswordLeadsOn(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	svc := auth.New(db, auth.Config{})
	form := "application/x-www-form-urlencoded"
	const once = "satu kali pakai saja"
	for i, c := range []struct{ next, lands string }{{"/products?hs=0901", "/products?hs=0901"}, {"", "/"}, {"https://evil.example/", "/"}} {
		email := "otp" + string(rune('a'+i)) + "@example.id"
		if _, err := svc.CreateUser(sysCtx, &siapekspor.User{Email: email, Role: siapekspor.RoleViewer, OrgID: w.users["viewer"].OrgID}, once); err != nil {
			t.Fatal(err)
		}
		var to string
		w.cookies[email], to = signInWith(t, w, email, once, c.next)
		if !strings.HasPrefix(to, "/account/password") {
			t.Fatalf("after a one-time password: %q", to)
		}
		page := w.do(t, email, "GET", to, "", "").Body.String()
		if !strings.Contains(page, "kata sandi sekali pakai") || !strings.Contains(page, `name="next" value="`+strings.ReplaceAll(c.lands, "&", "&amp;")+`"`) {
			t.Errorf("the password page for next=%q: %s", c.next, firstLine(page))
		}
		own := "kopi luwak dari liwa " + string(rune('a'+i))
		rec := w.do(t, email, "POST", "/account/password", url.Values{"current_password": {once}, "password": {own}, "password_again": {own},
			"next": {c.next}}.Encode(), form)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != c.lands {
			t.Errorf("after the first password (next=%q): %d %q, want %q", c.next, rec.Code, rec.Header().Get("Location"), c.lands)
		}
		var flash string
		for _, ck := range rec.Result().Cookies() {
			if ck.Name == "flash" {
				flash = ck.Value
			}
		}
		if flash != "password.chosen" {
			t.Errorf("the first password's flash: %q", flash)
		}
	}
	// A page asked for before the password was chosen is where it leads.
	if _, err := svc.CreateUser(sysCtx, &siapekspor.User{Email: "otpz@example.id", Role: siapekspor.RoleViewer, OrgID: w.users["viewer"].OrgID}, once); err != nil {
		t.Fatal(err)
	}
	w.cookies["otpz"], _ = signInWith(t, w, "otpz@example.id", once, "")
	if rec := w.do(t, "otpz", "GET", "/enterprises?regency=18.01", "", ""); rec.Header().Get("Location") != "/account/password?next=%2Fenterprises%3Fregency%3D18.01" {
		t.Errorf("a page before the first password: %q", rec.Header().Get("Location"))
	}
	// Welcome shown on the page it lands on.
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", w.cookies["viewer"]+"; flash=password.chosen")
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), "Kata sandi Anda tersimpan") {
		t.Error("the welcome is not shown")
	}
	// A later change goes back to the account page.
	rec = w.do(t, "viewer", "POST", "/account/password", url.Values{"current_password": {testPassword}, "password": {"lada putih muntok bangka"},
		"password_again": {"lada putih muntok bangka"}, "next": {"/products"}}.Encode(), form)
	if rec.Header().Get("Location") != "/account" {
		t.Errorf("a later change of password: %d %q", rec.Code, rec.Header().Get("Location"))
	}
}

// signInWith posts the login form and returns the session cookie and
// where the form leads.
func signInWith(t *testing.T, w *world, email, password, next string) (string, string) {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	if next != "" {
		form.Set("next", next)
	}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.SessionCookie && c.Value != "" {
			return c.Name + "=" + c.Value, rec.Header().Get("Location")
		}
	}
	t.Fatalf("sign-in of %s: %d", email, rec.Code)
	return "", ""
}
