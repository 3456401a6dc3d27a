package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"linli/audit"
	"linli/config"
	"linli/people"
	"linli/records"
	"linli/store"
)

// importMain is `bot import -config FILE residents.csv`: the household list is checked row by
// row and its good rows imported in one transaction. Exit 0: every row was good; 1: some rows
// were rejected (the rest imported), or the file could not be read; 2: bad flags or config.
func importMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, cfgPath := subcommandFlags("bot import", stderr)
	files, ok := parseWithPositional(fs, args)
	if !ok {
		return exitUsage
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "bot import: one CSV file is needed\n%s", usage)
		return exitUsage
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	rep, err := importFile(ctx, cfg, files[0], stderr)
	if errors.Is(err, store.ErrMigrating) {
		fmt.Fprintf(stderr, "bot import: nothing imported: %s is still being migrated by another process (the bot starting "+
			"up after an upgrade, or another import) after %s; try again once it has finished\n", cfg.Database.Path, importWait)
		return exitFailure
	}
	if err != nil {
		fmt.Fprintln(stderr, "bot import:", err)
		return exitFailure
	}
	rep.print(stdout, filepath.Base(files[0]))
	if len(rep.rejected) > 0 {
		return exitFailure
	}
	return exitOK
}

// parseWithPositional parses flags that may come before or after the positional arguments
// (flag stops at the first of them).
func parseWithPositional(fs *flag.FlagSet, args []string) ([]string, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		if fs.NArg() == 0 {
			return pos, true
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// importReport is what an import did.
type importReport struct {
	created, updated, unchanged int
	rejected                    []records.Rejection
	ignored                     []string
	gbk                         bool
}

// importWait is how long import waits for another process migrating the database.
var importWait = store.DefaultMigrateWait

// importFile imports the household list at path. A database that another process is migrating
// is waited for (importWait), saying so on stderr, rather than migrated a second time at once.
func importFile(ctx context.Context, cfg *config.Config, path string, stderr io.Writer) (importReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return importReport{}, err
	}
	defer f.Close()
	list, err := records.ParseResidents(f, cfg.Zones)
	if err != nil {
		return importReport{}, err
	}
	db, err := store.OpenNoMigrate(cfg.Database.Path)
	if err != nil {
		return importReport{}, err
	}
	defer db.Close()
	if _, err := store.MigrateWith(ctx, db.Write, store.MigrateOptions{Wait: importWait, Waiting: func() {
		fmt.Fprintf(stderr, "bot import: %s is being migrated by another process; waiting for it (up to %s)\n", cfg.Database.Path, importWait)
	}}); err != nil {
		return importReport{}, err
	}
	rep := importReport{rejected: list.Rejected, ignored: list.Ignored, gbk: list.GBK}
	in := make([]people.HouseholdInput, len(list.Rows))
	for i, r := range list.Rows {
		in[i] = r.HouseholdInput
	}
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		outcomes, err := people.ImportHouseholds(ctx, tx, in, time.Now())
		if err != nil {
			return err
		}
		rep.count(outcomes, list.Rows)
		return audit.Record(ctx, tx, audit.Entry{
			At: time.Now(), Source: audit.SourceCLI, Action: "import", Outcome: audit.OK,
			Args: fmt.Sprintf("new=%d updated=%d unchanged=%d rejected=%d",
				rep.created, rep.updated, rep.unchanged, len(rep.rejected)),
		})
	})
	return rep, err
}

func (rep *importReport) count(outcomes []people.ImportOutcome, rows []records.Resident) {
	for i, o := range outcomes {
		switch o {
		case people.ImportNew:
			rep.created++
		case people.ImportUpdated:
			rep.updated++
		case people.ImportUnchanged:
			rep.unchanged++
		case people.ImportAmbiguous:
			rep.rejected = append(rep.rejected, records.Rejection{Line: rows[i].Line,
				Reason: "several households are registered at this address already; left alone (fix them in the bot)"})
		}
	}
	slices.SortFunc(rep.rejected, func(a, b records.Rejection) int { return a.Line - b.Line })
}

func (rep importReport) print(w io.Writer, name string) {
	if rep.gbk {
		fmt.Fprintf(w, "%s: not UTF-8, read as GBK/GB18030\n", name)
	}
	if len(rep.ignored) > 0 {
		fmt.Fprintf(w, "%s: columns not used: %s\n", name, strings.Join(rep.ignored, ", "))
	}
	fmt.Fprintf(w, "%s: %d new, %d updated, %d unchanged, %d rejected\n",
		name, rep.created, rep.updated, rep.unchanged, len(rep.rejected))
	for _, r := range rep.rejected {
		fmt.Fprintf(w, "line %d: %s\n", r.Line, r.Reason)
	}
}

// exportMain is `bot export -config FILE -what orders|residents|volunteers -out FILE.csv`, or
// `-what round|picklist -round R<n>` for a supply round's supplier totals or pick lists.
func exportMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, cfgPath := subcommandFlags("bot export", stderr)
	what := fs.String("what", records.WhatOrders, "orders, residents, volunteers, round or picklist")
	out := fs.String("out", "", "the CSV file to write")
	roundArg := fs.String("round", "", "the supply round (R<n>) of -what round|picklist")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "bot export: unexpected argument %q\n%s", fs.Arg(0), usage)
		return exitUsage
	case !slices.Contains(exportKinds, *what):
		fmt.Fprintf(stderr, "bot export: -what must be one of %s\n%s", strings.Join(exportKinds, ", "), usage)
		return exitUsage
	case isRoundExport(*what) && !validRound(*roundArg):
		fmt.Fprintf(stderr, "bot export: -what %s needs -round R<n>\n%s", *what, usage)
		return exitUsage
	case !isRoundExport(*what) && *roundArg != "":
		fmt.Fprintf(stderr, "bot export: -round goes with -what round or picklist\n%s", usage)
		return exitUsage
	case *out == "":
		fmt.Fprintf(stderr, "bot export: -out FILE.csv is required\n%s", usage)
		return exitUsage
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	return exitCode(stderr, exportFile(ctx, cfg, *what, *roundArg, *out, stdout))
}

func exportFile(ctx context.Context, cfg *config.Config, what, round, out string, stdout io.Writer) error {
	if _, err := os.Stat(cfg.Database.Path); err != nil {
		return fmt.Errorf("export: database %s: %w", cfg.Database.Path, err)
	}
	db, err := store.Open(ctx, cfg.Database.Path)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := exportTable(ctx, db, cfg, what, round)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := records.WriteCSV(&buf, t); err != nil {
		return err
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "%d %s written to %s\n", len(t.Rows), what, out)
	return auditCLI(ctx, db, "export", fmt.Sprintf("%s rows=%d", what, len(t.Rows)), nil)
}

// writeFileAtomic replaces path with data all at once: a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".linli-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return errors.Join(os.Chmod(tmp.Name(), 0o600), os.Rename(tmp.Name(), path))
}
