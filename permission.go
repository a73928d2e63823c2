package siapekspor

// Permission is what a route requires. Every route declares one; the
// server decides from it, in one place, whether an actor may pass.
type Permission string

const (
	// PermPublic: anyone, signed in or not.
	PermPublic Permission = "public"
	// PermReferenceRead: reference data (regions, HS codes); public, as the data is.
	PermReferenceRead Permission = "reference:read"
	// PermEnterpriseRead: the registry's lists and records.
	PermEnterpriseRead Permission = "enterprise:read"
	// PermEnterpriseWrite: registering, editing and deleting enterprises.
	PermEnterpriseWrite Permission = "enterprise:write"
)
