package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/orders"
	"linli/store"
)

// deliverAsVolunteer claims and delivers order id straight in the database, as a volunteer
// would (their commands come with the volunteers' issue).
func deliverAsVolunteer(t *testing.T, lb *liveBot, id int64) {
	t.Helper()
	db, err := store.OpenNoMigrate(filepath.Join(lb.dir, "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := orders.New(orders.Options{})
	err = store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
		if _, err := svc.Claim(context.Background(), tx, id, 777, time.Now()); err != nil {
			return err
		}
		_, err := svc.Deliver(context.Background(), tx, id, 777, "", time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func orderStatus(t *testing.T, lb *liveBot, id int64) string {
	t.Helper()
	var s string
	if err := lb.readDB(t).QueryRow(`SELECT status FROM orders WHERE id = ?`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestForgedButtons_AnsweredAndChangeNothing(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王阿姨")
	register(t, lb, enUser, "en", "Ann")
	lb.say(t, enUser, "/order groceries milk")     // #1, Ann's (household 2)
	mine := lb.say(t, zhUser, "/order garbage 2袋") // #2, 王阿姨's (household 1)
	enMsg := lb.ts.BotMessages(enUser)[0]
	presses := []struct {
		chat int64
		msg  int
		data string
		key  string
	}{
		{zhUser, mine.ID, "o:c:1", "order.not_yours"},
		{zhUser, mine.ID, "o:k:1", "order.not_yours"},
		{zhUser, mine.ID, "o:r:1", "order.not_yours"},
		{zhUser, mine.ID, "o:s:1:5", "order.not_yours"},
		{zhUser, mine.ID, "o:s:2:9", "error.stale_button"},
		{zhUser, mine.ID, "o:r:2", "order.refused_received"}, // not delivered yet
		{zhUser, mine.ID, "o:c:abc", "error.stale_button"},
		{zhUser, mine.ID, "o:zz:2", "error.stale_button"},
		{zhUser, mine.ID, "p:e:2", "error.forbidden"},
		{zhUser, mine.ID, "p:e:-1", "error.forbidden"},
		{zhUser, mine.ID, "f:confirm:yes", "error.stale_button"},
		{zhUser, mine.ID, "f:cat:<script>", "error.stale_button"},
		{zhUser, mine.ID, "m:<b>x</b>", "error.stale_button"},
		{zhUser, mine.ID, "lang:fr", "error.stale_button"},
		{zhUser, mine.ID, "\x00\x01", "error.stale_button"},
		{zhUser, mine.ID, strings.Repeat("😀", 16), "error.stale_button"},
		{enUser, enMsg.ID, "o:c:1", "error.stale_button"}, // 王阿姨 pressing in Ann's chat
	}
	for _, p := range presses {
		id := lb.ts.PressRaw(zhUser, p.chat, p.msg, p.data)
		lb.settle(t, id)
		var got string
		for _, a := range lb.ts.CallbackAnswers() {
			if a.Data == p.data && a.ChatID == p.chat {
				got = a.Text
			}
		}
		if !shows(t, got, ZH, p.key) {
			t.Errorf("press %q in chat %d: answered %q, want %s", p.data, p.chat, got, p.key)
		}
	}
	if n := len(lb.ts.CallbackAnswers()); n < len(presses) {
		t.Errorf("%d presses, %d answered: a spinner was left turning", len(presses), n)
	}
	if s1, s2 := orderStatus(t, lb, 1), orderStatus(t, lb, 2); s1 != "open" || s2 != "open" {
		t.Fatalf("forged presses changed orders: #1 %s, #2 %s", s1, s2)
	}
	var flows int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM conversations`).Scan(&flows)
	if flows != 0 {
		t.Fatalf("a forged press started a flow")
	}
	lb.noneRefused(t)
}

func TestFlows_StickersAndPhotosWhereTextIsExpected(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.say(t, zhUser, "/register")
	for _, send := range []func() int64{
		func() int64 { return lb.ts.SendSticker(zhUser) },
		func() int64 { return lb.ts.SendPhoto(zhUser, "") },
		func() int64 { return lb.ts.SendPhoto(zhUser, "王阿姨") },
	} {
		before := len(lb.ts.BotMessages(zhUser))
		got := lb.answers(t, zhUser, before, send())
		if len(got) != 2 || !shows(t, got[0].Text, ZH, "flow.use_buttons") || !shows(t, got[1].Text, ZH, "register.ask_name") {
			t.Fatalf("non-text at the name step: %+v", got)
		}
	}
	register(t, lb, enUser, "en", "Ann")
	cat := lb.say(t, enUser, "/order")
	items := lb.press(t, enUser, cat, words(EN, "cat.groceries"))
	lb.press(t, enUser, items, words(EN, "item.milk"))
	before := len(lb.ts.BotMessages(enUser))
	got := lb.answers(t, enUser, before, lb.ts.SendSticker(enUser))
	if len(got) != 2 || !shows(t, got[1].Text, EN, "order.ask_items.delivery", words(EN, "order.example.groceries"), words(EN, "item.milk")) {
		t.Fatalf("sticker at the items step lost the order in progress: %+v", got)
	}
}

func TestReceived_ButtonsRatingAndComment(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, enUser, "en", "Ann")
	lb.say(t, enUser, "/order groceries milk")
	placeOrder(t, lb, enUser, "/order groceries bread")
	deliverAsVolunteer(t, lb, 1)
	deliverAsVolunteer(t, lb, 2)
	list := lb.say(t, enUser, "/orders")
	if !strings.Contains(list.Text, words(EN, "status.delivered")) {
		t.Fatalf("/orders after delivery: %q", list.Text)
	}
	rate := lb.press(t, enUser, list, words(EN, "button.received", 1))
	if !strings.Contains(rate.Text, "#1") {
		t.Fatalf("received: %q", rate.Text)
	}
	if thanks := lb.press(t, enUser, rate, "5"); !strings.Contains(thanks.Text, "#1") {
		t.Fatalf("rating: %q", thanks.Text)
	}
	if got := lb.say(t, enUser, "/received 2 4 <b>very</b> kind 🙏"); !strings.Contains(got.Text, "#2") {
		t.Fatalf("/received with rating and comment: %q", got.Text)
	}
	var rating int
	var comment string
	_ = lb.readDB(t).QueryRow(`SELECT rating, comment FROM orders WHERE id = 2`).Scan(&rating, &comment)
	if rating != 4 || comment != "<b>very</b> kind 🙏" || orderStatus(t, lb, 1) != "received" {
		t.Fatalf("stored: rating %d comment %q, #1 %s", rating, comment, orderStatus(t, lb, 1))
	}
	if again := lb.say(t, enUser, "/cancel 2"); !shows(t, again.Text, EN, "order.refused_cancel", 2, words(EN, "status.received"), words(EN, "order.why_cancel.received")) {
		t.Fatalf("cancel after receipt: %q", again.Text)
	}
	lb.noneRefused(t)
}

func TestFlow_LapsedFlowEndsPolitelyAndCancelWorksAtAnyStep(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, enUser, "en", "Ann")
	cat := lb.say(t, enUser, "/order")
	lb.press(t, enUser, cat, words(EN, "cat.groceries"))
	// The resident walks away for an hour.
	db := writeDB(t, lb)
	if _, err := db.Exec(`UPDATE conversations SET updated_at = updated_at - 3600000 WHERE user_id = ?`, enUser); err != nil {
		t.Fatal(err)
	}
	if got := lb.say(t, enUser, "milk"); !shows(t, got.Text, EN, "flow.lapsed.order", 30) {
		t.Fatalf("lapsed flow: %q", got.Text)
	}
	if got := lb.say(t, enUser, "milk"); !showsAny(t, got.Text, EN, "free.draft", "free.draft_pick") {
		t.Fatalf("after the lapse: %q", got.Text)
	}
	// Cancel from a button at a later step, then /cancel with nothing running.
	cat = lb.say(t, enUser, "/order")
	items := lb.press(t, enUser, cat, words(EN, "cat.groceries"))
	items = lb.press(t, enUser, items, words(EN, "item.milk"))
	urgent := lb.press(t, enUser, items, words(EN, "button.done"))
	if got := lb.press(t, enUser, urgent, words(EN, "button.cancel")); !shows(t, got.Text, EN, "order.cancelled") {
		t.Fatalf("cancel button: %q", got.Text)
	}
	// ✖ on that question again: it is over, and the order hint of /cancel is beside the point.
	if got := pressAnswer(t, lb, enUser, enUser, urgent.ID, buttonData(t, urgent, words(EN, "button.cancel"))); !shows(t, got, EN, "flow.closed") {
		t.Fatalf("cancel button pressed again: %q", got)
	}
	if got := lb.say(t, enUser, "/cancel"); !shows(t, got.Text, EN, "free.cancel_none") {
		t.Fatalf("/cancel with no flow: %q", got.Text)
	}
	var n int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d orders from cancelled flows", n)
	}
}

// Received pressed under the delivery notice turns that notice into the rating question, and a
// star into the thanks: no Received, Not received or stars are left to press again. Pressed in
// /orders (a list of several orders) the list stays and the answer comes on its own.
func TestReceived_TheNoticePressedBecomesTheAnswer_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, enUser, "en", enResident)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.sayAll(t, enUser, "/order groceries milk")
	lb.sayAll(t, zhUser, "/order groceries 牛奶")
	for i, u := range []struct {
		user int64
		lang string
	}{{enUser, EN}, {zhUser, ZH}} {
		id := int64(i + 1)
		lb.say(t, volZH, fmt.Sprintf("/claim %d", id))
		lb.sayAll(t, volZH, fmt.Sprintf("/deliver %d", id))
		notice := lastShowing(t, lb, u.user, u.lang, "notify.delivered", id)
		rate := lb.press(t, u.user, notice, words(u.lang, "button.received", id))
		if rate.ID != notice.ID || !shows(t, rate.Text, u.lang, "order.received_ok", id) || hasButton(rate, words(u.lang, "button.not_received", id)) {
			t.Fatalf("%s: the notice after Received: %+v", u.lang, rate)
		}
		thanks := lb.press(t, u.user, rate, "5")
		if thanks.ID != notice.ID || !shows(t, thanks.Text, u.lang, "order.thanks", id) || thanks.ReplyMarkup != nil && len(thanks.ReplyMarkup.InlineKeyboard) > 0 {
			t.Fatalf("%s: after the stars: %+v", u.lang, thanks)
		}
	}
	lb.noneRefused(t)
}
