package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"

	"linli/i18n"
	"linli/people"
	"linli/store"
)

// cookieName is the session cookie's name.
const cookieName = "linli_session"

// login opens the one-time link /dashboard sent: it spends the token, sets the session cookie
// and sends the browser on to the dashboard, so the token leaves the address bar. The hop is a
// page with a meta refresh rather than an HTTP redirect: a link opened from Telegram's web client
// is a cross-site navigation, and a SameSite=Strict cookie is not sent on a redirect that
// continues it, but it is on a navigation the dashboard's own page starts.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet { // a HEAD (a link preview, a scanner) must not spend the link
		w.Header().Set("Allow", http.MethodGet)
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	ctx := r.Context()
	now := s.o.Now()
	var user int64
	var session string
	err := store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error {
		var err error
		if user, session, err = people.UseLogin(ctx, tx, r.URL.Query().Get("t"), now, SessionTTL); err != nil {
			return err
		}
		ok, err := s.isAdmin(ctx, tx, user)
		if err == nil && !ok {
			err = errNotAdmin // rolled back: no session for someone who is not an admin
		}
		return err
	})
	if err != nil {
		s.loginFailed(w, r, user, err)
		return
	}
	s.o.Logger.Info("dashboard login", "component", "web", "user_id", user)
	http.SetCookie(w, s.cookie(session, int(SessionTTL.Seconds())))
	hop := s.message(ctx, user, "web.login_title")
	hop.Hop = true
	s.render(w, http.StatusOK, "message.html", hop)
}

var errNotAdmin = errors.New("web: not an admin")

// loginFailed shows why a link did not work, in its admin's language where the link was real.
func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, user int64, err error) {
	key, status := "web.login_invalid", http.StatusNotFound
	switch {
	case errors.Is(err, errNotAdmin):
		key, status = "web.not_admin", http.StatusForbidden
	case errors.Is(err, people.ErrLoginUsed):
		key, status = "web.login_used", http.StatusGone
	case errors.Is(err, people.ErrLoginExpired):
		key, status = "web.login_expired", http.StatusGone
	case !errors.Is(err, people.ErrLoginInvalid):
		s.o.Logger.Error("dashboard login", "component", "web", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.render(w, status, "message.html", s.message(r.Context(), user, key))
}

// session returns the admin whose valid session cookie r carries. Every page load checks the
// admin is one still: a revoked admin's sessions end. Otherwise it has answered and ok is false.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (user int64, token string, ok bool) {
	ctx := r.Context()
	c, err := r.Cookie(cookieName)
	if err == nil {
		user, err = people.SessionUser(ctx, s.o.DB.Read, c.Value, s.o.Now())
	}
	if err != nil {
		if !errors.Is(err, http.ErrNoCookie) && !errors.Is(err, people.ErrNoSession) {
			s.o.Logger.Error("dashboard session", "component", "web", "err", err)
		}
		s.render(w, http.StatusUnauthorized, "message.html", s.message(ctx, 0, "web.login_needed"))
		return 0, "", false
	}
	admin, err := s.isAdmin(ctx, s.o.DB.Read, user)
	if err == nil && !admin {
		err = store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error { return people.EndSessionsOf(ctx, tx, user) })
		if err == nil {
			http.SetCookie(w, s.cookie("", -1))
			s.render(w, http.StatusForbidden, "message.html", s.message(ctx, user, "web.not_admin"))
			return 0, "", false
		}
	}
	if err != nil {
		s.o.Logger.Error("dashboard session", "component", "web", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return 0, "", false
	}
	return user, c.Value, true
}

// isAdmin reports whether user is an admin now: by the configuration or granted in the bot.
func (s *Server) isAdmin(ctx context.Context, q store.Querier, user int64) (bool, error) {
	if s.admins[user] {
		return true, nil
	}
	u, err := people.Get(ctx, q, user)
	if errors.Is(err, people.ErrNotFound) {
		return false, nil
	}
	return u.Admin, err
}

// logout ends the session. The form carries a token derived from the session, and the cookie
// is SameSite=Strict, so another site cannot log an admin out.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	user, token, ok := s.session(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(csrfToken(token))) != 1 {
		s.render(w, http.StatusForbidden, "message.html", s.message(ctx, user, "web.bad_request"))
		return
	}
	if err := store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error { return people.EndSession(ctx, tx, token) }); err != nil {
		s.o.Logger.Error("dashboard logout", "component", "web", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, s.cookie("", -1))
	s.render(w, http.StatusOK, "message.html", s.message(ctx, user, "web.logged_out"))
}

// csrfToken is the logout form's token for a session: only a page of that session knows it.
func csrfToken(session string) string {
	sum := sha256.Sum256([]byte("linli-csrf\x00" + session))
	return hex.EncodeToString(sum[:])
}

// cookie is the session cookie with value, for maxAge seconds (negative: delete it).
func (s *Server) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: cookieName, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode}
}

// message is a page with one message: in user's language, or in both when the user is not known.
func (s *Server) message(ctx context.Context, user int64, key string) messagePage {
	langs := i18n.Langs
	if user != 0 {
		if u, err := people.Get(ctx, s.o.DB.Read, user); err == nil {
			langs = []string{u.Lang}
		}
	}
	p := messagePage{Lang: langs[0]}
	for _, l := range langs {
		p.Lines = append(p.Lines, messageLine{Lang: l, Title: i18n.T(l, "web.login_title"), Text: i18n.T(l, key)})
	}
	return p
}

// messagePage is a page of one message in one or both languages.
type messagePage struct {
	Lang  string
	Lines []messageLine
	Hop   bool // on to the dashboard at once (after a login link), with a link for the slow
}

type messageLine struct{ Lang, Title, Text string }
