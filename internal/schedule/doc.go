// Package schedule assigns the accepted meeting requests of a business-
// matching event to slots and tables. It is pure: no storage, no HTTP.
//
// Hard rules: nobody in two places at once, nobody over their maximum, at
// most one meeting per table and slot, participants only when they are
// there and never in a break, each pair at most once, and the organiser's
// pins kept. Weight of a meeting: priority factor (must 3, want 2, could 1)
// × match score (0–100). Rule (CoverFirst, the default): first as many
// enterprises as possible get a meeting, then the total weight is the
// largest — so no enterprise gets a second meeting, let alone a fourth,
// while another that could have one has none. WeightOnly drops the first
// aim.
//
// Solve reports the achieved weight beside upper bounds from a relaxation
// (the best b-matching of the requests ignoring slots, solved exactly as a
// min-cost flow). Check verifies any agenda; Diff lists who must be told
// of a change. docs/schedule-method.md has the method and its figures.
package schedule
