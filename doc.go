// Package siapekspor is the domain of SiapEkspor, the system a provincial
// government uses to bring its small and medium enterprises (UMKM, IKM,
// cooperatives) to export markets.
//
// The package holds the entities, their validation and the pure rules (size
// classes, identifiers, money). It imports only the standard library: storage
// lives in internal/store, HTTP in internal/web, internal/api and
// internal/server, and the command line in cmd/siapekspor.
package siapekspor
