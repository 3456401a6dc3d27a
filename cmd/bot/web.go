package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"linli/config"
	"linli/web"
)

// dashboard is the admin web dashboard of a running app: its listener is opened while the app
// is wired, so /dashboard's links name the address it really has, and served while it runs.
type dashboard struct {
	ln  net.Listener
	srv *web.Server
}

// openDashboard opens the dashboard's listener when [web] listen is set and returns the base URL
// of its login links: [web] url, else http:// and the address it listens on (so a port of 0
// works); "" when the dashboard is off.
func (a *app) openDashboard() (string, error) {
	cfg := a.cfg.Web
	if cfg.Listen == "" {
		return "", nil
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return "", fmt.Errorf("web.listen: %w", err)
	}
	base := cfg.BaseURL()
	if cfg.URL == "" {
		base = config.Web{Listen: ln.Addr().String()}.BaseURL()
	}
	_, names, err := categories(a.cfg.Categories)
	if err != nil {
		ln.Close()
		return "", err
	}
	a.dash = &dashboard{ln: ln, srv: web.New(web.Options{
		DB: a.db, BaseURL: base, Admins: a.cfg.Admins.TelegramIDs, Zones: a.cfg.Zones,
		CategoryNames: names, Location: a.cfg.Location, Now: a.clock, Logger: a.log,
		ReplicaLag: a.replicaLag(),
	})}
	return base, nil
}

// clock is the app's clock, read when called: the dashboard is made before the hooks set it.
func (a *app) clock() time.Time { return a.now() }

// closeDashboard closes a listener opened for an app that did not start.
func (a *app) closeDashboard() {
	if a.dash != nil {
		a.dash.ln.Close()
	}
}

// serveDashboard serves the dashboard until the returned stop is called, which lets requests in
// flight finish.
func (a *app) serveDashboard(ctx context.Context) (stop func()) {
	if a.dash == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := a.dash.srv.Serve(ctx, a.dash.ln); err != nil {
			a.log.Error("dashboard server", "component", "web", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}
