package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// Options configures a Service; zero values take the defaults of config.example.toml.
type Options struct {
	Catalog          *Catalog      // default: DefaultCategories unchanged
	ClaimSLA         time.Duration // open order not claimed by then: escalate (default 30 min)
	UrgentClaimSLA   time.Duration // same for urgent orders (default 10 min)
	DeliverSLA       time.Duration // claimed order not delivered by then (default 4 h)
	OpenPerHousehold int           // open or claimed orders one household may have (default 5)
	// HandoverCode gives every new order a 4-digit code its household hands the volunteer at the
	// door (orders/handover.go); off by default.
	HandoverCode bool
	// Notify, if set, is called for every event inside the transaction that causes it, so a
	// change and the messages it causes commit together. An error undoes the change.
	Notify func(ctx context.Context, tx *sql.Tx, e Event) error
}

// Service places orders and moves them through their states. It holds no state of its own besides
// its options: every call works in the transaction or on the querier it is given.
type Service struct {
	o Options
}

// New returns a Service with o's zero values defaulted.
func New(o Options) *Service {
	if o.Catalog == nil {
		o.Catalog, _ = NewCatalog(nil) // cannot fail without changes
	}
	if o.ClaimSLA <= 0 {
		o.ClaimSLA = 30 * time.Minute
	}
	if o.UrgentClaimSLA <= 0 {
		o.UrgentClaimSLA = 10 * time.Minute
	}
	if o.DeliverSLA <= 0 {
		o.DeliverSLA = 240 * time.Minute
	}
	if o.OpenPerHousehold <= 0 {
		o.OpenPerHousehold = 5
	}
	return &Service{o: o}
}

// Catalog returns the categories the service accepts.
func (s *Service) Catalog() *Catalog { return s.o.Catalog }

// NewOrder is what a household asks for. Zone and Building are copied from the household by the
// caller. For a pickup Quantity holds the bags and Note the time window; for work Quantity holds
// the size (head, mu).
type NewOrder struct {
	HouseholdID, PlacedBy           int64
	Zone, Building                  string
	Category, Items, Quantity, Note string
	Urgent                          *bool  // nil: urgent if the category is or the household is vulnerable
	Vulnerable                      bool   // the household is (elderly alone, chronic illness, ...)
	Prescription                    bool   // only for categories that ask for it
	PrescriptionPhoto               string // Telegram file id of a photo of it, if sent
	Recurring                       string
	Media                           Media // an order made from a voice message or photo; Items may then be empty
}

// Place validates n and opens the order in the queue of its zone and category. Text is trimmed
// and otherwise stored as given. It refuses with ErrBadInput (an *InputError), ErrUnknownCategory,
// ErrCategoryDisabled, ErrNotFound (no such household) or ErrTooManyOpen.
func (s *Service) Place(ctx context.Context, tx *sql.Tx, n NewOrder, now time.Time) (Order, error) {
	cat, err := s.o.Catalog.lookup(n.Category)
	if err != nil {
		return Order{}, fmt.Errorf("orders: place: category %q: %w", n.Category, err)
	}
	o, err := s.validate(n, cat)
	if err != nil {
		return Order{}, fmt.Errorf("orders: place: %w", err)
	}
	asked := cat.UrgentByDefault // urgent by its category (medicine) or the resident's word, not by the household's default
	if n.Urgent != nil {
		asked = *n.Urgent
	}
	if err := s.checkRoom(ctx, tx, n.HouseholdID, asked); err != nil {
		return Order{}, err
	}
	o.AskedUrgent = asked
	o.ClaimDeadline = now.Add(s.claimSLA(o.Urgent))
	err = store.Savepoint(ctx, tx, "orders", func() error {
		placed, err := insert(ctx, tx, o, now)
		if err != nil {
			return err
		}
		if s.o.HandoverCode { // before the event, so the household's notice may show it
			if err := addHandoverCode(ctx, tx, placed.ID); err != nil {
				return err
			}
		}
		o, err = s.record(ctx, tx, placed, Event{Kind: EventPlaced, To: StatusOpen, Actor: n.PlacedBy, At: now})
		return err
	})
	if err != nil {
		return Order{}, fmt.Errorf("orders: place for household %d: %w", n.HouseholdID, err)
	}
	return o, nil
}

func (s *Service) validate(n NewOrder, cat Category) (Order, error) {
	o := Order{HouseholdID: n.HouseholdID, PlacedBy: n.PlacedBy, Zone: n.Zone, Building: n.Building,
		Category: cat.Key, Shape: cat.Shape, Vulnerable: n.Vulnerable, Prescription: n.Prescription,
		Recurring: n.Recurring, Urgent: cat.UrgentByDefault || n.Vulnerable}
	if n.Urgent != nil {
		o.Urgent = *n.Urgent
	}
	var err error
	switch {
	case n.HouseholdID <= 0:
		return o, &InputError{Field: "household", Reason: "missing"}
	case n.Zone == "":
		return o, &InputError{Field: "zone", Reason: "empty"}
	case n.Recurring != "" && n.Recurring != RecurDaily:
		return o, &InputError{Field: "recurring", Reason: fmt.Sprintf("%q is neither empty nor daily", n.Recurring)}
	case n.Prescription && !cat.Prescription:
		return o, &InputError{Field: "prescription", Reason: "not asked in category " + cat.Key}
	case n.PrescriptionPhoto != "" && !n.Prescription:
		return o, &InputError{Field: "prescription", Reason: "a photo without a prescription"}
	case len(n.PrescriptionPhoto) > maxPhotoID:
		return o, &InputError{Field: "photo", Reason: "too long"}
	}
	o.PrescriptionPhoto = n.PrescriptionPhoto
	if o.Media, err = checkMedia(n.Media); err != nil {
		return o, err
	}
	if o.Items, err = text("items", n.Items, MaxItems, o.Media.File == ""); err != nil {
		return o, err
	}
	if o.Quantity, err = text("quantity", n.Quantity, MaxQuantity, false); err != nil {
		return o, err
	}
	o.Note, err = text("note", n.Note, MaxNote, false)
	return o, err
}

// checkRoom refuses a household that does not exist or already has as many orders waiting or
// under way as it may: OpenPerHousehold, twice as many for an urgent one (see below).
func (s *Service) checkRoom(ctx context.Context, tx *sql.Tx, household int64, urgent bool) error {
	var exists bool
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM households WHERE id = ?`, household).Scan(&exists)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("orders: place: household %d: %w", household, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("orders: place: household %d: %w", household, err)
	}
	n, err := s.CountOpen(ctx, tx, household)
	if err != nil {
		return err
	}
	// An order urgent by its category or its resident's word has room beyond the limit, as much
	// again: insulin is not refused because the rice, the rubbish and an errand are still
	// waiting. (Not one urgent only because its household is vulnerable: all of theirs are.)
	limit := s.o.OpenPerHousehold
	if urgent {
		limit *= 2
	}
	if n >= limit {
		return fmt.Errorf("orders: place: household %d has %d open orders: %w", household, n, ErrTooManyOpen)
	}
	return nil
}

// checkMedia refuses media of an unknown kind, without a file or with a file id too long.
func checkMedia(m Media) (Media, error) {
	switch {
	case m.Kind == "" && m.File == "":
		return Media{}, nil
	case m.Kind != MediaVoice && m.Kind != MediaAudio && m.Kind != MediaPhoto:
		return m, &InputError{Field: "media", Reason: fmt.Sprintf("unknown kind %q", m.Kind)}
	case m.File == "" || len(m.File) > maxPhotoID:
		return m, &InputError{Field: "media", Reason: "no file id, or one too long"}
	case m.Seconds < 0:
		return m, &InputError{Field: "media", Reason: "negative length"}
	}
	return m, nil
}

func (s *Service) claimSLA(urgent bool) time.Duration {
	if urgent {
		return s.o.UrgentClaimSLA
	}
	return s.o.ClaimSLA
}
