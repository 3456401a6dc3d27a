package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"linli/telegram"
	"linli/telegramtest"
)

// demoZone adds a third zone, a village, to the demo's two.
const demoZone = "[[zones]]\nkey = \"c3\"\nname = \"东风村 3组\"\nlevel = \"precaution\"\n"

// demoEvent is one step of the demo's day: at a local time, someone says something.
type demoEvent struct {
	at   time.Duration // since midnight, local
	user int64
	text string
}

// dashDemo plays a day in a neighbourhood on clock (which starts at 06:30): residents of three
// zones register, volunteers join, about thirty orders are placed, claimed and delivered through
// the day, notices go out (one resident has blocked the bot), households check in. It ends at
// 16:25 with some orders waiting, most of them overdue.
func dashDemo(t *testing.T, lb *liveBot, clock *testClock) {
	t.Helper()
	residents := []struct {
		zone, name, lang, addr string
	}{
		{"a1", "王秀兰", "zh", "3号楼 2单元 301"}, {"a1", "刘建国", "zh", "5号楼 1单元 502"}, {"a1", "Ann Lee", "en", "7号楼 101"},
		{"a1", "赵淑珍", "zh", "1号楼 3单元 201"}, {"b2", "张桂芳", "zh", "5号楼 101"}, {"b2", "陈志强", "zh", "2号楼 803"},
		{"b2", "孙丽", "zh", "9号楼 1204"}, {"b2", "Tom Chen", "en", "4号楼 602"}, {"c3", "李大爷", "zh", "村东头 12号"},
		{"c3", "周婶", "zh", "村西 3号"}, {"c3", "马老汉", "zh", "养猪场旁 7号"},
	}
	for i, r := range residents {
		id := int64(3001 + i)
		lb.ts.AddUser(telegramtest.User{ID: id, FirstName: r.name, LanguageCode: r.lang})
		mustSay(t, lb.sayAll(t, id, fmt.Sprintf("/register %s; %s; 139%08d; %s", r.zone, r.name, 139000+i, r.addr))[0], "")
	}
	vols := map[string][]int64{"a1": {201, 202}, "b2": {203, 205}, "c3": {204}}
	enlist(t, lb, 201, "zh", "李雷", "a1")
	enlist(t, lb, 202, "en", "Bob", "a1")
	enlist(t, lb, 203, "zh", "韩梅梅", "b2")
	enlist(t, lb, 204, "zh", "王大力", "c3")
	enlist(t, lb, 205, "zh", "陈刚", "b2")
	lb.ts.Block(3008)
	lb.sayAll(t, 900, "/monitor zone:a1 on")
	lb.sayAll(t, 900, "/monitor zone:b2 on")

	cats := []string{"groceries 大米 5kg; 鸡蛋 10个", "medicine 降压药 硝苯地平", "garbage 2袋", "groceries 青菜 2斤; 豆腐",
		"errand 取快递 2件", "groceries 牛奶 1箱", "livestock 喂猪 12头", "medicine 布洛芬"}
	waits := []int{4, 12, 7, 25, 3, 18, 9, 41, 6, 15, 2, 33, 11, 8, 22, 5}
	var events []demoEvent
	for i := range 30 {
		placed := 6*time.Hour + 50*time.Minute + time.Duration(i)*19*time.Minute
		r := i % len(residents)
		cat := cats[i%len(cats)]
		if residents[r].zone != "c3" && strings.HasPrefix(cat, "livestock") {
			cat = cats[0]
		}
		events = append(events, demoEvent{placed, int64(3001 + r), "/order " + cat})
		if i >= 26 || i == 21 { // the afternoon's last orders, and one at noon, still wait
			continue
		}
		zv := vols[residents[r].zone]
		vol := zv[i%len(zv)]
		claimed := placed + time.Duration(waits[i%len(waits)])*time.Minute
		events = append(events, demoEvent{claimed, vol, fmt.Sprintf("/claim %d", i+1)})
		if i < 20 {
			events = append(events, demoEvent{claimed + 35*time.Minute, vol, fmt.Sprintf("/deliver %d", i+1)})
		}
	}
	events = append(events,
		demoEvent{8 * time.Hour, 900, "/notice all 今天下午2点至4点全员核酸检测，请按楼栋顺序下楼，戴好口罩。"},
		demoEvent{12*time.Hour + 10*time.Minute, 900, "/notice zone:b2 幸福里小区明天上午9点送菜车到东门，请提前在群里登记。"},
		demoEvent{15 * time.Hour, enAdmin, "/notice volunteers Volunteers: protective kits at the community office at 16:00."},
		demoEvent{15*time.Hour + 30*time.Minute, 900, "/schedule 0 8 * * * residents 早上好！请在中午12点前完成今天的健康打卡。"},
		demoEvent{16*time.Hour + 20*time.Minute, 205, "/duty off"},
	)
	slices.SortStableFunc(events, func(a, b demoEvent) int { return int(a.at - b.at) })
	midnight := clock.now().Truncate(time.Hour).Add(-6 * time.Hour)
	checked := false
	for _, e := range events {
		if !checked && e.at >= 9*time.Hour+5*time.Minute {
			jumpTo(clock, midnight.Add(9*time.Hour+5*time.Minute))
			lb.checkins(t)
			demoCheckins(t, lb)
			checked = true
		}
		jumpTo(clock, midnight.Add(e.at))
		lb.sayAll(t, e.user, e.text)
	}
	jumpTo(clock, midnight.Add(16*time.Hour+25*time.Minute))
	lb.drain(t)
}

// demoCheckins has the prompted households answer: most are fine, one needs help, one has
// symptoms, the rest stay silent.
func demoCheckins(t *testing.T, lb *liveBot) {
	t.Helper()
	answers := map[int64]string{3001: "checkin.answer.ok", 3002: "checkin.answer.ok", 3003: "checkin.answer.ok",
		3005: "checkin.answer.help", 3006: "checkin.answer.sick", 3007: "checkin.answer.ok"}
	for user, answer := range answers {
		lang := ZH
		if user == 3003 { // Ann Lee
			lang = EN
		}
		pressed := false
		for _, m := range slices.Backward(lb.ts.BotMessages(user)) {
			if shows(t, m.Text, lang, "checkin.prompt") {
				lb.pressAll(t, user, m, words(lang, answer))
				pressed = true
				break
			}
		}
		if !pressed {
			t.Fatalf("household of %d was not asked to check in", user)
		}
	}
}

// jumpTo moves clock forward to at (never back).
func jumpTo(clock *testClock, at time.Time) {
	if d := at.Sub(clock.now()); d > 0 {
		clock.jump(d)
	}
}

// TestBrowser_DashboardAfterADay logs in through the link /dashboard sends, in real headless
// Chromium, after a scripted day, and checks what the admin sees. With LINLI_SCREENSHOT=1 it
// writes the screenshot in the README (docs/dashboard.png).
func TestBrowser_DashboardAfterADay(t *testing.T) {
	t.Parallel()
	chromium := chromiumFor(t)
	clock := newTestClock()
	clock.base = clock.base.Add(-3*time.Hour - 30*time.Minute) // 06:30
	hooks := &appHooks{now: clock.now, sender: func(o *telegram.SenderOptions) {
		o.PerSec, o.PerChat, o.PerGrp = 1000, time.Millisecond, time.Millisecond
	}}
	lb := startBotWith(t, quick, hooks, demoZone+dashWeb)
	addUsers(lb.ts)
	addEnglishAdmin(t, lb)
	dashDemo(t, lb, clock)
	link, _ := dashboardLink(t, lb, 900)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(`#waits svg`)); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	title, _ := chromedp.Run(ctx, chromedp.Title())
	text, err := chromedp.Run(ctx, chromedp.Text(`body`))
	if err != nil {
		t.Fatal(err)
	}
	bars, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#waits svg rect.median').length`))
	if strings.Contains(url, "t=") || title != words(ZH, "web.title") {
		t.Errorf("after the link: url %q (the token must leave the address bar), title %q", url, title)
	}
	for _, want := range []string{words(ZH, "web.orders_title"), "官北沟社区 1号楼-8号楼", "东风村 3组", words(ZH, "web.chart_title"),
		words(ZH, "web.vol_title"), "韩梅梅", words(ZH, "web.notices_title"), "全员核酸检测", words(ZH, "web.checkins_title"), words(ZH, "web.logout")} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	if bars < 5 {
		t.Errorf("%d median bars in the chart, want one per hour with claims", bars)
	}
	if os.Getenv("LINLI_SCREENSHOT") == "1" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "dashboard.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lb.noneRefused(t)
}
