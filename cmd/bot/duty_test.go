package main

import "testing"

// Walk: a volunteer holding urgent order #1 and batch B1 sends /duty off. The answer says what
// they still hold, with a Release button for each, in their language; going off duty releases
// nothing. A volunteer holding nothing reads only that they are off duty.
func TestDuty_OffWhileHoldingTasksSaysWhatIsStillHeld_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := batchBot(t)
	lb.sayAll(t, volZH, "/claim 1")
	lb.sayAll(t, volZH, "/claim B1")
	lb.sayAll(t, volEN, "/claim 2")

	off := lb.say(t, volZH, "/duty off")
	held := words(ZH, "duty.held_urgent", 1) + words(ZH, "revoke.item_sep") + words(ZH, "duty.held_batch", 1)
	if !shows(t, off.Text, ZH, "duty.off") || !shows(t, off.Text, ZH, "duty.still_holding", held) ||
		!hasButton(off, words(ZH, "queue.release_button", 1)) || !hasButton(off, words(ZH, "batch.release_button", 1)) ||
		!hasButton(off, words(ZH, "duty.go_on")) {
		t.Fatalf("/duty off holding #1 and B1: %+v", off)
	}
	if orderStatus(t, lb, 1) != "claimed" || batchHolder(t, lb, 1) != volZH {
		t.Fatal("going off duty released something")
	}
	// Its Release button gives the order back.
	lb.pressAll(t, volZH, off, words(ZH, "queue.release_button", 1))
	if orderStatus(t, lb, 1) != "open" {
		t.Fatalf("#1 after Release under /duty off: %s", orderStatus(t, lb, 1))
	}

	// In English, by the duty button too (#2 is urgent: a vulnerable household's).
	duty := lb.say(t, volEN, "/duty")
	got := lb.pressEdited(t, volEN, duty, words(EN, "duty.go_off"))
	if !shows(t, got.Text, EN, "duty.still_holding", words(EN, "duty.held_urgent", 2)) || !hasButton(got, words(EN, "queue.release_button", 2)) {
		t.Fatalf("duty button off holding #2: %+v", got)
	}
	lb.sayAll(t, volEN, "/release 2")
	if got := lb.say(t, volEN, "/duty off"); !shows(t, got.Text, EN, "duty.off") || shows(t, got.Text, EN, "duty.still_holding") {
		t.Fatalf("/duty off holding nothing: %q", got.Text)
	}
	lb.noneRefused(t)
}
