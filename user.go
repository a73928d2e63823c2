package siapekspor

import (
	"context"
	_ "embed"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person who signs in. Every user belongs to one organisation and
// has one role.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	OrgID int64  `json:"org_id"`
	// MustChangePassword is set for one-time passwords (the first admin,
	// "user add"); the user changes it before anything else.
	MustChangePassword bool `json:"must_change_password"`
	// Service marks an account for scripts and integrations: it has no
	// password, never signs in, and acts only through API tokens an
	// operator makes for it (siapekspor user token).
	Service     bool       `json:"service"`
	Disabled    bool       `json:"disabled"`
	LastLoginAt *time.Time `json:"last_login_at"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`

	OrgName string `json:"org_name,omitempty"` // filled on read
	// Filled on read for the actor: the organisation's region and, for an
	// enterprise organisation, the enterprise.
	OrgRegion     string `json:"-"`
	OrgEnterprise int64  `json:"-"`
	// Mentored: for a mentor, the enterprises assigned to it, filled when
	// the user signs in or is authenticated.
	Mentored []int64 `json:"-"`
}

// Actor returns the actor a signed-in user acts as.
func (u *User) Actor() Actor {
	return Actor{UserID: u.ID, Label: u.Email, Role: u.Role, OrgID: u.OrgID, RegionCode: u.OrgRegion, EnterpriseID: u.OrgEnterprise, Mentored: u.Mentored}
}

// Validate checks a user's fields (not the password).
func (u *User) Validate() error {
	u.Name = collapseSpaces(u.Name)
	p := TextProblems(u)
	if e, err := NormalizeEmail(u.Email); err != nil {
		p.AddRule("email", err)
	} else {
		u.Email = strings.ToLower(e) // e-mail addresses sign in case-insensitively
	}
	if utf8.RuneCountInString(u.Name) > 200 {
		p.Add("name", "field.too_long", 200)
	}
	if !u.Role.Valid() {
		p.Add("role", "field.choice")
	}
	if u.OrgID == 0 {
		p.Add("org_id", "field.required")
	}
	return p.Err()
}

// MinPasswordLength follows NIST SP 800-63B's advice: length over
// composition rules, and a check against commonly used passwords.
const MinPasswordLength = 10

//go:embed internal_common_passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}()

// CheckPassword applies the password policy: at least 10 characters, at most
// 200, not a commonly used password (or one with digits tacked on), not the
// user's e-mail, and not one character repeated.
func CheckPassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	var p Problems
	switch {
	case n < MinPasswordLength:
		p.Add("password", "password.too_short", MinPasswordLength)
	case n > 200:
		p.Add("password", "field.too_long", 200)
	case isCommonPassword(password):
		p.Add("password", "password.common")
	case email != "" && strings.Contains(strings.ToLower(password), strings.ToLower(strings.Split(email, "@")[0])) && len(strings.Split(email, "@")[0]) >= 4:
		p.Add("password", "password.contains_email")
	case strings.Count(password, string([]rune(password)[0])) == n:
		p.Add("password", "password.common")
	}
	return p.Err()
}

func isCommonPassword(pw string) bool {
	low := strings.ToLower(pw)
	if commonPasswords[low] {
		return true
	}
	// "password2024", "indonesia123!": a common word with digits or symbols added.
	core := strings.TrimRight(low, "0123456789!@#$%.*_-")
	core = strings.TrimLeft(core, "0123456789!@#$%.*_-")
	return core != low && (commonPasswords[core] || len(core) < 4)
}

// UserService keeps accounts.
type UserService interface {
	User(ctx context.Context, id int64) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	ListUsers(ctx context.Context) ([]User, error)
}
