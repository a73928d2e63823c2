package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/siapekspor/siapekspor"
)

var _ siapekspor.UserService = (*DB)(nil)

const userColumns = `u.id, u.email, u.name, u.role, u.org_id, u.must_change_password, u.service, u.disabled, u.last_login_at,
	u.created_at, u.updated_at, o.name, o.region_code, COALESCE(o.enterprise_id, 0)`

const userFrom = `FROM users u JOIN organisations o ON o.id = u.org_id`

func scanUser(s interface{ Scan(...any) error }) (*siapekspor.User, error) {
	var u siapekspor.User
	var last sql.NullTime
	if err := s.Scan(userDest(&u, &last)...); err != nil {
		return nil, err
	}
	finishUser(&u, last)
	return &u, nil
}

// userDest are the scan destinations of userColumns; finishUser completes
// the user after the scan.
func userDest(u *siapekspor.User, last *sql.NullTime) []any {
	return []any{&u.ID, &u.Email, &u.Name, &u.Role, &u.OrgID, &u.MustChangePassword, &u.Service, &u.Disabled, last,
		&u.CreatedAt, &u.UpdatedAt, &u.OrgName, &u.OrgRegion, &u.OrgEnterprise}
}

func finishUser(u *siapekspor.User, last sql.NullTime) {
	if last.Valid {
		t := last.Time.UTC()
		u.LastLoginAt = &t
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
}

// User returns one user.
func (db *DB) User(ctx context.Context, id int64) (*siapekspor.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` `+userFrom+` WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("user")
	}
	if err == nil && u.Role == siapekspor.RoleMentor {
		u.Mentored, err = db.mentoredBy(ctx, db.read, u.ID)
	}
	return u, err
}

// UserByEmail returns the user with an e-mail address (any case).
func (db *DB) UserByEmail(ctx context.Context, email string) (*siapekspor.User, error) {
	e, err := siapekspor.NormalizeEmail(email)
	if err != nil {
		return nil, notFound("user")
	}
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` `+userFrom+` WHERE u.email = $1`, lowerEmail(e)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("user")
	}
	return u, err
}

func lowerEmail(e string) string {
	b := []byte(e)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// ListUsers returns every user by e-mail.
func (db *DB) ListUsers(ctx context.Context) ([]siapekspor.User, error) {
	return db.users(ctx, "")
}

// UsersWithRole lists the enabled users of a role by e-mail: the mentors
// for the assignment form, the trainers a class can be given.
func (db *DB) UsersWithRole(ctx context.Context, role siapekspor.Role) ([]siapekspor.User, error) {
	return db.users(ctx, ` WHERE u.role = $1 AND NOT u.disabled`, string(role))
}

func (db *DB) users(ctx context.Context, where string, args ...any) ([]siapekspor.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` `+userFrom+where+` ORDER BY u.email`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// CountAdmins counts the admin accounts, enabled or not (the first start
// creates one when there are none, also when the demo made other users first).
func (db *DB) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&n)
	return n, err
}

// CreateUser validates and stores a user with a password hash ("" for an
// invited user who sets a password through a one-time link, and for a
// service account, which never has one).
func (db *DB) CreateUser(ctx context.Context, u *siapekspor.User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.Service && (passwordHash != "" || u.MustChangePassword) {
		return siapekspor.Errorf(siapekspor.EInvalid, "user.service_no_password")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkOrgForRole(ctx, tx, u); err != nil {
			return err
		}
		var exists int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = $1`, u.Email).Scan(&exists)
		if err != nil {
			return err
		}
		if exists > 0 {
			return &siapekspor.Error{Code: siapekspor.EConflict, Key: "error.validation",
				Fields: []siapekspor.FieldError{{Field: "email", Key: "user.email_taken"}}}
		}
		now := db.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, org_id, password_hash, must_change_password, service, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			u.Email, u.Name, u.Role, u.OrgID, passwordHash, u.MustChangePassword, u.Service, u.Disabled, now, now).Scan(&u.ID)
		if err != nil {
			return db.mapWriteError(err)
		}
		u.CreatedAt, u.UpdatedAt = now, now
		return db.audit(ctx, tx, "create", "user", u.ID, nil, u)
	})
}

// checkOrgForRole refuses an organisation that does not exist, and an owner
// whose organisation is not an enterprise (an owner acts for one enterprise).
func (db *DB) checkOrgForRole(ctx context.Context, q queryer, u *siapekspor.User) error {
	var kind siapekspor.OrgKind
	err := q.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, u.OrgID).Scan(&kind)
	var p siapekspor.Problems
	switch {
	case errors.Is(err, sql.ErrNoRows):
		p.Add("org_id", "org.unknown")
	case err != nil:
		return err
	case u.Role == siapekspor.RoleOwner && kind != siapekspor.OrgEnterprise:
		p.Add("role", "user.owner_needs_enterprise")
	}
	return p.Err()
}

// UpdateUser stores a user's name, role, organisation and disabled flag. A
// change of role, organisation or disabled is a permission change in the
// audit log; disabling signs the user out everywhere.
func (db *DB) UpdateUser(ctx context.Context, u *siapekspor.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` `+userFrom+` WHERE u.id = $1`, u.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("user")
		}
		if err != nil {
			return err
		}
		if err := db.checkOrgForRole(ctx, tx, u); err != nil {
			return err
		}
		now := db.now()
		_, err = tx.ExecContext(ctx, `UPDATE users SET name = $1, role = $2, org_id = $3, disabled = $4, updated_at = $5 WHERE id = $6`,
			u.Name, u.Role, u.OrgID, u.Disabled, now, u.ID)
		if err != nil {
			return err
		}
		if u.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
				return err
			}
		}
		action := "update"
		if before.Role != u.Role || before.OrgID != u.OrgID || before.Disabled != u.Disabled {
			action = "permission_change"
		}
		return db.audit(ctx, tx, action, "user", u.ID, before, u)
	})
}

// PasswordHash returns a user's id, password hash and whether it is disabled.
func (db *DB) PasswordHash(ctx context.Context, email string) (id int64, hash string, disabled bool, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT id, password_hash, disabled FROM users WHERE email = $1`, lowerEmail(email)).Scan(&id, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, notFound("user")
	}
	return id, hash, disabled, err
}

// SetPassword stores a new password hash and ends the user's other sessions
// (keepSession, a session id hash, survives: the one that changed it).
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, keepSession string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return db.setPassword(ctx, tx, userID, hash, mustChange, keepSession)
	})
}

func (db *DB) setPassword(ctx context.Context, tx *sql.Tx, userID int64, hash string, mustChange bool, keepSession string) error {
	if err := refuseService(ctx, tx, userID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4`,
		hash, mustChange, db.now(), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return notFound("user")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2`, userID, keepSession); err != nil {
		return err
	}
	return db.audit(ctx, tx, "password_change", "user", userID, nil, nil)
}

// Session is a signed-in browser.
type Session struct {
	IDHash     string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RemoteAddr string
	UserAgent  string
}

// CreateSession stores a new session and records the login.
func (db *DB) CreateSession(ctx context.Context, s Session) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, remote_addr, user_agent)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.IDHash, s.UserID, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC(), s.RemoteAddr, s.UserAgent)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, s.CreatedAt.UTC(), s.UserID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "login", "user", s.UserID, nil, map[string]any{"remote_addr": s.RemoteAddr})
	})
}

// SessionUser returns a live session and its enabled user. The session's
// last-seen time is refreshed at most once a minute, so reading pages does
// not turn into a write per request.
func (db *DB) SessionUser(ctx context.Context, idHash string, now time.Time, idle time.Duration) (*Session, *siapekspor.User, error) {
	// Every signed-in request asks: the session and its user in one query.
	var s Session
	u := &siapekspor.User{}
	var last sql.NullTime
	err := db.readQueryRow(ctx, `SELECT s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id WHERE s.id_hash = $1`, idHash).
		Scan(append([]any{&s.IDHash, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt}, userDest(u, &last)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.session_expired")
	}
	if err != nil {
		return nil, nil, err
	}
	if now.After(s.ExpiresAt) || now.Sub(s.LastSeenAt) > idle {
		db.touch(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
		return nil, nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.session_expired")
	}
	finishUser(u, last)
	if u.Role == siapekspor.RoleMentor {
		if u.Mentored, err = db.mentoredBy(ctx, db.read, u.ID); err != nil {
			return nil, nil, err
		}
	}
	if u.Disabled {
		return nil, nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.session_expired")
	}
	if now.Sub(s.LastSeenAt) > time.Minute {
		db.touch(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, now.UTC().Truncate(time.Second), idHash)
	}
	return &s, u, nil
}

// touchWait bounds a best-effort write behind another writer.
const touchWait = 250 * time.Millisecond

// touch runs a best-effort write, a session's or token's last-seen time:
// it waits at most touchWait for the write lock and its failure is ignored
// (the next request tries again). Reading a page then never waits out an
// import's write phase, nor — as when a failed refresh failed the sign-in —
// signs the user out for it.
func (db *DB) touch(ctx context.Context, query string, args ...any) {
	ctx, cancel := context.WithTimeout(ctx, touchWait)
	defer cancel()
	db.write.ExecContext(ctx, query, args...)
}

// DeleteSession ends one session (logout).
func (db *DB) DeleteSession(ctx context.Context, idHash string, userID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash); err != nil {
			return err
		}
		return db.audit(ctx, tx, "logout", "user", userID, nil, nil)
	})
}

// DeleteUserSessions ends every session of a user (logout everywhere).
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "logout_everywhere", "user", userID, nil, nil)
	})
}

// APIToken is a credential for integrations.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Scope      string     `json:"scope"` // read or read-write
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// CreateToken stores a token by its hash.
func (db *DB) CreateToken(ctx context.Context, t *APIToken, hash string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		t.CreatedAt = db.now()
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, scope, token_hash, prefix, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.UserID, t.Name, t.Scope, hash, t.Prefix, t.CreatedAt, t.ExpiresAt.UTC()).Scan(&t.ID)
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "api_token", t.ID, nil, t)
	})
}

func scanToken(s interface{ Scan(...any) error }) (*APIToken, error) {
	var t APIToken
	var used, revoked sql.NullTime
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, &t.Prefix, &t.CreatedAt, &t.ExpiresAt, &used, &revoked); err != nil {
		return nil, err
	}
	if used.Valid {
		t.LastUsedAt = &used.Time
	}
	if revoked.Valid {
		t.RevokedAt = &revoked.Time
	}
	return &t, nil
}

const tokenColumns = `id, user_id, name, scope, prefix, created_at, expires_at, last_used_at, revoked_at`

// TokenUser returns a live token and its enabled user.
func (db *DB) TokenUser(ctx context.Context, hash string, now time.Time) (*APIToken, *siapekspor.User, error) {
	t, err := scanToken(db.readQueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, hash))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (t.RevokedAt != nil || now.After(t.ExpiresAt))) {
		return nil, nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.bad_token")
	}
	if err != nil {
		return nil, nil, err
	}
	u, err := db.User(ctx, t.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.bad_token")
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		db.touch(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now.UTC().Truncate(time.Second), t.ID)
	}
	return t, u, nil
}

// ListTokens returns a user's tokens, newest first.
func (db *DB) ListTokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of a user's tokens.
func (db *DB) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, db.now(), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return notFound("api_token")
		}
		return db.audit(ctx, tx, "revoke", "api_token", tokenID, nil, nil)
	})
}

// CreateUserLink stores a one-time invite or reset link by its hash.
// Earlier unused links of the same user and purpose stop working.
func (db *DB) CreateUserLink(ctx context.Context, userID int64, purpose, hash string, expires time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := refuseService(ctx, tx, userID); err != nil {
			return err
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE user_links SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL`, now, userID, purpose); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_links (link_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			hash, userID, purpose, now, expires.UTC()); err != nil {
			return err
		}
		return db.audit(ctx, tx, purpose+"_link", "user", userID, nil, nil)
	})
}

// refuseService refuses to give a service account a password, or a link to
// set one: it acts only through tokens.
func refuseService(ctx context.Context, q queryer, userID int64) error {
	var service bool
	err := q.QueryRowContext(ctx, `SELECT service FROM users WHERE id = $1`, userID).Scan(&service)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFound("user")
	case err != nil:
		return err
	case service:
		return siapekspor.Errorf(siapekspor.EInvalid, "user.service_no_password")
	}
	return nil
}

// LinkUser returns the user of a live one-time link without using it.
func (db *DB) LinkUser(ctx context.Context, hash string, now time.Time) (*siapekspor.User, string, error) {
	var userID int64
	var purpose string
	var expires time.Time
	var used sql.NullTime
	err := db.read.QueryRowContext(ctx, `SELECT user_id, purpose, expires_at, used_at FROM user_links WHERE link_hash = $1`, hash).Scan(&userID, &purpose, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (used.Valid || now.After(expires))) {
		return nil, "", siapekspor.Errorf(siapekspor.ENotFound, "auth.link_invalid")
	}
	if err != nil {
		return nil, "", err
	}
	u, err := db.User(ctx, userID)
	return u, purpose, err
}

// UseUserLink sets the password through a one-time link and spends the link.
func (db *DB) UseUserLink(ctx context.Context, hash string, now time.Time, passwordHash string) (int64, error) {
	var userID int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE user_links SET used_at = $1 WHERE link_hash = $2 AND used_at IS NULL AND expires_at > $3`, db.now(), hash, now.UTC())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return siapekspor.Errorf(siapekspor.ENotFound, "auth.link_invalid")
		}
		if err := tx.QueryRowContext(ctx, `SELECT user_id FROM user_links WHERE link_hash = $1`, hash).Scan(&userID); err != nil {
			return err
		}
		return db.setPassword(ctx, tx, userID, passwordHash, false, "")
	})
	return userID, err
}

// Audit records an event that is not a change of a stored record (a failed
// login, an export of personal data).
func (db *DB) Audit(ctx context.Context, action, entity string, entityID int64, detail any) error {
	return db.audit(ctx, db.write, action, entity, entityID, nil, detail)
}
