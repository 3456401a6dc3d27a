package supplies

import "time"

// The kinds of Event.
const (
	EventProposed   = "proposed"   // an organiser's group buy waits for approval (admins told)
	EventOpened     = "opened"     // published: announce to the audience
	EventPromoted   = "promoted"   // a waiting sign-up got stock (the household told)
	EventClosed     = "closed"     // cut-off passed: totals to the organiser; Households: those served
	EventNotServed  = "not_served" // closed while still waiting (the household told)
	EventCancelled  = "cancelled"  // by someone, or below the minimum: every signed-up household told
	EventClaimed    = "batch_claimed"
	EventReleased   = "batch_released"
	EventAtDoor     = "at_door"     // a parcel delivered to the door (the household told)
	EventNobodyHome = "nobody_home" // the volunteer found no one (the household told)
	EventHomeAgain  = "home_again"  // a household found not home is back (the batch's claimer told)
	EventSlotSoon   = "slot_soon"   // pickup: the building's slot, told on close
	EventSlotStart  = "slot_start"  // pickup: the building's slot has begun
	EventBatchLate  = "batch_late"  // a batch past its deadline (admins and organiser told)
	EventDone       = "done"        // every batch finished: the not-reached list
	// EventReachedLate: a household of a done round's not-reached list got its parcel after all;
	// Household is it, NotReached the list as it stands now (organiser and admins told).
	EventReachedLate = "reached_late"
)

// Event is something that happened to a round, for Options.Notify to tell people about. Which
// fields are set depends on Kind.
type Event struct {
	Kind       string
	Round      Round
	Actor      int64 // user id; 0 is the system (the cut-off, the sweep)
	At         time.Time
	Households []int64 // the households concerned (cancelled, not served, slot)
	Household  int64   // the one household (promoted, at door, nobody home, home again)
	Batch      Batch   // for batch events
	Holder     int64   // batch released: the volunteer who held it
	Reason     string  // cancelled: the reason; "minimum" when below the minimum
	Totals     []Total // closed: supplier totals
	NotReached []Reach // done: households not reached, vulnerable first
}

// ReasonMinimum is Event.Reason of a round cancelled at the cut-off for too few households.
const ReasonMinimum = "minimum"

// ReasonDeclined is Event.Reason of an organiser's proposal an admin declined.
const ReasonDeclined = "declined"
