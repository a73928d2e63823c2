package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

// secureCookies tells whether the user reached us over HTTPS, directly or
// through a proxy that says so.
func (h *Handlers) secureCookies(r *http.Request) bool {
	return h.Proxies.HTTPS(r)
}

func (h *Handlers) setSession(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.secureCookies(r)})
}

// localPath keeps a redirect target on this site.
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// loginData is the sign-in form. Next is where to go after it; when it is
// a page of its own (a visitor was sent here from it), the form says that
// page needs signing in.
type loginData struct {
	Email, Next string
}

// LoginForm shows the sign-in form.
func (h *Handlers) LoginForm(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "login.title", "login")
	p.Data = loginData{Next: localPath(r.URL.Query().Get("next"))}
	h.R.Render(w, r, http.StatusOK, "login", p)
}

// Login checks the credentials and starts a session. Every failure shows
// the same message, so the page does not tell which e-mails have accounts.
func (h *Handlers) Login(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	email, next := strings.TrimSpace(r.PostForm.Get("email")), localPath(r.PostForm.Get("next"))
	secret, u, err := h.Auth.Login(r.Context(), email, r.PostForm.Get("password"), siapekspor.ActorFrom(r.Context()).RemoteAddr, r.UserAgent())
	if err != nil {
		p := NewPage(r, "login.title", "login")
		p.SetError(httpx.DomainError(r, h.Log, err))
		p.Data = loginData{Email: email, Next: next}
		h.R.Render(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), "login", p)
		return
	}
	h.setSession(w, r, secret)
	if u.MustChangePassword {
		next = passwordPath(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// Logout ends the session.
func (h *Handlers) Logout(w http.ResponseWriter, r *http.Request) {
	info := httpx.AuthFrom(r.Context())
	if info.SessionSecret != "" {
		if err := h.Auth.Logout(r.Context(), info.SessionSecret, info.User.ID); err != nil {
			h.R.Error(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
	Flash(w, r, "login.signed_out", "/login")
}

// LogoutEverywhere ends all of the user's sessions, this one too.
func (h *Handlers) LogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	u := httpx.AuthFrom(r.Context()).User
	if err := h.Store.DeleteUserSessions(r.Context(), u.ID); err != nil {
		h.R.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
	Flash(w, r, "login.signed_out_everywhere", "/login")
}

type accountData struct {
	User     *siapekspor.User
	Tokens   []store.APIToken
	NewToken string // shown once, right after it was made
	Now      time.Time
}

// Account shows the user's own account: password, tokens, sessions.
func (h *Handlers) Account(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, http.StatusOK, "", nil)
}

func (h *Handlers) renderAccount(w http.ResponseWriter, r *http.Request, status int, newToken string, err error) {
	u := httpx.AuthFrom(r.Context()).User
	p := NewPage(r, "account.title", "account")
	if err != nil {
		p.SetError(httpx.DomainError(r, h.Log, err))
	}
	tokens, lerr := h.Store.ListTokens(r.Context(), u.ID)
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p.Data = accountData{User: u, Tokens: tokens, NewToken: newToken, Now: time.Now()}
	h.R.Render(w, r, status, "account", p)
}

// passwordPath is the password page for a user who must choose a password
// before going on to next.
func passwordPath(next string) string {
	if next = localPath(next); next == "/" {
		return "/account/password"
	}
	return "/account/password?next=" + url.QueryEscape(next)
}

// passwordData is the password form: the user, and where a first password
// leads on to.
type passwordData struct {
	*siapekspor.User
	Next string
}

// PasswordForm asks for the current and a new password.
func (h *Handlers) PasswordForm(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "password.title", "account")
	p.Data = passwordData{User: httpx.AuthFrom(r.Context()).User, Next: localPath(r.URL.Query().Get("next"))}
	h.R.Render(w, r, http.StatusOK, "password", p)
}

// ChangePassword stores a new password; other sessions end. A user who
// replaced a one-time password goes on to the page they came for (the home
// page by default); one who changed theirs goes back to the account.
func (h *Handlers) ChangePassword(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	info := httpx.AuthFrom(r.Context())
	first, next := info.User.MustChangePassword, localPath(r.PostForm.Get("next"))
	// A mismatch is refused before anything changes.
	var err error
	if r.PostForm.Get("password") != r.PostForm.Get("password_again") {
		err = siapekspor.FieldInvalid("password_again", "password.mismatch")
	} else {
		err = h.Auth.ChangePassword(r.Context(), info.User, r.PostForm.Get("current_password"), r.PostForm.Get("password"), info.SessionSecret)
	}
	if err != nil {
		p := NewPage(r, "password.title", "account")
		p.SetError(httpx.DomainError(r, h.Log, err))
		p.Data = passwordData{User: info.User, Next: next}
		h.R.Render(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), "password", p)
		return
	}
	if first {
		Flash(w, r, "password.chosen", next)
		return
	}
	Flash(w, r, "password.changed", "/account")
}

// CreateToken makes an API token and shows it once.
func (h *Handlers) CreateToken(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u := httpx.AuthFrom(r.Context()).User
	days, _ := strconv.Atoi(r.PostForm.Get("days"))
	secret, _, err := h.Auth.CreateToken(r.Context(), u.ID, r.PostForm.Get("name"), r.PostForm.Get("scope"), time.Duration(days)*24*time.Hour)
	if err != nil {
		h.renderAccount(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), "", err)
		return
	}
	h.renderAccount(w, r, http.StatusOK, secret, nil)
}

// RevokeToken asks, then revokes one of the user's tokens.
func (h *Handlers) RevokeToken(w http.ResponseWriter, r *http.Request) {
	user := httpx.AuthFrom(r.Context()).User.ID
	id, err := httpx.ID(r, "id")
	var tokens []store.APIToken
	if err == nil {
		tokens, err = h.Store.ListTokens(r.Context(), user)
	}
	i := slices.IndexFunc(tokens, func(t store.APIToken) bool { return t.ID == id && t.RevokedAt == nil })
	if err == nil && i < 0 {
		err = siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.api_token")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if h.ask(w, r, confirmation{Nav: "account", Title: "confirm.token_revoke.title", Key: "confirm.token_revoke.question", Args: []any{tokens[i].Name, tokens[i].Prefix},
		Button: "token.revoke", Cancel: "/account"}) {
		return
	}
	if err := h.Store.RevokeToken(r.Context(), user, id); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "token.revoked", "/account")
}

type linkData struct {
	User    *siapekspor.User
	Purpose string
	Secret  string
}

// LinkForm opens a one-time invitation or reset link: set a password.
func (h *Handlers) LinkForm(w http.ResponseWriter, r *http.Request) {
	u, purpose, err := h.Auth.LinkUser(r.Context(), r.PathValue("secret"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "link.title."+purpose, "login")
	p.Data = linkData{User: u, Purpose: purpose, Secret: r.PathValue("secret")}
	h.R.Render(w, r, http.StatusOK, "link", p)
}

// LinkSetPassword sets the password through the link, then asks to sign in.
func (h *Handlers) LinkSetPassword(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	secret := r.PathValue("secret")
	u, purpose, err := h.Auth.LinkUser(r.Context(), secret)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if r.PostForm.Get("password") != r.PostForm.Get("password_again") {
		err = siapekspor.FieldInvalid("password_again", "password.mismatch")
	} else {
		ctx := siapekspor.WithActor(r.Context(), u.Actor())
		err = h.Auth.UseLink(ctx, secret, r.PostForm.Get("password"))
	}
	if err != nil {
		p := NewPage(r, "link.title."+purpose, "login")
		p.SetError(httpx.DomainError(r, h.Log, err))
		p.Data = linkData{User: u, Purpose: purpose, Secret: secret}
		h.R.Render(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), "link", p)
		return
	}
	Flash(w, r, "password.set", "/login")
}
