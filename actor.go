package siapekspor

import "context"

// Role is what a user may do; see docs/design.md, "Roles".
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleOfficer   Role = "officer"
	RoleValidator Role = "validator"
	RoleMentor    Role = "mentor"
	RoleTrainer   Role = "trainer"
	RoleBuyer     Role = "buyer"
	RoleOwner     Role = "owner"
	RoleViewer    Role = "viewer"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleValidator, RoleMentor, RoleTrainer, RoleBuyer, RoleOwner, RoleViewer}

// Actor is who is doing something: a signed-in user, a token, or the system
// itself (command line, migrations). It travels in the context so that the
// store can scope queries and write the audit log in the same transaction as
// the change.
type Actor struct {
	UserID int64  `json:"user_id,omitempty"`
	Label  string `json:"label"` // e-mail of the user, or "system"
	Role   Role   `json:"role,omitempty"`
	OrgID  int64  `json:"org_id,omitempty"`
	// RegionCode is the region of the actor's organisation (a regency office's
	// regency); "" for provincial and national bodies.
	RegionCode string `json:"region_code,omitempty"`
	// EnterpriseID is the enterprise an owner acts for.
	EnterpriseID int64 `json:"enterprise_id,omitempty"`
	// Mentored are the enterprises currently assigned to a mentor.
	Mentored   []int64 `json:"mentored,omitempty"`
	RemoteAddr string  `json:"remote_addr,omitempty"`
}

// SystemActor acts for the command line and start-up tasks.
var SystemActor = Actor{Label: "system", Role: RoleAdmin}

type actorKey struct{}

// WithActor returns a context carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or an anonymous actor (empty role).
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Label: "anonymous"}
}
