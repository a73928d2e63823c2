package store

import (
	"context"

	"github.com/siapekspor/siapekspor"
)

// EventParticipant reads one participant of an event the actor reads, as
// stored (the API merges a partial change into it; UpdateParticipant
// decides whether the actor may make it).
func (db *DB) EventParticipant(ctx context.Context, pid int64) (*siapekspor.Participant, error) {
	_, pt, err := db.participant(ctx, db.read, pid)
	return pt, err
}
