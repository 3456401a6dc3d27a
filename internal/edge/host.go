package edge

import (
	"net"
	"net/http"
	"strings"
)

// HostOnly serves h only to requests whose Host header names listen (the address the server
// listens on, "127.0.0.1:8080"), or localhost with the same port: a page of another site whose
// name was pointed at 127.0.0.1 (DNS rebinding) gets 403 and reaches nothing. Refusals are
// counted in refused (nil: not counted).
func HostOnly(h http.Handler, listen string, refused *Refusals) http.Handler {
	allowed := allowedHosts(listen)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[strings.ToLower(r.Host)] {
			if refused != nil {
				refused.Refuse("host", r.RemoteAddr)
			}
			http.Error(w, "forbidden: unknown Host", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// allowedHosts are the Host values a browser sends for listen.
func allowedHosts(listen string) map[string]bool {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return map[string]bool{strings.ToLower(listen): true}
	}
	out := map[string]bool{strings.ToLower(listen): true}
	loopback := host == "" || host == "0.0.0.0" || host == "::" || host == "localhost" || net.ParseIP(host).IsLoopback()
	if loopback {
		for _, name := range []string{"localhost", "127.0.0.1", "[::1]"} {
			out[name+":"+port] = true
		}
	}
	if host != "" && !strings.Contains(host, ":") {
		out[strings.ToLower(host)+":"+port] = true
	}
	return out
}
