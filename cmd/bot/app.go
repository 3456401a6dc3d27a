package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/go-telegram/bot"

	"linli/checkins"
	"linli/config"
	"linli/handlers"
	"linli/metrics"
	"linli/orders"
	"linli/people"
	"linli/replica"
	"linli/store"
	"linli/telegram"
	"linli/telegramtest"
)

// appHooks let tests add to a running app; nil in production.
type appHooks struct {
	register func(b *bot.Bot)                // extra handlers, registered before Linli's
	sender   func(o *telegram.SenderOptions) // adjust the sender

	// now is the clock of the dispatcher and the SLA sweeps (nil: time.Now), so a test can move
	// time forward.
	now func() time.Time
	// started learns the app once it is wired, so a test can run its jobs (app.runJob) as the
	// schedule does.
	started func(a *app)
	// metrics adjusts the metrics options (e.g. a short StaleAfter); metricsAt learns the address
	// the metrics server listens on; logger replaces realMain's (e.g. one at Debug level).
	metrics   func(o *metrics.Options)
	metricsAt func(addr string)
	logger    *slog.Logger
	// replicaLog receives the replicator's log (nil: the process's standard error).
	replicaLog io.Writer
	// standIn learns the playground's Bot API stand-in once it runs (tests check its requests).
	standIn func(*telegramtest.Server)
}

// app is the running bot: every part wired by hand.
type app struct {
	cfg        *config.Config
	log        *slog.Logger
	db         *store.DB
	bot        *bot.Bot
	handlers   *handlers.Handlers
	services   handlers.Services // the domain services, shared by the handlers and the jobs
	dispatcher *telegram.Dispatcher
	sender     *telegram.Sender
	now        func() time.Time
	checkin    *checkins.Schedule
	jobs       map[string]*job     // the periodic jobs by name (jobs.go)
	dash       *dashboard          // the admin web dashboard; nil when [web] listen is empty
	metrics    *metrics.Metrics    // nil when [metrics] listen is empty
	metricsAt  func(addr string)   // a test's hook: where the metrics server listens
	replica    *replica.Supervisor // the replicator; nil when [replica] url is empty
}

// runBot runs the bot until ctx is done, then stops intake, finishes the update in hand, lets
// the sender finish its sends in flight, and returns nil.
func runBot(ctx context.Context, cfg *config.Config, log *slog.Logger, hooks *appHooks) error {
	a, err := newApp(ctx, cfg, log, hooks)
	if err != nil && ctx.Err() != nil {
		// Stopped while starting (Ctrl-C during a migration): each migration is one transaction,
		// so the one under way was rolled back and runs again at the next start. A clean stop.
		log.Info("stopped while starting", "err", err)
		return nil
	}
	if err != nil {
		return err
	}
	defer a.startReplica(ctx)() // stopped last: it ships what the bot wrote before it closed
	defer a.db.Close()
	return a.run(ctx)
}

func newApp(ctx context.Context, cfg *config.Config, log *slog.Logger, hooks *appHooks) (*app, error) {
	if hooks == nil {
		hooks = &appHooks{}
	}
	db, err := store.Open(ctx, cfg.Database.Path)
	if err != nil {
		return nil, err
	}
	if hooks.logger != nil {
		log = hooks.logger
	}
	a := &app{cfg: cfg, log: log, db: db, metricsAt: hooks.metricsAt}
	a.replica = a.newReplica(hooks) // replica.go
	if err := a.wire(ctx, hooks); err != nil {
		a.closeDashboard()
		db.Close()
		return nil, err
	}
	if hooks.started != nil {
		hooks.started(a)
	}
	return a, nil
}

func (a *app) wire(ctx context.Context, hooks *appHooks) error {
	cfg := a.cfg
	catalog, names, err := categories(cfg.Categories)
	if err != nil {
		return err
	}
	dashURL, err := a.openDashboard()
	if err != nil {
		return err
	}
	a.metrics = a.newMetrics(catalog, hooks)
	if a.checkin, err = checkins.NewSchedule(cfg.Checkin.Prompt, cfg.Checkin.Deadline, cfg.Location); err != nil {
		return err // config.Validate checks the specs, so this is a bug
	}
	a.handlers = handlers.New(handlers.Options{Checkin: a.checkin,
		ConfirmOver: cfg.Notices.ConfirmOver, DashboardURL: dashURL,
		DefaultLang: cfg.Language, Admins: cfg.Admins.TelegramIDs, Zones: cfg.Zones, Logger: a.log,
		MessagesPerMinute: cfg.Limits.MessagesPerMinute, CategoryNames: names, Location: cfg.Location,
	})
	a.services = a.newServices(a.handlers, catalog)
	a.handlers.Use(a.services)
	b, err := telegram.NewBot(telegram.ClientOptions{
		Token: cfg.Telegram.Token, APIURL: cfg.Telegram.APIURL, Logger: a.log,
		Default: a.handlers.Default(), Middle: a.handlers.Middlewares(),
	})
	if err != nil {
		return err
	}
	me, err := getMe(ctx, b, cfg.Telegram.Token, a.log)
	if err != nil {
		return err
	}
	a.log.Info("connected to the Bot API", "component", "app", "bot", me)
	if hooks.register != nil {
		hooks.register(b)
	}
	a.handlers.Register(b, me)
	a.bot = b
	so := telegram.SenderOptions{
		DB: a.db, API: telegram.BotAPI{Bot: b, Token: cfg.Telegram.Token},
		PerSec: cfg.Limits.MessagesPerSecond, PerChat: perChatGap(cfg.Limits.PerChatPerSecond), Logger: a.log,
		Observer: a.observer(),
	}
	if cfg.Notices.PaidBroadcast {
		so.PaidPerSec, so.PaidRefused = paidPerSec, a.paidRefused
	}
	if hooks.sender != nil {
		hooks.sender(&so)
	}
	a.sender = telegram.NewSender(so)
	a.now = hooks.now
	if a.now == nil {
		a.now = time.Now
	}
	a.dispatcher = telegram.NewDispatcher(telegram.DispatcherOptions{
		DB: a.db, Bot: b, OnFailure: a.handlers.OnFailure, Committed: a.sender.Wake, Logger: a.log,
		Now: a.now, Observer: a.observer(),
	})
	a.jobs = a.newJobs()
	return nil
}

// categories turns [[categories]] into the order catalogue and the names the handlers show
// (category key → language → name).
func categories(cats []config.Category) (*orders.Catalog, map[string]map[string]string, error) {
	changes := make([]orders.CategoryConfig, len(cats))
	names := map[string]map[string]string{}
	for i, c := range cats {
		changes[i] = orders.CategoryConfig{
			Key: c.Key, Shape: orders.Shape(c.Shape), Disabled: c.Disabled, Urgent: c.Urgent, Items: c.Items,
			Keywords: c.Keywords,
		}
		if c.NameZH != "" || c.NameEN != "" {
			names[c.Key] = map[string]string{"zh": c.NameZH, "en": c.NameEN} // "" keeps the bot's own
		}
	}
	catalog, err := orders.NewCatalog(changes)
	if err != nil {
		// config.Validate checks everything NewCatalog does, so this is a bug.
		return nil, nil, fmt.Errorf("categories: %w", err)
	}
	return catalog, names, nil
}

func perChatGap(perSecond float64) time.Duration {
	if perSecond <= 0 {
		return time.Second
	}
	return time.Duration(float64(time.Second) / perSecond)
}

// getMe learns the bot's username, retrying while the API cannot be reached; a refused token
// is final.
func getMe(ctx context.Context, b *bot.Bot, token string, log *slog.Logger) (string, error) {
	wait := time.Second
	for {
		me, err := b.GetMe(ctx)
		if err == nil {
			return me.Username, nil
		}
		err = telegram.Redact(err, token)
		if errors.Is(err, bot.ErrorUnauthorized) || errors.Is(err, bot.ErrorNotFound) {
			return "", fmt.Errorf("the Bot API refused the token (check telegram.token or LINLI_TELEGRAM_TOKEN): %w", err)
		}
		log.Warn("cannot reach the Bot API yet", "component", "app", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

func (a *app) run(ctx context.Context) error {
	if err := a.handlers.SetCommands(ctx, a.bot); err != nil {
		a.log.Warn("could not register the command menus", "component", "app", "err", telegram.Redact(err, a.cfg.Telegram.Token))
	}
	if err := store.InTx(ctx, a.db.Write, func(tx *sql.Tx) error { return a.handlers.SyncMenus(ctx, tx, a.now()) }); err != nil {
		a.log.Error("could not queue the command menus of volunteers and admins", "component", "app", "err", err)
	}
	intake, err := a.intake(ctx)
	if err != nil {
		return err
	}
	stopMetrics, err := a.serveMetrics()
	if err != nil {
		return err
	}
	defer stopMetrics()
	defer a.serveDashboard(ctx)()
	sendCtx, stopSender := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSender()
	var sent sync.WaitGroup
	sent.Add(1)
	go func() { defer sent.Done(); _ = a.sender.Run(sendCtx) }()
	if a.replica == nil { // else Litestream checkpoints, and asks that no one else does
		sent.Add(1)
		go func() {
			defer sent.Done()
			_ = store.RunCheckpoints(sendCtx, a.db.Path, checkpointEvery, a.log, nil)
		}()
	}

	var wg sync.WaitGroup
	var intakeErr error
	wg.Go(func() { intakeErr = intake(ctx) })
	wg.Go(func() { _ = a.dispatcher.Run(ctx) })
	for _, j := range a.jobs {
		wg.Go(func() { a.schedule(ctx, j) })
	}
	a.log.Info("Linli is running", "component", "app", "mode", a.mode())
	wg.Wait()
	// Replies to the last updates handled, and what the jobs queued, go out before the process
	// ends: the sender is stopped once nothing is due (or after shutdownGrace).
	a.flush(shutdownGrace)
	stopSender()
	sent.Wait()
	a.log.Info("stopped", "component", "app")
	if ctx.Err() == nil {
		return intakeErr
	}
	return nil
}

// checkpointEvery is how often the write-ahead log is copied into the database file, beside
// the writer (store.RunCheckpoints; more often while the log nears the writer's own threshold).
const checkpointEvery = time.Second

// sweepEvery is how often the SLA sweeps and the check-in job run.
const sweepEvery = 30 * time.Second

// sweep runs the SLA sweeps once, in their own transaction, and wakes the sender for what they
// queued.
func (a *app) sweep(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx) // a sweep begun is finished
	opt := orders.SweepOptions{Tell: a.handlers.SweepTeller(), Location: a.cfg.Location, Logger: a.log, HomeOf: homeOf}
	err := store.InTx(ctx, a.db.Write, func(tx *sql.Tx) error {
		now := a.now()
		if err := a.services.Orders.Sweep(ctx, tx, now, opt); err != nil {
			return err
		}
		return a.services.Supplies.SweepRounds(ctx, tx, now, a.log)
	})
	if err != nil {
		a.log.Error("SLA sweep", "component", "sweep", "err", err)
		return err
	}
	a.sender.Wake()
	return nil
}

// homeOf is where household lives now, for the daily orders the sweep places again.
func homeOf(ctx context.Context, q store.Querier, household int64) (orders.Home, error) {
	hh, err := people.GetHousehold(ctx, q, household)
	if errors.Is(err, people.ErrNotFound) {
		return orders.Home{}, fmt.Errorf("household %d: %w", household, orders.ErrNotFound)
	}
	if err != nil {
		return orders.Home{}, err
	}
	return orders.Home{Zone: hh.Zone, Building: hh.Building, Vulnerable: hh.IsVulnerable()}, nil
}

// runCheckins runs the check-in job once, in as many transactions as it needs, and wakes the
// sender after each. It finds out from the database whether a prompt or a deadline is due, so a
// prompt missed while the bot was down goes out once, the same day.
func (a *app) runCheckins(ctx context.Context) (err error) {
	ctx = context.WithoutCancel(ctx)
	for more := true; more; {
		err = store.InTx(ctx, a.db.Write, func(tx *sql.Tx) error {
			var err error
			more, err = a.checkin.RunOnce(ctx, tx, a.now(), a.handlers.CheckinTeller(), a.log)
			return err
		})
		if err != nil {
			a.log.Error("check-ins", "component", "checkin", "err", err)
			return err
		}
		a.sender.Wake()
	}
	return nil
}

func (a *app) mode() string {
	if a.cfg.Telegram.WebhookURL != "" {
		return "webhook"
	}
	return "polling"
}

// intake prepares Telegram for the configured mode and returns the loop that takes updates.
func (a *app) intake(ctx context.Context) (func(context.Context) error, error) {
	t := a.cfg.Telegram
	if t.WebhookURL == "" {
		// getUpdates is refused while a webhook is set (the bot may have run in webhook mode before).
		if _, err := a.bot.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
			a.log.Warn("deleteWebhook failed", "component", "app", "err", telegram.Redact(err, t.Token))
		}
		p := telegram.NewPoller(telegram.PollerOptions{
			DB: a.db, APIURL: t.APIURL, Token: t.Token, Notify: a.dispatcher.Notify, Logger: a.log,
			Observer: a.observer(),
		})
		return p.Run, nil
	}
	u, err := url.Parse(t.WebhookURL)
	if err != nil {
		return nil, fmt.Errorf("telegram.webhook_url: %w", err)
	}
	w := telegram.NewWebhook(telegram.WebhookOptions{
		DB: a.db, Listen: t.WebhookListen, Path: u.Path, Secret: t.WebhookSecret,
		Notify: a.dispatcher.Notify, Logger: a.log, Observer: a.observer(),
		Refusals: a.refusals("webhook"),
	})
	if _, err := a.bot.SetWebhook(ctx, &bot.SetWebhookParams{URL: t.WebhookURL, SecretToken: t.WebhookSecret}); err != nil {
		return nil, fmt.Errorf("setWebhook: %w", telegram.Redact(err, t.Token))
	}
	return w.Run, nil
}
