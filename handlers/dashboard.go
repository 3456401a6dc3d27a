package handlers

import (
	"net"
	"net/url"
	"strings"
	"time"

	"linli/outbox"
	"linli/people"
)

// DashboardLinkTTL is how long a login link to the admin dashboard stays valid; it works once.
const DashboardLinkTTL = 15 * time.Minute

// dashboard is /dashboard (admins): a one-time login link to the web dashboard, in the text and,
// where Telegram takes it, as a button. The command table runs it in private chats only (a link
// in a group would let anyone there in); a group gets place.private_only, as every such command.
func (h *Handlers) dashboard(r *request) error {
	switch {
	case strings.TrimSpace(r.cmd.Args) != "":
		return userErr("dashboard.usage")
	case h.o.DashboardURL == "":
		return userErr("dashboard.off")
	}
	token, err := people.NewLogin(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now, DashboardLinkTTL)
	if err != nil {
		return err
	}
	link := strings.TrimRight(h.o.DashboardURL, "/") + "/login?t=" + token
	h.o.Logger.Info("dashboard link sent", "component", "dashboard", "user_id", r.user.ID)
	text := r.t("dashboard.link", int(DashboardLinkTTL.Minutes()), link)
	if !buttonURL(link) {
		return r.reply(text)
	}
	return r.reply(text, []outbox.Button{{Text: r.label("dashboard.button"), URL: link}})
}

// buttonURL reports whether Telegram takes link in a URL button: it refuses localhost, bare
// IP addresses and names without a dot, which a dashboard on a test machine has.
func buttonURL(link string) bool {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := u.Hostname()
	return strings.Contains(host, ".") && net.ParseIP(host) == nil && !strings.HasSuffix(host, ".localhost")
}
