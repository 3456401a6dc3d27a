// Command bot runs Linli, the neighbourhood supply bot: `bot run -config FILE` (also plain
// `bot -config FILE`) runs it against the Bot API server in the configuration; `migrate` and
// `backup` look after its database.
//
// Exit codes: 0 clean stop, 1 runtime failure, 2 bad flags or configuration.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"linli/config"
	"linli/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(realMain(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil))
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

const usage = `usage:
  bot run -config FILE                     run the bot (also: bot -config FILE)
  bot migrate -config FILE                 apply schema migrations and exit
  bot backup -config FILE -out FILE.db     consistent online copy of the database
  bot import -config FILE residents.csv    household list: zone,building,room,name,phone,household_size,vulnerable
                                           (exit 1 when some rows were rejected; the good ones are imported)
  bot export -config FILE -what orders|residents|volunteers -out FILE.csv
  bot export -config FILE -what round|picklist -round R<n> -out FILE.csv
  bot purge -config FILE -before 2026-06-01|now [-notices=false]
                                           anonymise names, phones, addresses, order and notice texts of
                                           everything finished before that day (today at the latest) or, with
                                           now, so far (open orders kept); -notices=false keeps notice texts
  bot restore -config FILE [-to FILE] [-force]
                                           bring the database back from the [replica] (an existing
                                           file only with -force; never one a running bot has open)
  bot replicate -config FILE               stream the database to the [replica] (the bot runs this
                                           itself when replica.url is set; for running it beside the bot)
  bot playground [-listen 127.0.0.1:8080] [-public] [-db FILE] [-demo] [-pause 1s]
                                           the bot in a browser: no token, no internet
`

// realMain is main without the process: tests run it in-process and as a child process.
// hooks, when not nil, lets tests add to the running app.
func realMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, hooks *appHooks) int {
	sub := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		sub, args = args[0], args[1:]
	}
	if sub == "playground" {
		return playgroundMain(ctx, args, stdout, stderr, hooks)
	}
	switch sub { // their own flags: import takes a file, export -what
	case "import":
		return importMain(ctx, args, getenv, stdout, stderr)
	case "export":
		return exportMain(ctx, args, getenv, stdout, stderr)
	case "restore":
		return restoreMain(ctx, args, getenv, stdout, stderr) // replica.go
	case "replicate":
		return replicateMain(ctx, args, getenv, stdout, stderr)
	}
	fs, cfgPath := subcommandFlags("bot "+sub, stderr)
	out := fs.String("out", "", "backup: the file to write")
	before := fs.String("before", "", "purge: anonymise what finished before this day (2026-06-01), or now")
	purgeNotices := fs.Bool("notices", true, "purge: also blank the texts of notices done with before then")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bot %s: unexpected argument %q\n%s", sub, fs.Arg(0), usage)
		return exitUsage
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	log := newLogger(stderr, cfg.Log.Format)
	switch sub {
	case "run":
		if err := cfg.ValidateForRun(); err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		return exitCode(stderr, runBot(ctx, cfg, log, hooks))
	case "migrate":
		return exitCode(stderr, migrate(ctx, cfg, stdout))
	case "backup":
		if *out == "" {
			fmt.Fprintf(stderr, "bot backup: -out FILE is required\n%s", usage)
			return exitUsage
		}
		return exitCode(stderr, backup(ctx, cfg, *out, stdout))
	case "purge":
		return purgeCmd(ctx, cfg, purgeArgs{before: *before, notices: *purgeNotices}, time.Now(), stdout, stderr) // lifecycle.go
	}
	fmt.Fprintf(stderr, "bot: unknown command %q\n%s", sub, usage)
	return exitUsage
}

func exitCode(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, context.Canceled) {
		return exitOK
	}
	fmt.Fprintln(stderr, "bot:", err)
	return exitFailure
}

// newLogger writes Info and above to w as key=value text, or as one JSON object a line when
// format is "json" ([log] format).
func newLogger(w io.Writer, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func migrate(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	db, err := store.OpenNoMigrate(cfg.Database.Path)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := store.Migrate(ctx, db.Write)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s is at schema version %d\n", cfg.Database.Path, v)
	return nil
}

func backup(ctx context.Context, cfg *config.Config, out string, stdout io.Writer) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", out)
	}
	if _, err := os.Stat(cfg.Database.Path); err != nil {
		return fmt.Errorf("backup: database %s: %w", cfg.Database.Path, err)
	}
	db, err := store.OpenNoMigrate(cfg.Database.Path)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := store.Backup(ctx, db.Read, out); err != nil {
		_ = auditCLI(context.WithoutCancel(ctx), db, "backup", "", err)
		return err
	}
	if err := auditCLI(ctx, db, "backup", "", nil); err != nil { // lifecycle.go
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s\n", cfg.Database.Path, out)
	return nil
}

// subcommandFlags is the flag set of a subcommand called name, answering bad flags with the
// usage on stderr, and its -config flag.
func subcommandFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs, fs.String("config", "linli.toml", "configuration file (TOML)")
}
