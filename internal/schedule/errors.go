package schedule

import (
	"fmt"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// Message keys of the input errors (internal/i18n/locales/*/schedule.json).
const (
	ErrInvalid             = "schedule.error.invalid"              // the summary of InputErrors
	ErrNoSlots             = "schedule.error.no_slots"             //
	ErrSlotID              = "schedule.error.slot_id"              // args: slot
	ErrSlotEmpty           = "schedule.error.slot_empty"           // args: slot
	ErrSlotsOverlap        = "schedule.error.slots_overlap"        // args: slot, slot
	ErrBreakEmpty          = "schedule.error.break_empty"          // args: break
	ErrSlotInBreak         = "schedule.error.slot_in_break"        // args: slot, break
	ErrNoTables            = "schedule.error.no_tables"            //
	ErrParticipantID       = "schedule.error.participant_id"       // args: participant
	ErrMaxNegative         = "schedule.error.max_negative"         // args: participant
	ErrUnavailable         = "schedule.error.unavailable"          // args: participant
	ErrRequestID           = "schedule.error.request_id"           // args: request ID
	ErrUnknownEnterprise   = "schedule.error.unknown_enterprise"   // args: request ID, enterprise ID
	ErrUnknownBuyer        = "schedule.error.unknown_buyer"        // args: request ID, buyer ID
	ErrPriority            = "schedule.error.priority"             // args: request ID, priority
	ErrScore               = "schedule.error.score"                // args: request ID, score
	ErrPinUnknownRequest   = "schedule.error.pin_unknown_request"  // args: request ID
	ErrPinTwice            = "schedule.error.pin_twice"            // args: request ID
	ErrPinPairTwice        = "schedule.error.pin_pair_twice"       // args: enterprise, buyer
	ErrPinUnknownSlot      = "schedule.error.pin_unknown_slot"     // args: request ID, slot ID
	ErrPinTable            = "schedule.error.pin_table"            // args: request ID, table, tables
	ErrPinUnavailable      = "schedule.error.pin_unavailable"      // args: participant, slot
	ErrPinNoCommonSlot     = "schedule.error.pin_no_common_slot"   // args: enterprise, buyer
	ErrPinPersonTwice      = "schedule.error.pin_person_twice"     // args: participant, slot
	ErrPinTableTwice       = "schedule.error.pin_table_twice"      // args: table, slot
	ErrPinSlotFull         = "schedule.error.pin_slot_full"        // args: slot, pins, tables
	ErrPinOverMax          = "schedule.error.pin_over_max"         // args: participant, pins, max
	ErrPinsUnplaceable     = "schedule.error.pins_unplaceable"     //
	ErrRule                = "schedule.error.rule"                 // args: rule
	ErrMeetingUnknown      = "schedule.error.meeting_unknown"      // Check; args: request ID
	ErrMeetingTwice        = "schedule.error.meeting_twice"        // Check; args: enterprise, buyer
	ErrMeetingSlot         = "schedule.error.meeting_slot"         // Check; args: request ID
	ErrMeetingTable        = "schedule.error.meeting_table"        // Check; args: request ID, table, tables
	ErrMeetingUnavailable  = "schedule.error.meeting_unavailable"  // Check; args: participant, slot
	ErrDoubleBooked        = "schedule.error.double_booked"        // Check; args: participant, slot
	ErrTableDoubleBooked   = "schedule.error.table_double_booked"  // Check; args: table, slot
	ErrOverMax             = "schedule.error.over_max"             // Check; args: participant, meetings, max
	ErrPinNotKept          = "schedule.error.pin_not_kept"         // Check; args: request ID
	ErrMeetingParticipants = "schedule.error.meeting_participants" // Check; args: request ID
)

// InputError is one problem of an event, as a message key with its
// arguments (every argument a string or an int, the same in every
// language). Field says where: "slots[2]", "enterprises[0]", "requests[5]",
// "pins[1]", "tables", "meetings[3]", "rule".
type InputError struct {
	Field string
	Key   string
	Args  []any
}

func (e *InputError) Error() string {
	return fmt.Sprintf("%s: %s %v", e.Field, e.Key, e.Args)
}

// InputErrors is every problem found; Solve and Check return it. It
// converts to a *siapekspor.Error (code invalid, one field error each)
// through errors.As, so the pages and the API show it like any other
// validation failure.
type InputErrors []*InputError

func (es InputErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return "schedule: " + strings.Join(parts, "; ")
}

// Has reports whether one of the problems has the key.
func (es InputErrors) Has(key string) bool {
	for _, e := range es {
		if e.Key == key {
			return true
		}
	}
	return false
}

// As lets errors.As find a *siapekspor.Error.
func (es InputErrors) As(target any) bool {
	p, ok := target.(**siapekspor.Error)
	if !ok {
		return false
	}
	var pr siapekspor.Problems
	for _, e := range es {
		pr.Add(e.Field, e.Key, e.Args...)
	}
	*p = &siapekspor.Error{Code: siapekspor.EInvalid, Key: ErrInvalid, Fields: pr}
	return true
}

func (es *InputErrors) add(field, key string, args ...any) {
	*es = append(*es, &InputError{Field: field, Key: key, Args: args})
}

func (es InputErrors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
