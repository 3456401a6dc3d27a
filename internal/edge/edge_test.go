package edge

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func TestHostOnly_RefusesAnotherSitesName(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	refused := NewRefusals(nil, "playground", 0, nil)
	h := HostOnly(ok, "127.0.0.1:8080", refused)
	for host, want := range map[string]int{
		"127.0.0.1:8080":    http.StatusTeapot,
		"localhost:8080":    http.StatusTeapot,
		"LOCALHOST:8080":    http.StatusTeapot,
		"[::1]:8080":        http.StatusTeapot,
		"evil.example":      http.StatusForbidden, // DNS rebinding: evil.example resolved to 127.0.0.1
		"evil.example:8080": http.StatusForbidden,
		"127.0.0.1:9999":    http.StatusForbidden,
		"":                  http.StatusForbidden,
	} {
		req := httptest.NewRequest(http.MethodGet, "/api/state", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q: %d, want %d", host, rec.Code, want)
		}
	}
	if refused.Total() != 4 {
		t.Errorf("refusals counted: %d", refused.Total())
	}
}

// The playground's -public listens on every interface: a browser on another machine names the
// server by its IP address or the machine's name, and those are served; another site's name
// still is not.
func TestHostOnly_EveryInterface(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	name, _ := os.Hostname()
	for _, listen := range []string{"0.0.0.0:8080", "[::]:8080", ":8080"} {
		h := HostOnly(ok, listen, nil)
		cases := map[string]int{
			"192.168.1.20:8080":              http.StatusTeapot,
			"10.0.0.7:8080":                  http.StatusTeapot,
			"[fe80::1]:8080":                 http.StatusTeapot,
			"localhost:8080":                 http.StatusTeapot,
			"192.168.1.20:9999":              http.StatusForbidden,
			"192.168.1.20":                   http.StatusForbidden,
			"evil.example:8080":              http.StatusForbidden,
			"192.168.1.20.evil.example:8080": http.StatusForbidden,
		}
		if name != "" {
			cases[strings.ToLower(name)+":8080"] = http.StatusTeapot
		}
		for host, want := range cases {
			req := httptest.NewRequest(http.MethodGet, "/api/state", nil)
			req.Host = host
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != want {
				t.Errorf("listen %s, Host %q: %d, want %d", listen, host, rec.Code, want)
			}
		}
	}
}
