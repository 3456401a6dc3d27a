package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/telegram"
	"linli/telegramtest"
)

// dashWeb turns the dashboard on, on a port of the system's choosing (the link names it).
const dashWeb = "[limits]\nmessages_per_minute = 1000\nopen_orders_per_household = 20\n[web]\nlisten = \"127.0.0.1:0\"\n"

// dashBot is the bot on a test clock with the dashboard on, its users, and the English admin.
func dashBot(t *testing.T, extra string) (*liveBot, *testClock) {
	t.Helper()
	clock := newTestClock()
	hooks := &appHooks{now: clock.now, sender: func(o *telegram.SenderOptions) {
		o.PerSec, o.PerChat, o.PerGrp = 1000, time.Millisecond, time.Millisecond
	}}
	lb := startBotWith(t, quick, hooks, dashWeb+extra)
	addUsers(lb.ts)
	addEnglishAdmin(t, lb)
	return lb, clock
}

var linkRe = regexp.MustCompile(`https?://[^\s<>"]+/login\?t=[A-Za-z0-9_-]+`)

// dashboardLink has admin send /dashboard and returns the login link the bot answered with.
func dashboardLink(t *testing.T, lb *liveBot, admin int64) (string, telegramtest.Message) {
	t.Helper()
	msg := lb.say(t, admin, "/dashboard")
	link := linkRe.FindString(msg.Text)
	if link == "" {
		t.Fatalf("no login link in %q", msg.Text)
	}
	return link, msg
}

// browser is an admin's browser: a cookie jar, redirects not followed, every request sent to the
// dashboard's listener whatever host the link names.
type browser struct {
	t      *testing.T
	client *http.Client
	base   string
}

func newBrowser(t *testing.T, link string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	base, _, _ := strings.Cut(link, "/login?")
	return &browser{t: t, base: base, client: &http.Client{Jar: jar, Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches url and returns the status, the body and the response.
func (b *browser) get(url string) (int, string, *http.Response) {
	b.t.Helper()
	resp, err := b.client.Get(url)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp
}

// login opens link as a person would: the page it answers moves on to the dashboard.
func (b *browser) login(link string) string {
	b.t.Helper()
	code, body, resp := b.get(link)
	if code != http.StatusOK || !strings.Contains(body, `content="0;url=./"`) {
		b.t.Fatalf("login: %d %q", code, body)
	}
	if c := resp.Header.Get("Set-Cookie"); !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Strict") {
		b.t.Fatalf("session cookie %q, want HttpOnly and SameSite=Strict", c)
	}
	code, page, _ := b.get(b.base + "/")
	if code != http.StatusOK {
		b.t.Fatalf("dashboard after login: %d %q", code, page)
	}
	return page
}

// total is the number on the page's card id ("open", "claimed", "overdue", "duty").
func total(t *testing.T, page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="total-` + id + `">(\d+)<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no total %s on the page", id)
	}
	return m[1]
}

func TestDashboard_LoginLinkShowsOrdersInTheAdminsLanguage(t *testing.T) {
	t.Parallel()
	lb, clock := dashBot(t, "")
	register(t, lb, zhUser, "zh", zhResident)
	hostile := "<script>alert(1)</script><b>李</b>\x07🙂" + strings.Repeat("长", 5000)
	enlist(t, lb, volZH, "zh", hostile, "a1")
	lb.sayAll(t, zhUser, "/order groceries 大米 5kg") // #1: claimed below
	lb.sayAll(t, zhUser, "/order garbage 2袋")       // #2: left waiting past its claim deadline
	lb.sayAll(t, volZH, "/claim 1")
	clock.jump(31 * time.Minute)

	link, msg := dashboardLink(t, lb, 900)
	if !shows(t, msg.Text, ZH, "dashboard.link", 15, link) || msg.ReplyMarkup != nil {
		t.Errorf("zh link message (no button for an IP address, which Telegram refuses): %+v", msg)
	}
	zh := newBrowser(t, link)
	page := zh.login(link)
	for _, want := range []string{words(ZH, "web.title"), words(ZH, "web.orders_title"), "官北沟社区 1号楼-8号楼", words(ZH, "cat.groceries"), "<svg",
		words(ZH, "web.chart_title"), "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;李&lt;/b&gt;🙂", "<td>" + words(ZH, "web.vol_on") + "</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("zh page lacks %q", want)
		}
	}
	if total(t, page, "open") != "1" || total(t, page, "claimed") != "1" || total(t, page, "overdue") != "1" {
		t.Errorf("totals open %s claimed %s overdue %s, want 1 1 1",
			total(t, page, "open"), total(t, page, "claimed"), total(t, page, "overdue"))
	}
	for _, bad := range []string{"<script>", "\x07", strings.Repeat("长", 100), resPhone, resRoom} {
		if strings.Contains(page, bad) {
			t.Errorf("page shows %.40q", bad)
		}
	}

	enLink, enMsg := dashboardLink(t, lb, enAdmin)
	if !shows(t, enMsg.Text, EN, "dashboard.link", 15, enLink) {
		t.Errorf("en link message: %q", enMsg.Text)
	}
	en := newBrowser(t, enLink)
	enPage := en.login(enLink)
	for _, want := range []string{words(EN, "web.title"), words(EN, "web.open"), words(EN, "web.orders_title"), words(EN, "web.chart_title")} {
		if !strings.Contains(enPage, want) {
			t.Errorf("en page lacks %q", want)
		}
	}
	if total(t, enPage, "overdue") != "1" {
		t.Errorf("en overdue = %s", total(t, enPage, "overdue"))
	}
	lb.noneRefused(t)
}

func TestDashboard_RefusesReusedExpiredForgedLinksAndStrangers(t *testing.T) {
	t.Parallel()
	lb, clock := dashBot(t, "")
	link, _ := dashboardLink(t, lb, 900)
	b := newBrowser(t, link)
	b.login(link)

	again := newBrowser(t, link)
	if code, body, _ := again.get(link); code != http.StatusGone || !strings.Contains(body, words(ZH, "web.login_used")) ||
		strings.Contains(body, words(EN, "web.login_used")) || strings.Contains(body, `lang="en"`) {
		t.Errorf("reused link: %d %q, want 410 in the admin's Chinese only", code, body)
	}
	if code, body, _ := again.get(again.base + "/"); code != http.StatusUnauthorized ||
		!strings.Contains(body, words(ZH, "web.login_needed")) || !strings.Contains(body, words(EN, "web.login_needed")) ||
		strings.Contains(body, "total-open") {
		t.Errorf("no cookie: %d %q, want the login page in both languages", code, body)
	}
	forged := again.base + "/login?t=" + strings.Repeat("A", 43)
	for _, u := range []string{forged, again.base + "/login?t=%3Cscript%3E", again.base + "/login"} {
		if code, body, resp := again.get(u); code != http.StatusNotFound || !strings.Contains(body, words(EN, "web.login_invalid")) ||
			!strings.Contains(body, words(ZH, "web.login_invalid")) || resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("forged %s: %d %q", u, code, body)
		}
	}
	late, _ := dashboardLink(t, lb, enAdmin)
	clock.jump(16 * time.Minute)
	if code, body, _ := again.get(late); code != http.StatusGone || !strings.Contains(body, words(EN, "web.login_expired")) {
		t.Errorf("expired link: %d %q", code, body)
	}

	if got := lb.say(t, zhUser, "/dashboard"); !shows(t, got.Text, ZH, "error.admin_only") || linkRe.MatchString(got.Text) {
		t.Errorf("a resident's /dashboard: %q", got.Text)
	}
	if got := lb.say(t, enUser, "/dashboard"); !shows(t, got.Text, EN, "error.admin_only") {
		t.Errorf("a resident's /dashboard (en): %q", got.Text)
	}
	if got := lb.say(t, 900, "/dashboard <b>x</b>"); !shows(t, got.Text, ZH, "dashboard.usage") || linkRe.MatchString(got.Text) {
		t.Errorf("/dashboard with arguments: %q", got.Text)
	}
	var logins int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM web_logins`).Scan(&logins)
	if logins != 2 {
		t.Errorf("%d login links stored, want 2 (refusals change nothing)", logins)
	}
	lb.noneRefused(t)
}

func TestDashboard_RevokedAdminAndLogout(t *testing.T) {
	t.Parallel()
	lb, _ := dashBot(t, "")
	enLink, _ := dashboardLink(t, lb, enAdmin)
	spare, _ := dashboardLink(t, lb, enAdmin) // a second link, never opened
	en := newBrowser(t, enLink)
	en.login(enLink)
	// A session whose admin lost the role some other way (the configuration) is refused on load.
	if _, err := writeDB(t, lb).Exec(`DELETE FROM user_roles WHERE user_id = ? AND role = 'admin'`, enAdmin); err != nil {
		t.Fatal(err)
	}
	if code, body, _ := en.get(en.base + "/"); code != http.StatusForbidden || !strings.Contains(body, words(EN, "web.not_admin")) ||
		strings.Contains(body, "total-open") {
		t.Errorf("admin without the role: %d %q", code, body)
	}
	if code, _, _ := en.get(en.base + "/"); code != http.StatusUnauthorized {
		t.Errorf("admin without the role, next load: %d, want 401", code)
	}
	// /revoke logs out at once: the session and the link not yet opened are gone.
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	again, _ := dashboardLink(t, lb, enAdmin)
	en = newBrowser(t, again)
	en.login(again)
	lb.sayAll(t, 900, fmt.Sprintf("/revoke %d admin", enAdmin))
	var left int
	if err := lb.readDB(t).QueryRow(`SELECT (SELECT count(*) FROM web_sessions WHERE user_id = ?) +
		(SELECT count(*) FROM web_logins WHERE user_id = ?)`, enAdmin, enAdmin).Scan(&left); err != nil || left != 0 {
		t.Errorf("after /revoke: %d sessions and links left (%v)", left, err)
	}
	if code, body, _ := en.get(en.base + "/"); code != http.StatusUnauthorized || strings.Contains(body, "total-open") {
		t.Errorf("revoked admin: %d, want 401", code)
	}
	if code, body, _ := newBrowser(t, spare).get(spare); code == http.StatusOK || strings.Contains(body, "total-open") {
		t.Errorf("revoked admin's unopened link: %d", code)
	}

	link, _ := dashboardLink(t, lb, 900)
	zh := newBrowser(t, link)
	page := zh.login(link)
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("no logout form")
	}
	post := func(form string) int {
		resp, err := zh.client.Post(zh.base+"/logout", "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("csrf=forged"); code != http.StatusForbidden {
		t.Errorf("logout without the form's token: %d, want 403", code)
	}
	if code, _, _ := zh.get(zh.base + "/"); code != http.StatusOK {
		t.Errorf("after a refused logout: %d, want still logged in", code)
	}
	if code := post("csrf=" + csrf[1]); code != http.StatusOK {
		t.Errorf("logout: %d", code)
	}
	if code, _, _ := zh.get(zh.base + "/"); code != http.StatusUnauthorized {
		t.Errorf("after logout: %d, want 401", code)
	}
	lb.noneRefused(t)
}

func TestDashboard_PublicURLGetsAButtonAndASecureCookie(t *testing.T) {
	t.Parallel()
	lb, _ := dashBot(t, "url = \"https://linli.example.org/\"\n")
	link, msg := dashboardLink(t, lb, 900)
	if !strings.HasPrefix(link, "https://linli.example.org/login?t=") || msg.ReplyMarkup == nil ||
		msg.ReplyMarkup.InlineKeyboard[0][0].URL != link {
		t.Fatalf("link %q, message %+v: want the public URL in the text and as a button", link, msg)
	}
	addr := regexp.MustCompile(`dashboard listening.*addr=(\S+)`).FindStringSubmatch(lb.logs.String())
	if addr == nil {
		t.Fatal("the dashboard's address is not logged")
	}
	b := newBrowser(t, link)
	b.client.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr[1])
	}}
	_, _, resp := b.get("http://linli.example.org/login?t=" + strings.TrimPrefix(link, "https://linli.example.org/login?t="))
	if c := resp.Header.Get("Set-Cookie"); !strings.Contains(c, "Secure") || !strings.Contains(c, "Max-Age=43200") {
		t.Errorf("session cookie behind https: %q", c)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	logins := func() (n int) {
		lb.readDB(t).QueryRow(`SELECT count(*) FROM web_logins`).Scan(&n)
		return n
	}
	before := logins()
	for admin, lang := range map[int64]string{900: ZH, enAdmin: EN} { // the one answer of every private-only command
		got := lb.groupSay(t, pgGroup, admin, "/dashboard")
		if len(got) != 1 || !shows(t, got[0].Text, lang, "place.private_only") || linkRe.MatchString(got[0].Text) {
			t.Errorf("/dashboard in a group from %d: %+v", admin, got)
		}
	}
	if n := logins(); n != before {
		t.Errorf("/dashboard in a group made %d login links", n-before)
	}
	lb.noneRefused(t)
}

// The dashboard's notices say what became of each: a schedule taken off is "unscheduled", not
// still shown as a live schedule; a preview discarded says it was never sent (walk B, finding 22).
func TestDashboard_NoticesSayWhatBecameOfThem(t *testing.T) {
	t.Parallel()
	lb, _ := dashBot(t, "[notices]\nconfirm_over = 1\n")
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", "Ann")
	lb.sayAll(t, 900, "/schedule 0 8 * * * all 早上好") // N1
	lb.sayAll(t, 900, "/unschedule N1")
	lb.sayAll(t, 900, "/notice all 停水通知") // N2: a preview, over confirm_over
	discard := lastShowing(t, lb, 900, ZH, "notice.body", "停水通知")
	lb.pressAll(t, 900, discard, words(ZH, "notice.button_discard"))
	link, _ := dashboardLink(t, lb, 900)
	page := newBrowser(t, link).login(link)
	i := strings.Index(page, `id="notices"`)
	section := page[i:min(len(page), i+4000)]
	if !shows(t, section, ZH, "web.notice_discarded") || !shows(t, section, ZH, "web.notice_unscheduled", "0 8 * * *") ||
		shows(t, section, ZH, "web.notice_schedule", "0 8 * * *") {
		t.Fatalf("notices on the dashboard (%d of %d): %q", i, len(page), section)
	}
	lb.noneRefused(t)
}
