package retention

import (
	"context"
	"database/sql"
	"fmt"
)

// Where personal data lives (migrations 0001-0009) and what the purge does to it. Kept for the
// statistics: ids, zones, categories, shapes, quantities, urgency, states, times, ratings,
// volunteer and placer ids, household size and vulnerability, check-in answers.

// finished is an order done with before ?1: its finishing time is that of its last state.
const finished = `status IN ('delivered', 'received', 'cancelled', 'expired')
	AND coalesce(received_at, cancelled_at, expired_at, delivered_at) < ?1`

// purgedHouseholds are those the purge has anonymised (now or before).
const purgedHouseholds = `SELECT id FROM households WHERE purged_at IS NOT NULL`

// A step is one statement and the Summary counter its changed rows go to.
type step struct {
	sql   string
	count func(s *Summary) *int64
}

func orders(s *Summary) *int64     { return &s.Orders }
func households(s *Summary) *int64 { return &s.Households }
func users(s *Summary) *int64      { return &s.Users }
func deleted(s *Summary) *int64    { return &s.Deleted }
func blanked(s *Summary) *int64    { return &s.Blanked }

// steps run in order with ?1 the cutoff (unix ms), ?2 now (unix ms), ?3 the cutoff's check-in
// day. Each changes only rows not yet changed, so a second purge changes nothing.
var steps = []step{
	// Finished orders: what was asked for, notes, comments, photos; the building is part of the
	// address. items may not be empty (CHECK), so it becomes "-"; quantity is a statistic.
	{`UPDATE orders SET items = '-', note = '', comment = '', delivery_photo = '', prescription_photo = '', media_file = '',
		building = '', purged_at = ?2 WHERE purged_at IS NULL AND ` + finished, orders},
	{`UPDATE order_events SET detail = '' WHERE detail <> ''
		AND order_id IN (SELECT id FROM orders WHERE purged_at IS NOT NULL)`, blanked},
	// Households with no order open or under way, none finished since the cutoff (every order
	// anonymised above), no change and no check-in since.
	{`UPDATE households SET name = '', phone = '', building = '', unit = '', room = '', monitored = 0,
		purged_at = ?2 WHERE purged_at IS NULL AND updated_at < ?1 AND created_at < ?1
		AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.household_id = households.id AND o.purged_at IS NULL)
		AND NOT EXISTS (SELECT 1 FROM checkin_days c WHERE c.household_id = households.id AND c.day >= ?3)
		AND NOT EXISTS (SELECT 1 FROM callbacks k WHERE k.household_id = households.id AND k.status <> 'done')`,
		households},
	// Call-backs done before the cutoff: the grid worker's outcome and the building.
	{`UPDATE callbacks SET outcome = '', building = '' WHERE (outcome <> '' OR building <> '')
		AND status = 'done' AND done_at < ?1`, blanked},
	// Their members' Telegram names, unless they still belong to a kept household or serve as
	// volunteers, admins, grid workers or counsellors (whose names others see). A name comes back
	// when its owner writes to the bot again.
	{`UPDATE users SET first_name = '' WHERE first_name <> ''
		AND user_id IN (SELECT user_id FROM household_members WHERE household_id IN (` + purgedHouseholds + `))
		AND user_id NOT IN (SELECT m.user_id FROM household_members m JOIN households h ON h.id = m.household_id
			WHERE h.purged_at IS NULL)
		AND user_id NOT IN (SELECT user_id FROM user_roles) AND user_id NOT IN (SELECT user_id FROM volunteers)`,
		users},
	// Half-finished flows (a registration holds a name, a phone, an address) of those members,
	// and every flow untouched since the cutoff.
	{`DELETE FROM conversations WHERE updated_at < ?1
		OR user_id IN (SELECT user_id FROM household_members WHERE household_id IN (` + purgedHouseholds + `))`, deleted},
	{`DELETE FROM link_codes WHERE household_id IN (` + purgedHouseholds + `)`, deleted},
	{`DELETE FROM checkin_prompts WHERE household_id IN (` + purgedHouseholds + `)`, deleted},
	// Membership ties a Telegram account to the old address: gone, so the person starts afresh.
	{`DELETE FROM household_members WHERE household_id IN (` + purgedHouseholds + `)`, deleted},
	{`UPDATE checkin_days SET temperature = NULL WHERE temperature IS NOT NULL
		AND household_id IN (` + purgedHouseholds + `)`, blanked},
	// Updates as Telegram sent them (contacts, names, typed addresses), handled before the cutoff.
	{`DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?1`, deleted},
	// Messages sent (or given up on) before the cutoff: their texts and CSV documents. The rows
	// stay, for delivery counts and for edits that name them.
	{`UPDATE outbox SET payload = '{}', error = '' WHERE payload <> '{}'
		AND status IN ('sent', 'failed', 'unreachable') AND created_at < ?1`, blanked},
}

// anonymise runs the steps in tx.
func anonymise(ctx context.Context, tx *sql.Tx, cutoff, now int64, day string) (Summary, error) {
	var s Summary
	for i, st := range steps {
		res, err := tx.ExecContext(ctx, st.sql, cutoff, now, day)
		if err != nil {
			return s, fmt.Errorf("retention: purge step %d: %w", i+1, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return s, fmt.Errorf("retention: purge step %d: %w", i+1, err)
		}
		*st.count(&s) += n
	}
	return s, nil
}
