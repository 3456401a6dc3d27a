package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"time"

	"linli/config"
	"linli/replica"
	"linli/store"
)

// replicateMain is `bot replicate`: Litestream streaming the database to [replica] url until
// SIGINT or SIGTERM. The bot starts it as its own child process with -child (see
// replica.Supervisor); an operator may also run it beside the bot, as a sidecar.
func replicateMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, cfgPath := subcommandFlags("bot replicate", stderr)
	dbPath := fs.String("db", "", "the database (instead of -config)")
	url := fs.String("url", "", "the replica URL (instead of -config)")
	child := fs.Bool("child", false, "started by the bot: report positions on stdout, stop when stdin closes")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	logFormat := "text" // [log] format, when the configuration is read
	if *dbPath == "" || *url == "" {
		cfg, err := config.Load(*cfgPath, getenv)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		*dbPath, *url, logFormat = cfg.Database.Path, cfg.Replica.URL, cfg.Log.Format
	}
	if *url == "" {
		fmt.Fprintln(stderr, "config: replica.url: not set: there is nowhere to replicate to")
		return exitUsage
	}
	if err := config.CheckReplicaURL(*url); err != nil {
		fmt.Fprintf(stderr, "config: replica.url: %v\n", err)
		return exitUsage
	}
	log := newLogger(stderr, logFormat)
	slog.SetDefault(log) // this process is the replicator: Litestream's parts that log to the default log too
	o := replica.Options{DBPath: *dbPath, URL: *url, Logger: log}
	if *child {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() { _, _ = io.Copy(io.Discard, os.Stdin); cancel() }() // the bot is gone
		o.Report = reporter(stdout)
	}
	return exitCode(stderr, replica.Run(ctx, o))
}

// reporter writes each position as a JSON line, for the bot's replica.Supervisor.
func reporter(w io.Writer) func(replica.Position) {
	var mu sync.Mutex
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	return func(p replica.Position) {
		mu.Lock()
		defer mu.Unlock()
		_ = enc.Encode(p)
		_ = bw.Flush()
	}
}

// replicator is the command the bot runs as its replicator: this same binary.
func replicator(cfg *config.Config) func() *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	return func() *exec.Cmd {
		cmd := exec.Command(exe, "replicate", "-child", "-db", cfg.Database.Path, "-url", cfg.Replica.URL)
		// The pipe stays open (cmd holds it) while the bot lives; when the bot dies the kernel
		// closes it and the child stops.
		_, _ = cmd.StdinPipe()
		return cmd
	}
}

// newReplica makes the replicator's supervisor when [replica] url is set (nil otherwise).
func (a *app) newReplica(hooks *appHooks) *replica.Supervisor {
	if a.cfg.Replica.URL == "" {
		return nil
	}
	o := replica.SupervisorOptions{Command: replicator(a.cfg), Stderr: os.Stderr, Logger: a.log}
	if hooks.replicaLog != nil {
		o.Stderr = hooks.replicaLog
	}
	return replica.NewSupervisor(o)
}

// replicaLag is how far behind the replica is; nil when replication is off.
func (a *app) replicaLag() func() time.Duration {
	if a.replica == nil {
		return nil
	}
	return a.replica.Lag
}

// startReplica starts the replicator when [replica] url is set; the returned stop stops it after
// it has shipped what is left (call it once the database is closed).
func (a *app) startReplica(ctx context.Context) (stop func()) {
	if a.replica == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); a.replica.Run(ctx) }()
	return func() { cancel(); <-done }
}

// restoreMain is `bot restore -config FILE [-to FILE] [-force]`: the latest copy of the database
// from [replica] url, written to -to (default: database.path). An existing database is replaced
// only with -force, and a database in use by a running bot never.
func restoreMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, cfgPath := subcommandFlags("bot restore", stderr)
	to := fs.String("to", "", "the file to write (default: database.path)")
	force := fs.Bool("force", false, "replace an existing database")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bot restore: unexpected argument %q\n%s", fs.Arg(0), usage)
		return exitUsage
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if cfg.Replica.URL == "" {
		fmt.Fprintln(stderr, "config: replica.url: not set: there is no replica to restore from")
		return exitUsage
	}
	if *to == "" {
		*to = cfg.Database.Path
	}
	return exitCode(stderr, restore(ctx, cfg.Replica.URL, *to, *force, stdout))
}

func restore(ctx context.Context, url, to string, force bool, stdout io.Writer) error {
	live, err := inUse(to)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if live {
		return fmt.Errorf("restore: %s is in use by a running bot (or its replicator); stop it first", to)
	}
	if _, err := os.Stat(to); err == nil && !force {
		return fmt.Errorf("restore: %s already exists; add -force to replace it with the replica's copy", to)
	}
	if err := replica.Restore(ctx, url, to); err != nil {
		if errors.Is(err, replica.ErrNoReplica) {
			return fmt.Errorf("restore: the replica holds no database yet (has the bot run with [replica] url set?)")
		}
		return err
	}
	db, err := store.OpenNoMigrate(to)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := auditCLI(ctx, db, "restore", "", nil); err != nil { // lifecycle.go
		return err
	}
	fmt.Fprintf(stdout, "restored the replica's latest copy to %s\n", to)
	return nil
}
