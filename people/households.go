package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/internal/fielderr"
	"linli/store"
)

// Vulnerable members a household can have; they make its orders urgent by default and put it
// first in the volunteers' queue.
const (
	VulnElderlyAlone = "elderly_alone" // elderly living alone
	VulnElderly      = "elderly"       // an elderly person (70 or older) living with others
	VulnChronic      = "chronic"       // chronic illness needing regular medicine
	VulnPregnant     = "pregnant"
	VulnDisabled     = "disabled"
	VulnInfant       = "infant"
)

// Vulnerabilities lists them in the order they are offered.
var Vulnerabilities = []string{VulnElderlyAlone, VulnElderly, VulnChronic, VulnPregnant, VulnDisabled, VulnInfant}

// Relation is how a user is tied to a household they act for.
type Relation string

const (
	RelSelf       Relation = "self"       // the resident themself
	RelRelative   Relation = "relative"   // linked by a one-time code from the resident
	RelGridWorker Relation = "gridworker" // a grid worker or volunteer who registered them
)

// Limits on household fields, in runes after cleaning.
const (
	MaxName     = 40
	MaxBuilding = 20
	MaxRoom     = 20
	MaxUnit     = 20
	MaxSize     = 30
)

var (
	// ErrBadInput is what every *InputError is.
	ErrBadInput = errors.New("bad input")
	// ErrAlreadyRegistered: the user already has a household of their own, or the household a
	// grid worker enters is already registered.
	ErrAlreadyRegistered = errors.New("already registered")
)

// InputError is ErrBadInput about one field ("name", "phone", "zone", "building", "unit",
// "room", "size", "vulnerable", "role").
type InputError = fielderr.Error[inputKind]

// BadField is what errors.Is matches bad input about field against, whatever the reason.
func BadField(field string) error { return fielderr.Field[inputKind](field) }

// Household is a home the bot delivers to.
type Household struct {
	ID           int64
	Zone         string
	Building     string
	Unit         string
	Room         string
	Name         string // contact person
	Phone        string // digits, with a leading + when given in international form
	Size         int
	Vulnerable   []string
	Monitored    bool // under home health monitoring
	RegisteredBy int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// IsVulnerable reports whether any vulnerable member lives there.
func (h Household) IsVulnerable() bool { return len(h.Vulnerable) > 0 }

// A user has at most one household of their own (RelSelf), with a phone no other household uses
// (ErrPhoneTaken, phones.go); a grid worker entering a household
// with the same zone and phone as an existing one gets ErrAlreadyRegistered.
func Register(ctx context.Context, tx *sql.Tx, in HouseholdInput, by int64, rel Relation, now time.Time) (Household, error) {
	if rel == RelSelf {
		if _, err := SelfHousehold(ctx, tx, by); err == nil {
			return Household{}, fmt.Errorf("people: register for %d: %w", by, ErrAlreadyRegistered)
		} else if !errors.Is(err, ErrNotFound) {
			return Household{}, err
		}
		if use, err := PhoneUsed(ctx, tx, in.Phone, 0); err != nil || use.Taken() {
			return Household{}, errOr(err, fmt.Errorf("people: register for %d: %w", by, ErrPhoneTaken))
		}
	} else {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM households WHERE phone = ? AND zone = ?`,
			in.Phone, in.Zone).Scan(&n); err != nil {
			return Household{}, fmt.Errorf("people: register: %w", err)
		}
		if n > 0 {
			// No phone in the text: errors end up in logs.
			return Household{}, fmt.Errorf("people: register in zone %s: %w", in.Zone, ErrAlreadyRegistered)
		}
	}
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO households (zone, building, unit, room, name, phone, size, vulnerable, registered_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.Zone, in.Building, in.Unit, in.Room, in.Name, in.Phone, in.Size, strings.Join(in.Vulnerable, ","),
		by, now.UnixMilli(), now.UnixMilli()).Scan(&id)
	if err != nil {
		return Household{}, fmt.Errorf("people: register: %w", err)
	}
	if err := addMember(ctx, tx, id, by, rel, now); err != nil {
		return Household{}, err
	}
	return GetHousehold(ctx, tx, id)
}

func addMember(ctx context.Context, tx *sql.Tx, household, user int64, rel Relation, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO household_members (household_id, user_id, relation, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (household_id, user_id) DO NOTHING`, household, user, string(rel), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("people: add %d to household %d: %w", user, household, err)
	}
	return nil
}

// UpdateHousehold replaces the household's details (not its monitoring or members).
func UpdateHousehold(ctx context.Context, tx *sql.Tx, id int64, in HouseholdInput, now time.Time) (Household, error) {
	res, err := tx.ExecContext(ctx, `
		UPDATE households SET zone = ?, building = ?, unit = ?, room = ?, name = ?, phone = ?, size = ?,
			vulnerable = ?, updated_at = ? WHERE id = ?`,
		in.Zone, in.Building, in.Unit, in.Room, in.Name, in.Phone, in.Size, strings.Join(in.Vulnerable, ","),
		now.UnixMilli(), id)
	if err != nil {
		return Household{}, fmt.Errorf("people: update household %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Household{}, fmt.Errorf("people: household %d: %w", id, ErrNotFound)
	}
	return GetHousehold(ctx, tx, id)
}

const householdColumns = `h.id, h.zone, h.building, h.unit, h.room, h.name, h.phone, h.size, h.vulnerable,
	h.monitored, coalesce(h.registered_by, 0), h.created_at, h.updated_at`

// scanHouseholdRow reads a household of householdColumns, for store.QueryRows.
func scanHouseholdRow(sc store.Scanner) (Household, error) { return scanHousehold(sc) }

func scanHousehold(sc store.Scanner, extra ...any) (Household, error) {
	var h Household
	var vuln string
	var created, updated int64
	err := sc.Scan(append([]any{&h.ID, &h.Zone, &h.Building, &h.Unit, &h.Room, &h.Name, &h.Phone, &h.Size,
		&vuln, &h.Monitored, &h.RegisteredBy, &created, &updated}, extra...)...)
	if vuln != "" {
		h.Vulnerable = strings.Split(vuln, ",")
	}
	h.CreatedAt, h.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	return h, err
}

// GetHousehold returns the household with id, or ErrNotFound.
func GetHousehold(ctx context.Context, q store.Querier, id int64) (Household, error) {
	h, err := scanHousehold(q.QueryRowContext(ctx, `SELECT `+householdColumns+` FROM households h WHERE h.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Household{}, fmt.Errorf("people: household %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Household{}, fmt.Errorf("people: household %d: %w", id, err)
	}
	return h, nil
}

// Membership is a household a user acts for, and how.
type Membership struct {
	Household Household
	Relation  Relation
}

// HouseholdsOf lists the households user acts for: their own first, then in the order they were
// linked.
func HouseholdsOf(ctx context.Context, q store.Querier, user int64) ([]Membership, error) {
	return store.QueryRows(ctx, q, fmt.Sprintf("people: households of %d", user), func(sc store.Scanner) (Membership, error) {
		var rel string
		h, err := scanHousehold(sc, &rel)
		return Membership{Household: h, Relation: Relation(rel)}, err
	}, `SELECT `+householdColumns+`, m.relation
		FROM household_members m JOIN households h ON h.id = m.household_id
		WHERE m.user_id = ? ORDER BY m.relation != 'self', m.created_at, h.id`, user)
}

// SelfHousehold is the user's own household, or ErrNotFound.
func SelfHousehold(ctx context.Context, q store.Querier, user int64) (Household, error) {
	h, err := scanHousehold(q.QueryRowContext(ctx, `SELECT `+householdColumns+`
		FROM household_members m JOIN households h ON h.id = m.household_id
		WHERE m.user_id = ? AND m.relation = 'self'`, user))
	if errors.Is(err, sql.ErrNoRows) {
		return Household{}, fmt.Errorf("people: own household of %d: %w", user, ErrNotFound)
	}
	if err != nil {
		return Household{}, fmt.Errorf("people: own household of %d: %w", user, err)
	}
	return h, nil
}

// MayActFor reports whether user may order for, edit and follow household.
func MayActFor(ctx context.Context, q store.Querier, user, household int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM household_members WHERE household_id = ? AND user_id = ?`,
		household, user).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("people: may %d act for %d: %w", user, household, err)
	}
	return n > 0, nil
}

// Member is a user who acts for a household.
type Member struct {
	UserID   int64
	Relation Relation
}

// Members lists who acts for household: the resident first.
func Members(ctx context.Context, q store.Querier, household int64) ([]Member, error) {
	return store.QueryRows(ctx, q, fmt.Sprintf("people: members of %d", household), func(sc store.Scanner) (Member, error) {
		var m Member
		var rel string
		err := sc.Scan(&m.UserID, &rel)
		m.Relation = Relation(rel)
		return m, err
	}, `SELECT user_id, relation FROM household_members
		WHERE household_id = ? ORDER BY relation != 'self', created_at, user_id`, household)
}

// FindByPhone returns the households registered with phone (normalised first).
func FindByPhone(ctx context.Context, q store.Querier, phone string) ([]Household, error) {
	p, ok := NormalizePhone(phone)
	if !ok {
		return nil, &InputError{Field: "phone", Reason: "not a phone number"}
	}
	return store.QueryRows(ctx, q, "people: find phone", scanHouseholdRow,
		`SELECT `+householdColumns+` FROM households h WHERE h.phone = ? ORDER BY h.id`, p)
}

// SetMonitored puts the household under home health monitoring (daily check-ins) or ends it.
func SetMonitored(ctx context.Context, tx *sql.Tx, household int64, on bool, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE households SET monitored = ?, updated_at = ? WHERE id = ?`,
		on, now.UnixMilli(), household)
	if err != nil {
		return fmt.Errorf("people: monitor household %d: %w", household, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("people: household %d: %w", household, ErrNotFound)
	}
	return nil
}

// inputKind makes an InputError people's bad input (fielderr.Kind).
type inputKind struct{}

func (inputKind) BadInput() (error, string) { return ErrBadInput, "people: bad " }
