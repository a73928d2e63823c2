// Package placement proposes participants for the classes of an export
// training programme: S stages (default 2) × the three classes pemula,
// menengah and mahir × N seats (default 20). An officer edits and confirms
// the proposal; Check applies the hard rules to the final classes.
//
// Propose keeps these rules:
//   - a candidate goes only into a class of its assessed level;
//   - existing members stay and count against the seats; no class goes over;
//   - no enterprise in two classes of one stage, and with OncePerProgramme
//     in no more than one stage;
//   - priority: not yet trained first, then higher score, then the older
//     assessment, then the lower enterprise ID, so the result is
//     deterministic;
//   - stage 1 is filled before stage 2 (classes in stage, then ID, order);
//   - regencies share fairly: while candidates of other regencies wait for
//     a class, no regency takes more than ceil(RegencyCap × seats) of its
//     seats (existing members count when they are in the pool). Seats that
//     would otherwise stay empty are filled past the cap, one more seat per
//     regency at a time, and the placement's reason says so.
//
// Candidates placed nowhere are returned as Waiting, in priority order.
package placement
