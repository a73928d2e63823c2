// Package match ranks the province's products (and their enterprises) for
// a buyer's request: a foreign buyer's buying request or a state-owned or
// private company's domestic procurement need. It is pure: inputs are plain
// structs the store fills, outputs are structs with message keys; it knows
// no HTTP and no SQL (TestPure checks).
//
// Every entry is explained like the market ranking: each factor shows its
// value in words, its 0–100 score, its weight and the points it gives, and
// the points add up to the score. Hard requirements exclude; an excluded
// candidate that misses only one or two requirements a mentor can help
// with is a near miss, listed with each gap and the action that closes it.
// An option spreads the shortlist across regencies with the training
// placement's cap rule (internal/placement.Spread).
//
// The method, its defaults and a worked example are in docs/match-method.md;
// example_test.go checks the example.
//
// Rank reads every candidate once (O(n), no allocation per candidate) and
// builds the explanation only for the entries it returns; Request.Filter
// says what the store may leave out before calling it.
package match
