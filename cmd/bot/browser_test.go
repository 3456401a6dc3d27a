package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowser_PlaygroundLoop drives the playground page in real headless Chromium (Debian's
// chromium, which .ci/run installs): a resident registers by pressing buttons, orders, a volunteer
// invited by the admin claims it from their phone, and the resident's chat shows who is coming.
func TestBrowser_PlaygroundLoop(t *testing.T) {
	t.Parallel()
	chromium := chromiumFor(t)
	run := startPlayground(t, fastSender())
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1600, 1200))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(run.base+"/"), chromedp.WaitVisible(`.phone[data-chat="101"] .compose input`)); err != nil {
		t.Fatalf("page: %v", err)
	}
	const resident, volunteer, admin = 101, 201, 900
	page := browserPage{t: t, ctx: ctx}
	page.say(resident, "/start")
	page.press(resident, words(ZH, "button.zh"))
	page.waitShows(resident, ZH, "register.ask_name")
	page.say(resident, "王秀兰")
	page.press(resident, words(ZH, "register.share_phone")) // the reply keyboard's share-contact button
	page.press(resident, "官北沟")
	page.waitShows(resident, ZH, "register.ask_building")
	page.say(resident, "3号楼")
	page.waitShows(resident, ZH, "register.ask_room")
	page.say(resident, "2单元 301")
	page.press(resident, "2")
	page.press(resident, words(ZH, "button.done"))
	page.press(resident, words(ZH, "button.confirm"))
	page.waitShows(resident, ZH, "register.done")

	page.say(admin, "/invite a1")
	page.waitFor(admin, "start=v_")
	code := regexp.MustCompile(`start=v_([a-z2-9]+)`).FindStringSubmatch(page.text(admin))
	if code == nil {
		t.Fatalf("no invite code in the admin's chat: %q", page.text(admin))
	}
	page.say(volunteer, "/start v_"+code[1])
	page.waitShows(volunteer, ZH, "join.welcome")

	page.say(resident, "/order groceries 大米 5kg")
	page.waitShows(resident, ZH, "order.placed", 1)
	page.say(volunteer, "/queue")
	page.press(volunteer, words(ZH, "queue.claim", 1))
	page.waitFor(volunteer, "13800000101") // the claimer sees the phone the resident shared
	page.waitShows(resident, ZH, "notify.claimed_by", anyArg{}, 1)
}

// browserPage acts on the playground page as a person would: typing into a phone's box, pressing
// its buttons, reading its chat.
type browserPage struct {
	t   *testing.T
	ctx context.Context
}

// eval runs js in the page and returns its value.
func eval[T any](p browserPage, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// say types text into the phone's box and presses Send.
func (p browserPage) say(phone int, text string) {
	p.t.Helper()
	sel := fmt.Sprintf(`.phone[data-chat="%d"] .compose input[name="text"]`, phone)
	err := chromedp.Do(p.ctx, chromedp.SetValue(sel, text),
		chromedp.Click(fmt.Sprintf(`.phone[data-chat="%d"] .compose button[type="submit"]`, phone)))
	if err != nil {
		p.t.Fatalf("typing %q on %d: %v", text, phone, err)
	}
}

// press presses the newest button on the phone whose label contains label, waiting for it.
func (p browserPage) press(phone int, label string) {
	p.t.Helper()
	js := fmt.Sprintf(`(() => {
		const bs = [...document.querySelectorAll('.phone[data-chat="%d"] button')].filter(b => b.textContent.includes(%q));
		if (!bs.length) return false;
		bs[bs.length - 1].click();
		return true;
	})()`, phone, label)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if eval[bool](p, js) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("no button %q on phone %d; its chat:\n%s", label, phone, p.text(phone))
}

// text is what the phone's chat shows.
func (p browserPage) text(phone int) string {
	return eval[string](p, fmt.Sprintf(`document.querySelector('.phone[data-chat="%d"] .chat').innerText`, phone))
}

// waitFor waits until the phone's chat shows want.
func (p browserPage) waitFor(phone int, want string) {
	p.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(p.text(phone), want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("phone %d never showed %q; its chat:\n%s", phone, want, p.text(phone))
}
