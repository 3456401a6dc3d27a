// Package web is the admin dashboard: a read-only page of what the bot is doing now (orders by
// zone and category, today's waiting times, volunteers' load, notices, check-ins), served by
// the bot's own binary when [web] listen is set. Admins log in with a one-time link the bot
// sends them (/dashboard); pages are rendered on the server with html/template and inline SVG,
// with no script at all and a strict Content-Security-Policy.
package web

import (
	"linli/internal/edge"

	"context"
	"embed"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"linli/config"
	"linli/store"
)

//go:embed templates/*.html static/*
var files embed.FS

// Options configures the dashboard; zero values are defaulted by New.
type Options struct {
	DB      *store.DB // pages read from DB.Read; logins and logouts write to DB.Write
	Listen  string    // host:port to serve on
	BaseURL string    // the public base URL of the login links; https makes the cookie Secure
	Admins  []int64   // admins from the configuration (others are granted in the bot)
	Zones   config.Zones
	// CategoryNames are the category names from config: key → language → name.
	CategoryNames map[string]map[string]string
	Location      *time.Location   // where the day starts; nil = UTC
	Now           func() time.Time // nil = time.Now
	Logger        *slog.Logger
	// ReplicaLag, when not nil (replication on), is how far behind the replica is; the page
	// shows it, as a warning above a minute.
	ReplicaLag func() time.Duration
}

// Server serves the dashboard.
type Server struct {
	o      Options
	admins map[int64]bool
	secure bool
	tmpl   *templates
}

// SessionTTL is how long a login lasts.
const SessionTTL = 12 * time.Hour

// New makes a Server.
func New(o Options) *Server {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	s := &Server{o: o, admins: map[int64]bool{}, secure: strings.HasPrefix(o.BaseURL, "https://"), tmpl: parseTemplates()}
	for _, id := range o.Admins {
		s.admins[id] = true
	}
	return s
}

// Handler routes the dashboard's requests, every response with the security headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.dashboard)
	mux.HandleFunc("GET /login", s.login) // GET also matches HEAD: login refuses it (a HEAD must not spend the link)
	mux.HandleFunc("GET /picklist", s.pickList)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /static/{name}", serveStatic)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	return secureHeaders(mux)
}

// secureHeaders forbids scripts, frames, other origins' styles and images, referrers (the login
// link carries its token) and caching of pages that show residents' data.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// Run serves on Listen until ctx is done, then lets requests in flight finish (up to 5 s).
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.o.Listen)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener already open.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	eo := edge.Options{Handler: s.Handler(), Logger: s.o.Logger, ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	srv := edge.Server(eo)
	ln = edge.Listener(ln, eo) // a cap on connections at once
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	s.o.Logger.Info("dashboard listening", "component", "web", "addr", ln.Addr().String())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-done // Shutdown has returned: requests in flight are answered
	return nil
}
