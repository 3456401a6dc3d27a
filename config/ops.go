package config

import (
	"net"
	"strings"
)

// Log is how the bot writes its log: Format "text" (key=value lines, the default) or "json"
// (one JSON object a line, for a log collector).
type Log struct {
	Format string `toml:"format"`
}

// validateOps checks the log format and that the dashboard is not served over plain http beyond
// this machine: a non-loopback web.listen needs web.url to be the https address of a TLS proxy.
func (c *Config) validateOps() error {
	if c.Log.Format != "text" && c.Log.Format != "json" {
		return errorf("log.format", "%q must be \"text\" or \"json\"", c.Log.Format)
	}
	if c.Web.Listen != "" && !IsLoopback(c.Web.Listen) && !strings.HasPrefix(c.Web.URL, "https://") {
		return errorf("web.listen", "%q is reachable from other machines over plain http, and the dashboard's login links "+
			"would travel in clear: listen on 127.0.0.1 (or localhost), or set web.url to the https address of the TLS proxy in front of it",
			c.Web.Listen)
	}
	return nil
}

// IsLoopback reports whether a host:port listen address binds only this machine: localhost, or a
// loopback IP. An empty host, 0.0.0.0 or :: listen on every interface.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
