// Package orders is the order domain: categories, orders and their state machine, the volunteer
// queues they are routed to, claims and the building blocks of the SLA sweep. It owns the orders
// and order_events tables and knows nothing of Telegram: callers pass who is acting (taken from the
// update's sender, never from button data) and the time, inside their own transaction.
//
// An order moves open → claimed → delivered → received. The household may cancel it before
// delivery; the claimer, an admin or the sweep may release a claim, which returns it to open; an
// open order may expire. Every change is one conditional UPDATE on (id, status, version) plus one
// row in order_events, so of two volunteers pressing Claim at once exactly one wins. A refused
// change writes nothing, returns the order as it stands (so the caller can say who has it) and an
// error that errors.Is one of the sentinels; a failed one leaves nothing behind in the caller's
// transaction, even if the caller goes on to commit it.
package orders

import "time"

// Status is where an order stands.
type Status string

// The statuses of an order.
const (
	StatusOpen      Status = "open"      // waiting in its queue
	StatusClaimed   Status = "claimed"   // a volunteer has it
	StatusDelivered Status = "delivered" // the volunteer says it arrived
	StatusReceived  Status = "received"  // the household confirmed: done
	StatusCancelled Status = "cancelled" // withdrawn by the household before delivery
	StatusExpired   Status = "expired"   // open for too long: withdrawn by the system
)

// Finished reports whether nothing more can happen to an order in status s.
func (s Status) Finished() bool {
	return s == StatusReceived || s == StatusCancelled || s == StatusExpired
}

// Event kinds, as written to order_events and passed to Options.Notify.
const (
	EventPlaced    = "placed"
	EventClaimed   = "claimed"
	EventReleased  = "released" // claimed → open
	EventDelivered = "delivered"
	EventReceived  = "received"
	EventCancelled = "cancelled"
	EventExpired   = "expired"
	EventEscalated = "escalated" // stays open, marked escalated
	EventReopened  = "reopened"  // expired → open
	// EventUndelivered: delivered → claimed, back with its claimer; Detail is ReasonUndone or
	// ReasonNotReceived.
	EventUndelivered = "undelivered"
)

// Why a delivered order went back to its claimer (EventUndelivered's Detail).
const (
	ReasonUndone      = "undone"       // the claimer took back a "Delivered" pressed by mistake
	ReasonNotReceived = "not_received" // the household says it never came
)

// RecurDaily marks an order that repeats every day (livestock feeding, for one).
const RecurDaily = "daily"

// Order is one request for help. Zero times and a zero ClaimedBy mean "not (yet)".
type Order struct {
	ID           int64 // shown to people as #ID
	HouseholdID  int64
	PlacedBy     int64 // user id of the resident, relative or grid worker who placed it
	Zone         string
	Building     string
	Category     string
	Shape        Shape // the category's shape when the order was placed
	Items        string
	Quantity     string
	Urgent       bool
	AskedUrgent  bool // urgent by its category or the resident's word, not only by the household's default
	Vulnerable   bool // the household was vulnerable when the order was placed
	Prescription bool // medicine: a prescription (photo) exists
	// PrescriptionPhoto is the Telegram file id of the prescription the household sent, if any.
	PrescriptionPhoto string
	Note              string
	Recurring         string // "" or RecurDaily
	Status            Status
	Version           int64 // bumped by every change
	ClaimedBy         int64
	CreatedAt         time.Time
	ClaimedAt         time.Time
	DeliveredAt       time.Time
	ReceivedAt        time.Time
	CancelledAt       time.Time
	ExpiredAt         time.Time
	ClaimDeadline     time.Time // not claimed by then: escalate
	// DeliverDeadline is set when claimed: not delivered by then, remind and later release.
	DeliverDeadline time.Time
	Escalated       bool
	Rating          int // 1-5 from the household, 0 if none
	Comment         string
	DeliveryPhoto   string // Telegram file id of the handoff photo
	Media           Media  // the voice message, audio or photo the order was made from, if any
}

// Media is a voice message, an audio file or a photo a resident made an order with. Only the
// claimer is sent it (it may say the address); cards before the claim only name it.
type Media struct {
	Kind    string // "", MediaVoice, MediaAudio or MediaPhoto
	File    string // its Telegram file id
	Seconds int    // the length of a voice message or audio
}

// The kinds of media an order may carry.
const (
	MediaVoice = "voice"
	MediaAudio = "audio"
	MediaPhoto = "photo"
)

// Event is one change of an order, as recorded in its trail.
type Event struct {
	OrderID int64
	Kind    string // one of the Event* constants
	From    Status // "" for EventPlaced
	To      Status
	Actor   int64 // user id; 0 is the system
	At      time.Time
	Detail  string
	// Order is the order after the change when the event is passed to Notify; Events leaves it
	// zero.
	Order Order
}
