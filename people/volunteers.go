package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/store"
)

// Volunteer is someone who takes orders to doors: in some zones, for some categories, on duty
// or not.
type Volunteer struct {
	UserID     int64
	Zones      []string // empty: every zone
	Categories []string // empty: every category they may take
	OnDuty     bool
	InvitedBy  int64
	JoinedAt   time.Time
	ActiveAt   time.Time // last claim, delivery or duty change
}

// Serves reports whether v works in zone, for category ("" matches any category).
func (v Volunteer) Serves(zone, category string) bool {
	return (len(v.Zones) == 0 || slices.Contains(v.Zones, zone)) &&
		(category == "" || len(v.Categories) == 0 || slices.Contains(v.Categories, category))
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// union merges b into a; an empty list means "all", which absorbs the other.
func union(a, b []string) []string {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// NewInvite makes a one-time code (deep link start=v_<code>) that makes its user a volunteer for
// zones (none: every zone).
func NewInvite(ctx context.Context, tx *sql.Tx, zones []string, by int64, now time.Time, ttl time.Duration) (string, error) {
	code, err := newCode()
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO volunteer_invites (code, zones, created_by, expires_at) VALUES (?, ?, ?, ?)`,
		code, strings.Join(zones, ","), by, now.Add(ttl).UnixMilli())
	if err != nil {
		return "", fmt.Errorf("people: invite: %w", err)
	}
	return code, nil
}

// UseInvite makes user a volunteer (on duty) for the invite's zones and spends it. A volunteer
// already serves the invite's zones as well after it.
func UseInvite(ctx context.Context, tx *sql.Tx, code string, user int64, now time.Time) (Volunteer, error) {
	if len(code) != codeLen {
		return Volunteer{}, fmt.Errorf("people: invite: %w", ErrCodeInvalid)
	}
	var zones string
	var by, expires int64
	var usedBy sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT zones, created_by, expires_at, used_by FROM volunteer_invites WHERE code = ?`, code).
		Scan(&zones, &by, &expires, &usedBy)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Volunteer{}, fmt.Errorf("people: invite: %w", ErrCodeInvalid)
	case err != nil:
		return Volunteer{}, fmt.Errorf("people: invite: %w", err)
	case usedBy.Valid:
		return Volunteer{}, fmt.Errorf("people: invite: %w", ErrCodeUsed)
	case now.UnixMilli() >= expires:
		return Volunteer{}, fmt.Errorf("people: invite: %w", ErrCodeExpired)
	}
	res, err := tx.ExecContext(ctx, `UPDATE volunteer_invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL`,
		user, now.UnixMilli(), code)
	if err != nil {
		return Volunteer{}, fmt.Errorf("people: invite: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Volunteer{}, fmt.Errorf("people: invite: %w", ErrCodeUsed)
	}
	v, err := GetVolunteer(ctx, tx, user)
	switch {
	case errors.Is(err, ErrNotFound):
		_, err = tx.ExecContext(ctx, `INSERT INTO volunteers (user_id, zones, invited_by, joined_at, active_at)
			VALUES (?, ?, ?, ?, ?)`, user, zones, by, now.UnixMilli(), now.UnixMilli())
	case err == nil:
		_, err = tx.ExecContext(ctx, `UPDATE volunteers SET zones = ?, active_at = ? WHERE user_id = ?`,
			strings.Join(union(v.Zones, list(zones)), ","), now.UnixMilli(), user)
	}
	if err != nil {
		return Volunteer{}, fmt.Errorf("people: join %d: %w", user, err)
	}
	if err := Grant(ctx, tx, user, RoleVolunteer, by, now); err != nil {
		return Volunteer{}, err
	}
	return GetVolunteer(ctx, tx, user)
}

const volunteerColumns = `user_id, zones, categories, on_duty, invited_by, joined_at, active_at`

func scanVolunteer(sc store.Scanner) (Volunteer, error) {
	var v Volunteer
	var zones, cats string
	var joined, active int64
	err := sc.Scan(&v.UserID, &zones, &cats, &v.OnDuty, &v.InvitedBy, &joined, &active)
	v.Zones, v.Categories = list(zones), list(cats)
	v.JoinedAt, v.ActiveAt = time.UnixMilli(joined), time.UnixMilli(active)
	return v, err
}

// GetVolunteer returns the volunteer user, or ErrNotFound.
func GetVolunteer(ctx context.Context, q store.Querier, user int64) (Volunteer, error) {
	v, err := scanVolunteer(q.QueryRowContext(ctx, `SELECT `+volunteerColumns+` FROM volunteers WHERE user_id = ?`, user))
	if errors.Is(err, sql.ErrNoRows) {
		return Volunteer{}, fmt.Errorf("people: volunteer %d: %w", user, ErrNotFound)
	}
	if err != nil {
		return Volunteer{}, fmt.Errorf("people: volunteer %d: %w", user, err)
	}
	return v, nil
}

// update changes one volunteer's row; ErrNotFound if they are none.
func updateVolunteer(ctx context.Context, tx *sql.Tx, user int64, set string, args ...any) error {
	res, err := tx.ExecContext(ctx, `UPDATE volunteers SET `+set+` WHERE user_id = ?`, append(args, user)...)
	if err != nil {
		return fmt.Errorf("people: volunteer %d: %w", user, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("people: volunteer %d: %w", user, ErrNotFound)
	}
	return nil
}

// SetDuty puts the volunteer on or off duty.
func SetDuty(ctx context.Context, tx *sql.Tx, user int64, on bool, now time.Time) error {
	return updateVolunteer(ctx, tx, user, `on_duty = ?, active_at = ?`, on, now.UnixMilli())
}

// SetCategories sets the categories the volunteer serves (none: every category).
func SetCategories(ctx context.Context, tx *sql.Tx, user int64, categories []string) error {
	return updateVolunteer(ctx, tx, user, `categories = ?`, strings.Join(categories, ","))
}

// TouchVolunteer records activity (a claim, a delivery).
func TouchVolunteer(ctx context.Context, tx *sql.Tx, user int64, now time.Time) error {
	err := updateVolunteer(ctx, tx, user, `active_at = ?`, now.UnixMilli())
	if errors.Is(err, ErrNotFound) {
		return nil // an admin acting as a volunteer
	}
	return err
}

// activeEvery is how out of date volunteers.active_at may be when TouchVolunteerRead skips it.
const activeEvery = time.Minute

// TouchVolunteerRead is TouchVolunteer for v as read in tx (GetVolunteer), written only if v's
// last activity is activeEvery old or more: "active a minute ago" says as much, and a morning
// of claims wrote the row for every one. The zero Volunteer (an admin acting with no volunteer
// record) has no row to touch.
func TouchVolunteerRead(ctx context.Context, tx *sql.Tx, v Volunteer, now time.Time) error {
	if v.UserID == 0 || now.Sub(v.ActiveAt) < activeEvery {
		return nil
	}
	return TouchVolunteer(ctx, tx, v.UserID, now)
}

// RemoveVolunteer ends user's volunteering (row and role); it reports whether they were one.
func RemoveVolunteer(ctx context.Context, tx *sql.Tx, user int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM volunteers WHERE user_id = ?`, user)
	if err != nil {
		return false, fmt.Errorf("people: remove volunteer %d: %w", user, err)
	}
	n, _ := res.RowsAffected()
	had, err := Revoke(ctx, tx, user, RoleVolunteer)
	return n > 0 || had, err
}

// Volunteers lists every volunteer, most recently active first.
func Volunteers(ctx context.Context, q store.Querier) ([]Volunteer, error) {
	return queryVolunteers(ctx, q, `SELECT `+volunteerColumns+` FROM volunteers ORDER BY active_at DESC, user_id`)
}

// OnDuty lists the volunteers on duty who serve zone and category ("" for any category).
func OnDuty(ctx context.Context, q store.Querier, zone, category string) ([]Volunteer, error) {
	all, err := queryVolunteers(ctx, q, `SELECT `+volunteerColumns+` FROM volunteers WHERE on_duty = 1 ORDER BY user_id`)
	var out []Volunteer
	for _, v := range all {
		if v.Serves(zone, category) {
			out = append(out, v)
		}
	}
	return out, err
}

func queryVolunteers(ctx context.Context, q store.Querier, query string, args ...any) ([]Volunteer, error) {
	return store.QueryRows(ctx, q, "people: volunteers", scanVolunteer, query, args...)
}

// GroupQueue is a group chat that mirrors the queue of some zones.
type GroupQueue struct {
	ChatID int64
	Zones  []string // empty: every zone
}

// BindGroup makes chat mirror the queue of zones (none: every zone), replacing an earlier binding.
func BindGroup(ctx context.Context, tx *sql.Tx, chat int64, zones []string, by int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO group_queues (chat_id, zones, bound_by, bound_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET zones = excluded.zones, bound_by = excluded.bound_by, bound_at = excluded.bound_at`,
		chat, strings.Join(zones, ","), by, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("people: bind group %d: %w", chat, err)
	}
	return nil
}

// UnbindGroup stops chat mirroring a queue; it reports whether it did.
func UnbindGroup(ctx context.Context, tx *sql.Tx, chat int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM group_queues WHERE chat_id = ?`, chat)
	if err != nil {
		return false, fmt.Errorf("people: unbind group %d: %w", chat, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// GroupsFor lists the group chats mirroring zone's queue.
func GroupsFor(ctx context.Context, q store.Querier, zone string) ([]GroupQueue, error) {
	rows, err := q.QueryContext(ctx, `SELECT chat_id, zones FROM group_queues ORDER BY chat_id`)
	if err != nil {
		return nil, fmt.Errorf("people: group queues: %w", err)
	}
	defer rows.Close()
	var out []GroupQueue
	for rows.Next() {
		var g GroupQueue
		var zones string
		if err := rows.Scan(&g.ChatID, &zones); err != nil {
			return nil, fmt.Errorf("people: group queues: %w", err)
		}
		g.Zones = list(zones)
		if len(g.Zones) == 0 || slices.Contains(g.Zones, zone) {
			out = append(out, g)
		}
	}
	return out, rows.Err()
}
