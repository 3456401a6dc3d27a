package edge

import (
	"net"
	"net/http"
	"os"
	"strings"
)

// HostOnly serves h only to requests whose Host header names listen (the address the server
// listens on, "127.0.0.1:8080"), or localhost with the same port: a page of another site whose
// name was pointed at 127.0.0.1 (DNS rebinding) gets 403 and reaches nothing. A server on every
// interface ("0.0.0.0:8080", the playground's -public) also answers any IP address and this
// machine's own name with its port: rebinding needs a name the attacker controls, and an address
// typed as digits is none. Refusals are counted in refused (nil: not counted).
func HostOnly(h http.Handler, listen string, refused *Refusals) http.Handler {
	allowed, anyIP, port := allowedHosts(listen)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if !allowed[host] && !(anyIP && isIPWithPort(host, port)) {
			if refused != nil {
				refused.Refuse("host", r.RemoteAddr)
			}
			http.Error(w, "forbidden: unknown Host", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// allowedHosts are the Host values a browser sends for listen; anyIP is whether listen is every
// interface, whose IP addresses with port are allowed too.
func allowedHosts(listen string) (allowed map[string]bool, anyIP bool, port string) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return map[string]bool{strings.ToLower(listen): true}, false, ""
	}
	out := map[string]bool{strings.ToLower(listen): true}
	anyIP = host == "" || host == "0.0.0.0" || host == "::"
	if anyIP || host == "localhost" || net.ParseIP(host).IsLoopback() {
		for _, name := range []string{"localhost", "127.0.0.1", "[::1]"} {
			out[name+":"+port] = true
		}
	}
	if host != "" && !strings.Contains(host, ":") {
		out[strings.ToLower(host)+":"+port] = true
	}
	if name, err := os.Hostname(); anyIP && err == nil && name != "" {
		name = strings.ToLower(name)
		out[name+":"+port], out[name+".local:"+port] = true, true
	}
	return out, anyIP, port
}

// isIPWithPort is whether hostport is an IP address (v4, or v6 in brackets) with port.
func isIPWithPort(hostport, port string) bool {
	h, p, err := net.SplitHostPort(hostport)
	return err == nil && p == port && net.ParseIP(h) != nil
}
