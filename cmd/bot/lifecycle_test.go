package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/orders"
	"linli/outbox"
	"linli/store"
	"linli/telegramtest"
)

// Residents of the purge test: two whose orders are all finished, one with an order still open,
// and one who left a registration half-way.
const (
	openUser    int64 = 103
	halfUser    int64 = 104
	purgePhone1       = "13912340001"
	purgePhone2       = "13912340002"
	openPhone         = "13912340003"
)

// purgeSecrets are what must be gone from the file after the purge: phones, names (typed and
// Telegram's), addresses, order texts, photo ids, a comment, and the CSV of an export.
var purgeSecrets = []string{
	purgePhone1, purgePhone2, "王秀英", "Jane Doe", "99号楼", "7单元 1703", "88号楼", "3单元 502",
	"特别大米", "Cheese crackers", "备注门口挂袋", "AgACprescriptionXYZ", "AgADdeliveryPHOTO", "谢谢小李",
	"孙半途", "王<b>阿姨</b>", "Ann & Bob", "Ann \\u0026 Bob", "export-secret-row",
}

// lifecycleVolunteer claims and delivers orders straight in the database.
const lifecycleVolunteer int64 = 777

// finishInDB claims and delivers order id at the bot's clock, as a volunteer would.
func finishInDB(t *testing.T, lb *liveBot, clock *testClock, id int64) {
	t.Helper()
	inDB(t, lb, func(ctx context.Context, tx *sql.Tx) error {
		svc := orders.New(orders.Options{})
		if _, err := svc.Claim(ctx, tx, id, lifecycleVolunteer, clock.now()); err != nil {
			return err
		}
		_, err := svc.Deliver(ctx, tx, id, lifecycleVolunteer, "AgADdeliveryPHOTO", clock.now())
		return err
	})
}

// inDB runs fn in a write transaction on the bot's database beside the running bot.
func inDB(t *testing.T, lb *liveBot, fn func(ctx context.Context, tx *sql.Tx) error) {
	t.Helper()
	db, err := store.OpenNoMigrate(filepath.Join(lb.dir, "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error { return fn(context.Background(), tx) }); err != nil {
		t.Fatal(err)
	}
}

// lastOrder is the newest order of user's household.
func lastOrder(t *testing.T, lb *liveBot, user int64) int64 {
	t.Helper()
	var id int64
	err := lb.readDB(t).QueryRow(`SELECT max(o.id) FROM orders o JOIN household_members m ON m.household_id = o.household_id
		WHERE m.user_id = ?`, user).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// rawFile is the database file's bytes with its -wal and -shm beside it.
func rawFile(t *testing.T, path string) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// purge runs `bot purge` in-process and returns its exit code and output.
func purge(lb *liveBot, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := realMain(context.Background(), append([]string{"purge", "-config", filepath.Join(lb.dir, "linli.toml")}, args...),
		noEnv, &out, &errb, nil)
	return code, out.String(), errb.String()
}

// statsBody is /stats without its title, whose time moves on.
func statsBody(t *testing.T, lb *liveBot) string {
	t.Helper()
	text := lb.sayAll(t, 900, "/stats")[0].Text
	_, body, _ := strings.Cut(text, "\n")
	return body
}

func TestPurge_NoPhoneNameOrAddressLeftInTheFile(t *testing.T) {
	clock := newTestClock()
	clock.base = clock.base.AddDate(0, 0, -10) // everything happens nine days ago
	hooks := fastSender()
	hooks.now = clock.now
	lb := startBot(t, quick, hooks)
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: openUser, FirstName: "Kept", LanguageCode: "zh"})
	lb.ts.AddUser(telegramtest.User{ID: halfUser, FirstName: "Half", LanguageCode: "zh"})
	for user, line := range map[int64]string{
		zhUser:   "/register a1; 王秀英; " + purgePhone1 + "; 99号楼 7单元 1703",
		enUser:   "/register a1; Jane Doe; " + purgePhone2 + "; 88号楼 3单元 502",
		openUser: "/register b2; 李保留; " + openPhone + "; 77号楼 1单元 101",
	} {
		lb.sayAll(t, user, line)
	}
	lb.sayAll(t, zhUser, "/order groceries 特别大米 5kg")
	received := lastOrder(t, lb, zhUser)
	lb.sayAll(t, zhUser, "/order errand 特别大米 again")
	cancelled := lastOrder(t, lb, zhUser)
	lb.sayAll(t, enUser, "/order groceries Cheese crackers")
	delivered := lastOrder(t, lb, enUser)
	lb.sayAll(t, openUser, "/order groceries 开放订单鸡蛋")
	open := lastOrder(t, lb, openUser)
	lb.say(t, halfUser, "/register")
	lb.sayAll(t, halfUser, "孙半途") // a registration left after its first step
	inDB(t, lb, func(ctx context.Context, tx *sql.Tx) error {
		for _, q := range []string{
			`UPDATE orders SET note = '备注门口挂袋', prescription_photo = 'AgACprescriptionXYZ' WHERE id = ` + itoa(received),
			`UPDATE orders SET note = '保留备注' WHERE id = ` + itoa(open),
			`INSERT INTO checkin_days (household_id, day, prompted_at, answer, temperature)
				SELECT household_id, '20000101', 0, 'sick', '38.6' FROM orders WHERE id = ` + itoa(received),
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		csv := []byte("\ufeffid,name,phone\n1,王秀英," + purgePhone1 + ",export-secret-row\n")
		_, err := outbox.Add(ctx, tx, outbox.Message{ChatID: 900, Kind: outbox.KindDocument,
			Document: &outbox.Document{Name: "orders.csv", Data: csv}}, outbox.Options{}, clock.now())
		return err
	})
	purgeSecrets = append(purgeSecrets, base64.StdEncoding.EncodeToString([]byte("1,王秀英,"+purgePhone1)))
	finishInDB(t, lb, clock, received)
	finishInDB(t, lb, clock, delivered)
	lb.sayAll(t, zhUser, "/received "+itoa(received)+" 5 谢谢小李")
	lb.sayAll(t, zhUser, "/cancel "+itoa(cancelled))
	lb.drain(t)
	for _, id := range []int64{received, cancelled, delivered} {
		if s := orderStatus(t, lb, id); s == "open" || s == "claimed" {
			t.Fatalf("order %d still %s", id, s)
		}
	}
	dbPath := filepath.Join(lb.dir, "linli.db")
	if raw := rawFile(t, dbPath); !bytes.Contains(raw, []byte(purgePhone1)) || !bytes.Contains(raw, []byte("99号楼")) {
		t.Fatal("the secrets are not in the file before the purge: the test proves nothing")
	}
	before := statsBody(t, lb)

	today := time.Now().In(clock.base.Location()).Format(time.DateOnly)
	code, out, errText := purge(lb, "-before", today) // the bot is running
	if code != exitOK || !strings.Contains(out, "3 orders and 2 households anonymised") {
		t.Fatalf("purge: exit %d\n%s%s", code, out, errText)
	}
	code, out, _ = purge(lb, "-before", today)
	if code != exitOK || !strings.Contains(out, "0 orders and 0 households anonymised, 0 names blanked, 0 notice texts blanked, 0 rows deleted, 0 rows blanked") {
		t.Errorf("second purge changed something: %s", out)
	}
	if after := statsBody(t, lb); after != before {
		t.Errorf("/stats changed by the purge:\n%s\nwant\n%s", after, before)
	}
	lb.noneRefused(t)
	if code := lb.stop(); code != exitOK {
		t.Fatalf("stop: exit %d", code)
	}

	raw := rawFile(t, dbPath)
	for _, s := range purgeSecrets {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q is still in the database file", s)
		}
	}
	checkKept(t, dbPath, open)
}

// checkKept checks the open order and its household are whole, the statistics' columns of the
// purged orders kept, and the purges recorded in the audit log.
func checkKept(t *testing.T, dbPath string, open int64) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var name, phone, building, room, items, note string
	err = db.QueryRow(`SELECT h.name, h.phone, h.building, h.room, o.items, o.note FROM orders o
		JOIN households h ON h.id = o.household_id WHERE o.id = ?`, open).Scan(&name, &phone, &building, &room, &items, &note)
	if err != nil || name != "李保留" || phone != openPhone || building != "77号楼" || room != "1单元 101" ||
		items != "开放订单鸡蛋" || note != "保留备注" {
		t.Errorf("open order's household: %q %q %q %q %q %q, %v", name, phone, building, room, items, note, err)
	}
	var n, rated, zones, answers, purges int
	err = db.QueryRow(`SELECT count(*), sum(rating = 5), count(DISTINCT zone) FROM orders WHERE purged_at IS NOT NULL
		AND category <> '' AND status IN ('delivered', 'received', 'cancelled')`).Scan(&n, &rated, &zones)
	if err != nil || n != 3 || rated != 1 || zones != 1 {
		t.Errorf("purged orders kept for statistics: %d, rated %d, zones %d, %v", n, rated, zones, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM checkin_days WHERE answer = 'sick' AND temperature IS NULL`).Scan(&answers); err != nil || answers != 1 {
		t.Errorf("check-in answer kept, temperature dropped: %d, %v", answers, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'purge' AND source = 'cli' AND outcome = 'ok'`).Scan(&purges); err != nil || purges != 2 {
		t.Errorf("purges in the audit log: %d, %v", purges, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
