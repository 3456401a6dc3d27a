// Package notices holds admins' broadcasts: notices sent now or on a cron schedule in the
// configured time zone, to an audience (all, residents, volunteers, a zone, a building).
//
// The database is the record. A schedule firing only inserts a run (notice_id, scheduled_for)
// under a UNIQUE key, with INSERT OR IGNORE; the scheduler (Tick) computes the times due since
// the newest run recorded, so a restart neither loses nor repeats one, and a run missed while
// the bot was down is sent once if it is within the catch-up window, else recorded as skipped.
// A run is expanded into one outbox row per recipient under outbox's UNIQUE (dedup_key,
// chat_id) with the key "run:<id>", in batches, with a cursor in the run row: an expansion cut
// short by a crash goes on where it stopped and never queues anyone twice. The sender does the
// rest; the author's progress message is edited as the rows settle.
package notices

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"linli/outbox"
	"linli/store"
)

// Errors the handlers turn into answers.
var (
	ErrNotFound    = errors.New("notices: no such notice")
	ErrBadAudience = errors.New("notices: bad audience")
	ErrUnknownZone = errors.New("notices: unknown zone")
	ErrBadSpec     = errors.New("notices: bad schedule")
	ErrState       = errors.New("notices: not in a state that allows this")
)

// Notice is one broadcast, sent once (Spec "") or on a schedule.
type Notice struct {
	ID        int64
	Author    int64
	Audience  Audience
	Text      string
	Spec      string
	Urgent    bool
	State     string // draft, active, cancelled
	CreatedAt time.Time
	LastRunAt time.Time
	// Round is the supply round (package supplies) this notice announces, 0 if none: its
	// recipients get the round's buttons (see ButtonRenderer).
	Round int64
}

// Run states.
const (
	RunPending   = "pending"
	RunExpanding = "expanding"
	RunSending   = "sending"
	RunDone      = "done"
	RunSkipped   = "skipped"
	RunCancelled = "cancelled"
	RunPaused    = "paused"
)

// Run is one sending of a notice.
type Run struct {
	ID           int64
	NoticeID     int64
	ScheduledFor time.Time
	SendAfter    time.Time
	State        string
	Expanded     bool
	Recipients   int
}

// Progress is a run and how far its outbox rows got, for the author's status message.
type Progress struct {
	Run                                          Run
	Notice                                       Notice
	Total                                        int // rows queued (the audience once expanded)
	Sent, Unreachable, Failed, Cancelled, Queued int
	// Quiet: the run waits for quiet hours to end (it was due inside them), not only for its time.
	Quiet bool
	// Due: the run is pending but its time has come (a notice sent now), so it starts at once.
	Due bool
}

// Renderer turns notices into text in a language; handlers implement it (the domain knows no
// catalogue).
type Renderer interface {
	// Body is the notice as a recipient reads it (HTML, user text escaped).
	Body(lang string, n Notice) string
	// Progress is the author's status message: progress while sending, the report when done.
	Progress(lang string, p Progress) (string, [][]outbox.Button)
	// Skipped tells the author that count runs, the last at at, were missed by more than the
	// catch-up window and not sent.
	Skipped(lang string, n Notice, at time.Time, count int) string
}

// RoundRenderer is what a Renderer also implements when notices announce supply rounds (Round
// set): the announcement's text and buttons in the recipient's language, from the round as it
// stands in q (its items, its kind; once cancelled, the cancellation).
type RoundRenderer interface {
	Round(ctx context.Context, q store.Querier, lang string, n Notice) (string, [][]outbox.Button, error)
}

// render is notice n as a recipient in lang reads it, with its buttons.
func (s *Service) render(ctx context.Context, q store.Querier, lang string, n Notice) (string, [][]outbox.Button, error) {
	if rr, ok := s.o.Render.(RoundRenderer); ok && n.Round != 0 {
		return rr.Round(ctx, q, lang, n)
	}
	return s.o.Render.Body(lang, n), nil, nil
}

// Options configures a Service; zero values are defaulted by New.
type Options struct {
	Location *time.Location // the configured time zone; nil = UTC
	CatchUp  time.Duration  // a missed run this recent is sent once; older ones are skipped
	Quiet    Quiet          // non-urgent scheduled runs due inside are held until its end
	Zones    []string       // zone keys from config
	Batch    int            // recipients per expansion transaction; 0 = 1,000
	// ProgressEvery is how often at most the author's status message is edited; 0 = 3 s.
	ProgressEvery time.Duration
	Render        Renderer
	// Paid sends every recipient's message as a Telegram paid broadcast (outbox.Message.Paid).
	Paid bool
	// Channel is a public channel ("@name") that every run of a notice for all is also posted
	// to, in ChannelLang (default "zh"); "" = none.
	Channel     string
	ChannelLang string
	Wake        func() // tells the sender rows were committed; nil = none
	Logger      *slog.Logger
}

// Service runs notices.
type Service struct {
	o    Options
	kick chan struct{}
}

// New makes a Service, defaulting zero options.
func New(o Options) *Service {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 3 * time.Second
	}
	if o.Wake == nil {
		o.Wake = func() {}
	}
	if o.ChannelLang == "" {
		o.ChannelLang = "zh"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Service{o: o, kick: make(chan struct{}, 1)}
}

// SetRenderer sets the renderer (the handlers, made after the Service's options).
func (s *Service) SetRenderer(r Renderer) { s.o.Render = r }

// Location is the time zone schedules use.
func (s *Service) Location() *time.Location { return s.o.Location }

// Kick asks the scheduler for a tick soon (a run was started or changed). Its transaction may
// not have committed yet: the tick's first write transaction waits for it.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Kicked is where Kick's requests arrive, for the scheduler's loop.
func (s *Service) Kicked() <-chan struct{} { return s.kick }
