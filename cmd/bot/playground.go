package main

import (
	"linli/internal/edge"

	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"linli/config"
	"linli/playground"
	"linli/telegramtest"
)

// The playground's cast: residents, volunteers, the admin (an admin of the configuration) and
// the volunteers' group.
const (
	pgResidentZH  int64 = 101
	pgResidentEN  int64 = 102
	pgVolunteerZH int64 = 201
	pgVolunteerEN int64 = 202
	pgAdmin       int64 = 900
	pgGroup       int64 = -1001000000001
)

func playgroundPeople() playground.Options {
	return playground.Options{
		People: []playground.Person{
			{ID: pgResidentZH, Name: "王秀兰", Lang: "zh", Role: "resident"},
			{ID: pgResidentEN, Name: "Ann", Lang: "en", Role: "resident"},
			{ID: pgVolunteerZH, Name: "李雷", Lang: "zh", Role: "volunteer"},
			{ID: pgVolunteerEN, Name: "Bob", Lang: "en", Role: "volunteer"},
			{ID: pgAdmin, Name: "书记", Lang: "zh", Role: "admin"},
		},
		Group: playground.Group{ID: pgGroup, Title: "官北沟志愿者群",
			Members: []int64{pgVolunteerZH, pgVolunteerEN, pgAdmin}},
	}
}

// playgroundConfig is the demo configuration: two zones, the demo admin, the stand-in's URL.
const playgroundConfig = `language = "zh"
[telegram]
token = %q
api_url = %q
[database]
path = %q
[admins]
telegram_ids = [%d]
[[zones]]
key = "a1"
name = "官北沟社区 1号楼-8号楼"
level = "sealed"
[[zones]]
key = "b2"
name = "幸福里小区"
level = "controlled"
`

// playgroundMain is `bot playground [-listen ADDR] [-public] [-db FILE] [-demo] [-pause D]`: the stand-in,
// the real bot against it (as `run`, only the Bot API URL differs) and the page, until ctx ends.
// A test that lifts the sender's pacing (hooks.sender) gets the stand-in's limits lifted too;
// otherwise the stand-in enforces Telegram's.
func playgroundMain(ctx context.Context, args []string, stdout, stderr io.Writer, hooks *appHooks) int {
	fs := flag.NewFlagSet("bot playground", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	listen := fs.String("listen", "127.0.0.1:8080", "address of the page")
	dbPath := fs.String("db", "", "database file (default: a new one in a temporary directory)")
	demo := fs.Bool("demo", false, "run the scripted demo once the bot is up")
	pause := fs.Duration("pause", time.Second, "pause between the demo's steps")
	public := fs.Bool("public", false, "allow -listen beyond this machine (the page has no login)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if !playgroundListenOK(*listen, *public, stderr) {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bot playground: unexpected argument %q\n%s", fs.Arg(0), usage)
		return exitUsage
	}
	if *pause < 0 || *pause > time.Minute {
		fmt.Fprintf(stderr, "bot playground: -pause must be between 0 and 1m\n%s", usage)
		return exitUsage
	}
	dir, err := os.MkdirTemp("", "linli-playground-")
	if err != nil {
		fmt.Fprintln(stderr, "bot:", err)
		return exitFailure
	}
	defer os.RemoveAll(dir)
	if *dbPath == "" {
		*dbPath = filepath.Join(dir, "linli.db")
	}

	limits := telegramtest.Limits{} // Telegram's
	if hooks != nil && hooks.sender != nil {
		limits.Disabled = true
	}
	ts := telegramtest.New(telegramtest.Options{Limits: limits})
	defer ts.Close()
	if hooks != nil && hooks.standIn != nil {
		hooks.standIn(ts)
	}
	cfgPath := filepath.Join(dir, "linli.toml")
	body := fmt.Sprintf(playgroundConfig, ts.Token(), ts.URL(), *dbPath, pgAdmin)
	body += "[web]\nlisten = \"127.0.0.1:0\"\n" // the admin dashboard: /dashboard as the admin sends its link
	if err := os.WriteFile(cfgPath, []byte(body), 0o600); err != nil {
		fmt.Fprintln(stderr, "bot:", err)
		return exitFailure
	}
	// No environment: a LINLI_TELEGRAM_TOKEN set for the real bot must not reach the stand-in.
	cfg, err := config.Load(cfgPath, func(string) string { return "" })
	if err == nil {
		err = cfg.ValidateForRun()
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}

	opts := playgroundPeople()
	opts.DemoPause = *pause
	pg := playground.New(ts, opts)
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(stderr, "bot playground:", err)
		return exitUsage
	}
	// The page holds the admin's login link: only a browser that asked for this address is
	// served (DNS rebinding), and the server has timeouts and a connection cap like the others.
	refused := edge.NewRefusals(newLogger(stderr, "text"), "playground", 0, nil)
	eo := edge.Options{Handler: edge.HostOnly(pg, ln.Addr().String(), refused), IdleTimeout: 5 * time.Minute,
		WriteTimeout: -1} // the page's event stream stays open
	srv := edge.Server(eo)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(edge.Listener(ln, eo)) }()
	fmt.Fprintf(stdout, "Linli playground: open http://%s/ (Ctrl-C to stop)\n", ln.Addr())

	botCtx, stopBot := context.WithCancel(ctx)
	defer stopBot()
	botDone := make(chan error, 1)
	go func() { botDone <- runBot(botCtx, cfg, newLogger(stderr, cfg.Log.Format), hooks) }()
	if *demo {
		pg.Demos.Add(1)
		go func() {
			defer pg.Demos.Done()
			if err := pg.RunDemo(botCtx); err != nil && !errors.Is(err, context.Canceled) {
				fmt.Fprintln(stderr, "bot playground: demo:", err)
			} else if err == nil {
				fmt.Fprintln(stdout, "Linli playground: demo finished")
			}
		}()
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-botDone:
		botDone <- runErr
	case runErr = <-served:
	}
	stopBot()
	botErr := <-botDone
	pg.Close() // stops a demo in progress
	ts.Close() // ends the pages' event streams
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	pg.Demos.Wait()
	if runErr == nil || errors.Is(runErr, http.ErrServerClosed) {
		runErr = botErr
	}
	return exitCode(stderr, runErr)
}

// playgroundListenOK keeps the playground, which has no login, on this machine: a -listen address
// beyond loopback is refused unless -public is given, and then warned about.
func playgroundListenOK(listen string, public bool, stderr io.Writer) bool {
	if config.IsLoopback(listen) {
		return true
	}
	if !public {
		fmt.Fprintf(stderr, "bot playground: -listen %s is reachable from other machines, and the playground has no login: "+
			"anyone reaching it acts as every user. Listen on 127.0.0.1, or add -public if you mean it\n%s", listen, usage)
		return false
	}
	fmt.Fprintf(stderr, "bot playground: WARNING: -public: the page on %s has no login; anyone who reaches it can act as every user and admin\n", listen)
	return true
}
