package main

import (
	"net/http"
	"strings"
	"testing"

	"linli/telegramtest"
)

// Finding 5 (issue 12), the dashboard's edges: a HEAD on the one-time link spent it; the static
// handler listed its directory and served the embedded templates through an encoded "..".
// Finding 6: a zone-a1 admin's dashboard covers a1 only.
func TestDashboard_EdgesAndScope(t *testing.T) {
	t.Parallel()
	lb, _ := dashBot(t, "")
	resident(t, lb, 301, "zh", "a1", "3号楼")
	resident(t, lb, 302, "zh", "b2", "9号楼")
	lb.sayAll(t, 301, "/order groceries rice")
	lb.sayAll(t, 302, "/order garbage bags")
	lb.ts.AddUser(telegramtest.User{ID: 303, FirstName: "Ada", LanguageCode: "en"})
	lb.say(t, 303, "/help")
	lb.grant(t, 900, "303 admin a1")
	lb.drain(t)

	link, _ := dashboardLink(t, lb, 303)
	b := newBrowser(t, link)
	resp, err := b.client.Head(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Errorf("HEAD on the login link: %d", resp.StatusCode)
	}
	page := b.login(link) // the HEAD did not spend it
	if !strings.Contains(page, "官北沟") || strings.Contains(page, "幸福里") || total(t, page, "open") != "1" {
		t.Errorf("the a1 admin's dashboard shows more than a1 (open %s)", total(t, page, "open"))
	}
	for path, want := range map[string]int{
		"/static/style.css":                       http.StatusOK,
		"/static/":                                http.StatusNotFound,
		"/static/..%2ftemplates/dashboard.html":   http.StatusNotFound,
		"/static/%2e%2e/templates/dashboard.html": http.StatusNotFound,
		"/static/../templates/dashboard.html":     http.StatusNotFound,
		"/templates/dashboard.html":               http.StatusNotFound,
	} {
		code, body, _ := b.get(b.base + path)
		if code != want && !(want == http.StatusNotFound && code >= 300 && code < 500 && !strings.Contains(body, "{{")) {
			t.Errorf("%s: %d, want %d", path, code, want)
		}
		if strings.Contains(body, "{{") || strings.Contains(body, "style.css\"") && path == "/static/" {
			t.Errorf("%s served a template or a listing: %.200q", path, body)
		}
	}
}
