package telegramtest

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// queued is an update waiting to be confirmed, kept as the JSON Telegram would send.
type queued struct {
	id   int64
	body json.RawMessage
}

// poller is the getUpdates call now waiting; a newer call ends it with 409.
type poller struct{ kill chan struct{} }

// defaultSkipped are the update types Telegram leaves out unless allowed_updates names them.
var defaultSkipped = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

// PushUpdate queues u as it is (or POSTs it to the webhook when one is set) and returns its
// update_id, assigning the next one if u.ID is 0. An update of a type allowed_updates excludes
// is dropped, as Telegram does, but still gets an id.
func (s *Server) PushUpdate(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.push(u)
}

// push queues u; s.mu is held, so a message and its update are stored in the same order.
func (s *Server) push(u models.Update) int64 {
	if u.ID == 0 {
		u.ID = s.nextUpd
	}
	s.nextUpd = max(s.nextUpd, u.ID+1)
	if !s.wanted(updateKind(u)) {
		return u.ID
	}
	body, err := json.Marshal(&u)
	if err != nil {
		panic("telegramtest: update does not marshal: " + err.Error())
	}
	s.queue = append(s.queue, queued{id: u.ID, body: body})
	close(s.updated)
	s.updated = make(chan struct{})
	select {
	case s.hookWake <- struct{}{}:
	default:
	}
	return u.ID
}

// ResetUpdateIDs makes the next updates start from next, as Telegram does (at a random value)
// after a bot went a week without updates.
func (s *Server) ResetUpdateIDs(next int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpd = next
}

// wanted applies allowed_updates; s.mu is held.
func (s *Server) wanted(kind string) bool {
	if s.allowed == nil {
		return !defaultSkipped[kind]
	}
	return s.allowed[kind]
}

// updateKind is the allowed_updates name of u's one field that is set.
func updateKind(u models.Update) string {
	raw, _ := json.Marshal(&u)
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(raw, &fields)
	for k := range fields {
		if k != "update_id" {
			return k
		}
	}
	return ""
}

// getUpdates returns unconfirmed updates, confirming those below offset, and long-polls.
func (s *Server) getUpdates(c *call) (any, *apiError) {
	offset, _ := c.p.int64("offset", 0)
	limit, _ := c.p.int64("limit", 100)
	limit = min(max(limit, 1), 100)
	timeout, _ := c.p.int64("timeout", 0)
	timeout = min(max(timeout, 0), 50) // Telegram's longest long poll
	s.mu.Lock()
	if s.hook != nil {
		s.mu.Unlock()
		return nil, &apiError{Code: 409, Desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if c.p.has("allowed_updates") {
		if e := s.setAllowed(c.p.get("allowed_updates")); e != nil {
			s.mu.Unlock()
			return nil, e
		}
	}
	s.confirm(offset)
	if s.poll != nil {
		close(s.poll.kill)
	}
	me := &poller{kill: make(chan struct{})}
	s.poll = me
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.poll == me {
			s.poll = nil
		}
		s.mu.Unlock()
	}()
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		out := make([]json.RawMessage, 0, min(int(limit), len(s.queue)))
		for _, q := range s.queue[:min(int(limit), len(s.queue))] {
			out = append(out, q.body)
		}
		wake := s.updated
		s.mu.Unlock()
		if len(out) > 0 || timeout == 0 {
			return out, nil
		}
		select {
		case <-wake:
		case <-me.kill:
			return nil, &apiError{Code: 409, Desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		case <-deadline.C:
			timeout = 0
		case <-c.r.Context().Done():
			return out, nil
		case <-s.closed:
			return out, nil
		}
	}
}

// confirm forgets updates below offset; a negative offset keeps only the last -offset updates.
func (s *Server) confirm(offset int64) {
	switch {
	case offset < 0:
		keep := int(min(-offset, int64(len(s.queue))))
		s.queue = s.queue[len(s.queue)-keep:]
	case offset > 0:
		i := 0
		for i < len(s.queue) && s.queue[i].id < offset {
			i++
		}
		s.queue = s.queue[i:]
	}
}

// setAllowed stores allowed_updates; an empty list means Telegram's default set.
func (s *Server) setAllowed(raw string) *apiError {
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		if raw = strings.TrimSpace(raw); raw == "" {
			return nil
		}
		return badRequest("can't parse allowed_updates JSON array")
	}
	if len(list) == 0 {
		s.allowed = nil
		return nil
	}
	s.allowed = map[string]bool{}
	for _, k := range list {
		s.allowed[k] = true
	}
	return nil
}
