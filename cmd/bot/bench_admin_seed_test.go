package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"linli/config"
)

// The admin benchmarks' community: seedOrdersDB's 10,000 households and 100,000 past orders, plus
// what a secretary's dashboard and a metrics scrape read on a busy afternoon.
const (
	adminTodayOrders = 10_000  // placed today: 45% open, 45% claimed, 10% delivered
	adminVolunteers  = 300     // user ids 2,000,000+: the volunteers seedTx's orders name
	adminNotices     = 200     // sent notices, one run each
	adminNoticeFull  = 10      // the newest ones, each with adminRecipients outbox rows
	adminRecipients  = 10_000  // one per resident
	adminMonitored   = 2_000   // households under home monitoring, checked in on daily
	adminCheckinDays = 30      // days of check-ins each has
	adminHandled     = 100_000 // handled updates kept in the inbox
	adminUser        = int64(pgAdmin)
	firstAdminVol    = 2_000_000 // as seedTx's volunteer ids
)

// adminZones are the zones of the admin benchmarks' dashboard: seedTx's two and six more.
var adminZones = func() config.Zones {
	zs := config.Zones{{Key: "a1", Name: "官北沟社区 1号楼-8号楼"}, {Key: "b2", Name: "幸福里小区"}}
	for i := range 6 {
		zs = append(zs, config.Zone{Key: fmt.Sprintf("z%d", i+3), Name: fmt.Sprintf("第%d网格", i+3)})
	}
	return zs
}()

var adminCategories = []string{"groceries", "medicine", "garbage", "errand", "livestock", "farming", "counselling"}

// adminNow is the benchmarks' afternoon: 17:00 in Shanghai, so today has seventeen hours of orders.
func adminNow() (time.Time, *time.Location) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return time.Date(2026, 6, 10, 17, 0, 0, 0, loc), loc
}

// seedAdminDB creates the admin benchmarks' database at path.
func seedAdminDB(b *testing.B, path string, now time.Time, loc *time.Location) {
	seedOrdersDB(b, path, now)
	seedDB(b, path, func(ctx context.Context, tx *sql.Tx) error { return seedAdminTx(ctx, tx, now, loc) })
}

// seedAdminTx adds, with set-based statements: the admin; adminVolunteers volunteers (two in
// three on duty, zones varied); adminTodayOrders orders placed since midnight over every zone and
// category; adminNotices notices, the newest adminNoticeFull with an outbox row per resident
// (mostly sent); adminMonitored monitored households with adminCheckinDays days of check-ins, today
// answered by three in four; adminHandled handled updates and a few waiting.
func seedAdminTx(ctx context.Context, tx *sql.Tx, now time.Time, loc *time.Location) error {
	nowMs := now.UnixMilli()
	local := now.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc).UnixMilli()
	cats := `json_extract('["` + strings.Join(adminCategories, `","`) + `"]', '$[' || (n % 7) || ']')`
	zones := make([]string, len(adminZones))
	for i, z := range adminZones {
		zones[i] = z.Key
	}
	zone := `json_extract('["` + strings.Join(zones, `","`) + `"]', '$[' || (n % 8) || ']')`
	span := nowMs - dayStart
	stmts := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO users (user_id, first_name, lang, is_admin, created_at, seen_at) VALUES (?, '管理员', 'zh', 1, 0, 0)`, []any{adminUser}},
		{`INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, 'admin', 0)`, []any{adminUser}},
		{series(adminVolunteers) + `INSERT INTO users (user_id, first_name, lang, created_at, seen_at)
			SELECT ? + n, '志愿者' || n, 'zh', 0, ? FROM i`, []any{firstAdminVol, nowMs}},
		{series(adminVolunteers) + `INSERT INTO volunteers (user_id, zones, on_duty, joined_at, active_at)
			SELECT ? + n, CASE n % 3 WHEN 0 THEN '' ELSE ` + zone + ` END, n % 3 <> 2, 0, ? - n * 60000 FROM i`,
			[]any{firstAdminVol, nowMs}},
		{series(adminVolunteers) + `INSERT INTO user_roles (user_id, role, granted_at) SELECT ? + n, 'volunteer', 0 FROM i`,
			[]any{firstAdminVol}},
		// Today's orders: n % 20 < 9 open, < 18 claimed, else delivered; placed evenly since midnight.
		{series(adminTodayOrders) + `, o AS (SELECT n, ?1 + (n * ?2) / ?3 AS at, (n % 20) AS s FROM i)
			INSERT INTO orders (id, household_id, placed_by, zone, category, shape, items, urgent, vulnerable,
				status, version, claimed_by, created_at, claimed_at, delivered_at, claim_deadline, deliver_deadline)
			SELECT ?4 + n, n % 10000 + 1, 1000000 + n % 10000, ` + zone + `, ` + cats + `, 'delivery', '大米 5kg',
				n % 9 = 0, n % 10 = 0, CASE WHEN s < 9 THEN 'open' WHEN s < 18 THEN 'claimed' ELSE 'delivered' END,
				1, CASE WHEN s < 9 THEN NULL ELSE ?5 + n % 300 END, at,
				CASE WHEN s < 9 THEN NULL ELSE at + (n % 40) * 60000 END,
				CASE WHEN s < 18 THEN NULL ELSE at + 90 * 60000 END,
				at + 30 * 60000, CASE WHEN s < 9 THEN NULL ELSE at + 240 * 60000 END FROM o`,
			[]any{dayStart, span, adminTodayOrders, seedOrders + 1, firstAdminVol}},
		{`INSERT INTO notices (id, author, audience, text, spec, state, created_at, last_run_at)
			` + series(adminNotices) + ` SELECT n + 1, ?1, CASE n % 3 WHEN 0 THEN 'all' WHEN 1 THEN 'residents' ELSE 'zone:a1' END,
				'明天上午9点核酸检测，请带好身份证。第' || n || '号通知', CASE WHEN n % 10 = 0 THEN '0 8 * * *' ELSE '' END,
				'active', ?2 - (?3 - n) * 3600000, ?2 - (?3 - n) * 3600000 FROM i`, []any{adminUser, nowMs, adminNotices}},
		{series(adminNotices) + `INSERT INTO notice_runs (id, notice_id, scheduled_for, send_after, state, expanded,
				recipients, created_at, finished_at)
			SELECT n + 1, n + 1, created_at, created_at, 'done', 1, ?, created_at, created_at + 600000
			FROM i JOIN notices ON notices.id = n + 1`, []any{adminRecipients}},
		{series(adminNoticeFull*adminRecipients) + `INSERT INTO outbox (chat_id, priority, payload, dedup_key, status,
				attempts, error, created_at, sent_at, message_id)
			SELECT 1000000 + n % ?1, 2, '{"text":"明天上午9点核酸检测，请带好身份证。","chat_id":' || (1000000 + n % ?1) || '}',
				'run:' || (?2 - n / ?1), CASE WHEN n % 50 = 0 THEN 'unreachable' WHEN n % 97 = 0 THEN 'failed'
				WHEN n < ?1 AND n % 4 = 0 THEN 'pending' ELSE 'sent' END, 1, CASE WHEN n % 97 = 0 THEN 'bad request' ELSE '' END,
				?3, ?3, n FROM i`, []any{adminRecipients, adminNotices, nowMs - 3600000}},
		{`UPDATE households SET monitored = 1 WHERE id <= ?`, []any{adminMonitored}},
		{series(adminMonitored*adminCheckinDays) + `INSERT INTO checkin_days (household_id, day, prompted_at, answer,
				answered_by, answered_at)
			SELECT n % ?1 + 1, strftime('%Y%m%d', (?2 - (n / ?1) * 86400000) / 1000, 'unixepoch', '+8 hours'), ?2,
				CASE WHEN n < ?1 AND n % 4 = 3 THEN NULL WHEN n % 50 = 1 THEN 'help' WHEN n % 70 = 2 THEN 'sick' ELSE 'ok' END,
				CASE WHEN n < ?1 AND n % 4 = 3 THEN NULL ELSE 1000000 + n % ?1 END, NULL FROM i`,
			[]any{adminMonitored, nowMs}},
		{series(adminHandled+20) + `INSERT INTO inbox (update_id, body, received_at, done_at)
			SELECT n + 1, '{"update_id":' || (n + 1) || ',"message":{"text":"/orders"}}', ?1 - (?2 + 20 - n) * 30000,
				CASE WHEN n < ?2 THEN ?1 - (?2 + 20 - n) * 30000 + 40 END FROM i`, []any{nowMs, adminHandled}},
	}
	for i, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("admin seed %d: %w", i, err)
		}
	}
	return nil
}

// series is a WITH clause naming i(n) for n in [0, count).
func series(count int) string {
	return fmt.Sprintf("WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < %d) ", count-1)
}
