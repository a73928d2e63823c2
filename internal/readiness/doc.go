// Package readiness scores an enterprise's export readiness and places it
// in a training class (pemula, menengah, mahir).
//
// The questionnaire is data, not code: a versioned JSON document of
// dimensions (with relative weights), questions, options (with points and
// the action recommended when chosen) and class thresholds. Default is the
// built-in version 1 (default.json); admins store later versions, checked by
// Validate, and an assessment keeps the version it was scored with.
//
// Scoring: a dimension scores 100 × points earned / the sum of its
// questions' best points. The overall score is the weighted mean of the
// dimension scores, leaving out dimensions with zero weight or no
// questions. The class is decided on the overall score rounded to one
// decimal: ≥ Thresholds.Advanced mahir, ≥ Thresholds.Intermediate menengah,
// else pemula. Each answer's cost in overall points (Result.Lost) is its
// dimension's share × 100 × (best − chosen points) / the dimension's
// maximum, so Overall + Σ Lost = 100.
//
// Prefill answers questions from what the registry knows (Facts: NIB,
// export status, valid certificates, products). Score adds to the answers'
// actions the product-specific ones the facts imply: BPOM MD for goods PIRT
// cannot cover, PIRT for other processed food, halal for food and
// beverages (mandatory for micro and small firms from 17 October 2026,
// self-declare for micro firms), English labels, missing HS codes and
// capacities. The rules on HS chapters are approximations by HS code,
// which cannot tell fresh from processed or frozen goods.
package readiness
