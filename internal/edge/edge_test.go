package edge

import (
	"net/http"
	"net/http/httptest"
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
