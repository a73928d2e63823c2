package auth

import (
	"context"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Config sets the session lifetimes and login limits.
type Config struct {
	IdleTimeout     time.Duration // a session unused this long ends (default 2 h)
	AbsoluteTimeout time.Duration // a session ends this long after login whatever happens (default 12 h)
	Now             func() time.Time
}

// Service signs users in and recognises them on later requests.
type Service struct {
	db       *store.DB
	cfg      Config
	accounts *Limiter // failures per e-mail
	addrs    *Limiter // failures per client address
}

// New returns the authentication service.
func New(db *store.DB, cfg Config) *Service {
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 2 * time.Hour
	}
	if cfg.AbsoluteTimeout == 0 {
		cfg.AbsoluteTimeout = 12 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{db: db, cfg: cfg,
		// Five wrong passwords for one account in 15 minutes lock it for 15;
		// twenty from one address lock the address (a shared office
		// connection makes the address limit the looser one).
		accounts: NewLimiter(5, 15*time.Minute, 15*time.Minute),
		addrs:    NewLimiter(20, 15*time.Minute, 15*time.Minute),
	}
}

// Config returns the service's settings.
func (s *Service) Config() Config { return s.cfg }

// SessionCookie is the cookie holding the session secret.
const SessionCookie = "siapekspor_session"

// Login checks an e-mail and password and starts a new session (a new id on
// every login, so a session id planted before login is worthless). Every
// failure gives the same error, so the answer does not tell whether an
// e-mail has an account.
func (s *Service) Login(ctx context.Context, email, password, remoteAddr, userAgent string) (string, *siapekspor.User, error) {
	now := s.cfg.Now()
	acctKey := strings.ToLower(strings.TrimSpace(email))
	if locked, until := s.accounts.Locked(acctKey, now); locked {
		return "", nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.locked", minutesUntil(now, until))
	}
	if locked, until := s.addrs.Locked(remoteAddr, now); locked {
		return "", nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.locked", minutesUntil(now, until))
	}
	id, hash, disabled, err := s.db.PasswordHash(ctx, acctKey)
	ok := false
	switch {
	case siapekspor.ErrorCodeOf(err) == siapekspor.ENotFound:
		CheckPassword(dummyHash(), password)
	case err != nil:
		return "", nil, err
	default:
		if ok, err = CheckPassword(hash, password); err != nil {
			return "", nil, err
		}
		ok = ok && !disabled
	}
	if !ok {
		s.accounts.Fail(acctKey, now)
		s.addrs.Fail(remoteAddr, now)
		ctx = siapekspor.WithActor(ctx, siapekspor.Actor{Label: "anonymous", RemoteAddr: remoteAddr})
		s.db.Audit(ctx, "login_failed", "user", id, map[string]any{"email": acctKey})
		return "", nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.failed")
	}
	s.accounts.Reset(acctKey)
	u, err := s.db.User(ctx, id)
	if err != nil {
		return "", nil, err
	}
	secret, idHash := NewSecret("")
	ctx = siapekspor.WithActor(ctx, siapekspor.Actor{UserID: u.ID, Label: u.Email, Role: u.Role, RemoteAddr: remoteAddr})
	err = s.db.CreateSession(ctx, store.Session{IDHash: idHash, UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.cfg.AbsoluteTimeout), RemoteAddr: remoteAddr, UserAgent: truncate(userAgent, 300)})
	if err != nil {
		return "", nil, err
	}
	return secret, u, nil
}

func minutesUntil(now, until time.Time) int {
	return int(until.Sub(now).Minutes()) + 1
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Authenticate returns the user of a session secret from a cookie.
func (s *Service) Authenticate(ctx context.Context, secret string) (*store.Session, *siapekspor.User, error) {
	if secret == "" {
		return nil, nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.session_expired")
	}
	return s.db.SessionUser(ctx, HashSecret(secret), s.cfg.Now(), s.cfg.IdleTimeout)
}

// TokenPrefix starts every API token, so that leaked tokens are easy to spot.
const TokenPrefix = "sek_"

// AuthenticateToken returns the token and user of a bearer token.
func (s *Service) AuthenticateToken(ctx context.Context, bearer string) (*store.APIToken, *siapekspor.User, error) {
	if !strings.HasPrefix(bearer, TokenPrefix) {
		return nil, nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.bad_token")
	}
	return s.db.TokenUser(ctx, HashSecret(bearer), s.cfg.Now())
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, secret string, userID int64) error {
	return s.db.DeleteSession(ctx, HashSecret(secret), userID)
}

// ChangePassword checks the current password and the policy, then stores
// the new one; the user's other sessions end.
func (s *Service) ChangePassword(ctx context.Context, u *siapekspor.User, current, next, sessionSecret string) error {
	_, hash, _, err := s.db.PasswordHash(ctx, u.Email)
	if err != nil {
		return err
	}
	if ok, err := CheckPassword(hash, current); err != nil {
		return err
	} else if !ok {
		return siapekspor.FieldInvalid("current_password", "password.wrong_current")
	}
	if current == next {
		return siapekspor.FieldInvalid("password", "password.same")
	}
	if err := siapekspor.CheckPassword(next, u.Email); err != nil {
		return err
	}
	newHash, err := HashPassword(next)
	if err != nil {
		return err
	}
	keep := ""
	if sessionSecret != "" {
		keep = HashSecret(sessionSecret)
	}
	return s.db.SetPassword(ctx, u.ID, newHash, false, keep)
}

// Token scopes.
const (
	ScopeRead      = "read"
	ScopeReadWrite = "read-write"
)

// CreateToken makes an API token for a user; the secret is returned once
// and only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, userID int64, name, scope string, ttl time.Duration) (string, *store.APIToken, error) {
	var p siapekspor.Problems
	name = strings.TrimSpace(name)
	if name == "" {
		p.Add("name", "field.required")
	} else if len(name) > 100 {
		p.Add("name", "field.too_long", 100)
	}
	if scope != ScopeRead && scope != ScopeReadWrite {
		p.Add("scope", "field.choice")
	}
	if ttl < time.Hour || ttl > 366*24*time.Hour {
		p.Add("expires", "token.ttl")
	}
	if err := p.Err(); err != nil {
		return "", nil, err
	}
	secret, hash := NewSecret(TokenPrefix)
	t := &store.APIToken{UserID: userID, Name: name, Scope: scope, Prefix: secret[:len(TokenPrefix)+6], ExpiresAt: s.cfg.Now().Add(ttl).Truncate(time.Second)}
	if err := s.db.CreateToken(ctx, t, hash); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// Link purposes and lifetimes.
const (
	LinkInvite = "invite"
	LinkReset  = "reset"
)

// NewLink makes a one-time link secret for a user: an invitation (valid 7
// days) or a password reset (valid 24 hours).
func (s *Service) NewLink(ctx context.Context, userID int64, purpose string) (string, error) {
	ttl := 24 * time.Hour
	if purpose == LinkInvite {
		ttl = 7 * 24 * time.Hour
	}
	secret, hash := NewSecret("")
	return secret, s.db.CreateUserLink(ctx, userID, purpose, hash, s.cfg.Now().Add(ttl))
}

// LinkUser returns the user a live link is for, and its purpose.
func (s *Service) LinkUser(ctx context.Context, secret string) (*siapekspor.User, string, error) {
	return s.db.LinkUser(ctx, HashSecret(secret), s.cfg.Now())
}

// UseLink sets a new password through a one-time link.
func (s *Service) UseLink(ctx context.Context, secret, password string) error {
	u, _, err := s.LinkUser(ctx, secret)
	if err != nil {
		return err
	}
	if err := siapekspor.CheckPassword(password, u.Email); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	_, err = s.db.UseUserLink(ctx, HashSecret(secret), s.cfg.Now(), hash)
	return err
}

// CreateUser registers a user. With a password, it is a one-time password
// the user must change at first login; without one, the user gets an
// invitation link to set a password (returned as its secret). A service
// account (u.Service) gets neither: it acts only through tokens.
func (s *Service) CreateUser(ctx context.Context, u *siapekspor.User, oneTimePassword string) (inviteSecret string, err error) {
	if u.Service {
		if oneTimePassword != "" {
			return "", siapekspor.Errorf(siapekspor.EInvalid, "user.service_no_password")
		}
		return "", s.db.CreateUser(ctx, u, "")
	}
	hash := ""
	if oneTimePassword != "" {
		if hash, err = HashPassword(oneTimePassword); err != nil {
			return "", err
		}
		u.MustChangePassword = true
	}
	if err := s.db.CreateUser(ctx, u, hash); err != nil {
		return "", err
	}
	if oneTimePassword != "" {
		return "", nil
	}
	return s.NewLink(ctx, u.ID, LinkInvite)
}

// FirstAdminEmail is the account created on the first start of an empty database.
const FirstAdminEmail = "admin@siapekspor.local"

// EnsureAdmin creates the first administrator, with a one-time password,
// when the database has no administrator (the demo's staff may exist). It returns the password when it
// made one, to be shown once.
func (s *Service) EnsureAdmin(ctx context.Context) (string, error) {
	n, err := s.db.CountAdmins(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	ctx = siapekspor.WithActor(ctx, siapekspor.SystemActor)
	org := &siapekspor.Organisation{Name: "Administrator SiapEkspor", Kind: siapekspor.OrgProvincialOffice}
	if err := s.db.CreateOrganisation(ctx, org); err != nil {
		return "", err
	}
	pw := NewOneTimePassword()
	u := &siapekspor.User{Email: FirstAdminEmail, Name: "Administrator", Role: siapekspor.RoleAdmin, OrgID: org.ID}
	if _, err := s.CreateUser(ctx, u, pw); err != nil {
		return "", err
	}
	return pw, nil
}

// RegisterBuyer stores a foreign buyer's self-registration with the
// password it chose (checked as every password is), disabled until an
// officer approves it. The registration's own fields are checked first, so
// that every problem is reported at once.
func (s *Service) RegisterBuyer(ctx context.Context, r *siapekspor.BuyerRegistration, password string) error {
	var p siapekspor.Problems
	if err := r.Validate(s.db.RequestRefs()); err != nil {
		if e, ok := siapekspor.AsError(err); ok {
			p = append(p, e.Fields...)
		} else {
			return err
		}
	}
	if err := siapekspor.CheckPassword(password, r.Email); err != nil {
		if e, ok := siapekspor.AsError(err); ok {
			p = append(p, e.Fields...)
		} else {
			return err
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.RegisterBuyer(ctx, r, hash)
}
