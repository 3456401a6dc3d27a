// Package supplies runs supply rounds: free distributions to every household of an audience
// (保供物资) and group buys (团购接龙) that households sign up for. It owns the rounds, their
// items, the sign-ups with stock and waiting lists, the cut-off that closes a round exactly once,
// the supplier totals and pick lists, and the per-building delivery batches volunteers claim.
//
// A round is draft → (approved) → open → closed → delivering → done, or cancelled. Every change
// is one conditional UPDATE in the caller's IMMEDIATE transaction, and the messages it causes are
// written through Options.Notify in that same transaction. The package knows nothing of Telegram.
package supplies

import (
	"context"
	"database/sql"
	"time"
)

// Kind is what a round is.
type Kind string

// The kinds of round.
const (
	Distribution Kind = "distribution" // free, every household of the audience, no sign-up
	GroupBuy     Kind = "groupbuy"     // households sign up; an organiser orders from a supplier
)

// Status is where a round stands.
type Status string

// The states of a round.
const (
	StatusDraft      Status = "draft"    // an organiser's group buy waiting for an admin
	StatusApproved   Status = "approved" // may be published
	StatusOpen       Status = "open"     // announced; sign-ups until the cut-off
	StatusClosed     Status = "closed"   // totals and batches made
	StatusDelivering Status = "delivering"
	StatusDone       Status = "done"
	StatusCancelled  Status = "cancelled"
)

// Handover says how the goods reach households.
type Handover string

// The hand-over modes.
const (
	Door   Handover = "door"   // volunteers carry them to each door
	Pickup Handover = "pickup" // households fetch them at a point in per-building slots
)

// MaxBatch is the most households one delivery batch holds; a bigger building is split.
const MaxBatch = 40

// Round is one supply round with its items.
type Round struct {
	ID            int64
	Kind          Kind
	Title         string
	Audience      string // all | zone:<key> | zone:<key>/<building>
	Handover      Handover
	PickupPoint   string
	SlotMinutes   int
	PickupStart   time.Time // zero unless pickup
	MinHouseholds int
	Cutoff        time.Time
	Status        Status
	Version       int
	CreatedBy     int64
	ApprovedBy    int64
	Reason        string // why it was cancelled
	CreatedAt     time.Time
	ClosedAt      time.Time
	Items         []Item
}

// announced reports whether r is a distribution not yet handed out: nobody signs up for one, and
// its households are allocated at its cut-off (Close), so until then it has no rows of its own.
func (r Round) announced() bool {
	return r.Kind == Distribution && (r.Status == StatusDraft || r.Status == StatusApproved || r.Status == StatusOpen)
}

// Item is one thing a round offers. Price is in fen and only shown: money is settled outside.
type Item struct {
	ID      int64
	No      int // 1-based, as people type it
	Name    string
	Unit    string
	Price   int64
	Max     int   // per household; MaxQuantity for a group-buy item given no max: no cap of its own
	Stock   int64 // 0: no limit
	Taken   int64
	RoundID int64
}

// Capped reports whether the item has a per-household maximum of its own, below the most any one
// sign-up may ask for.
func (it Item) Capped() bool { return it.Max < MaxQuantity }

// Left is how much of it can still be signed up for (-1: no limit).
func (it Item) Left() int64 {
	if it.Stock == 0 {
		return -1
	}
	return it.Stock - it.Taken
}

// Item returns the round's item number no.
func (r Round) Item(no int) (Item, bool) {
	for _, it := range r.Items {
		if it.No == no {
			return it, true
		}
	}
	return Item{}, false
}

// ItemByID returns the round's item with that id.
func (r Round) ItemByID(id int64) (Item, bool) {
	for _, it := range r.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// Serves reports whether a household in zone and building belongs to the round's audience.
func (r Round) Serves(zone, building string) bool {
	return AudienceServes(r.Audience, zone, building)
}

// Options configures a Service; zero values take defaults.
type Options struct {
	// ZoneExists checks a zone key of an audience; nil accepts any.
	ZoneExists func(key string) bool
	// SealedZones are the keys of the sealed zones (封控区): their residents may not leave home,
	// so a round reaching them is delivered to the door, never picked up.
	SealedZones []string
	// BatchSLA is how long a batch may take from the close (or its slot) to done before it is
	// escalated (default 4 h).
	BatchSLA time.Duration
	// Notify, if set, is called for every event inside the transaction that causes it, so a
	// change and the messages it causes commit together. An error undoes the change.
	Notify func(ctx context.Context, tx *sql.Tx, e Event) error
}

// Service runs supply rounds. It holds no state besides its options.
type Service struct {
	o Options
}

// New returns a Service with o's zero values defaulted.
func New(o Options) *Service {
	if o.BatchSLA <= 0 {
		o.BatchSLA = 4 * time.Hour
	}
	if o.ZoneExists == nil {
		o.ZoneExists = func(string) bool { return true }
	}
	return &Service{o: o}
}

// notify hands e to Options.Notify.
func (s *Service) notify(ctx context.Context, tx *sql.Tx, e Event) error {
	if s.o.Notify == nil {
		return nil
	}
	return s.o.Notify(ctx, tx, e)
}
