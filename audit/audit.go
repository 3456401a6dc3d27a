// Package audit keeps Linli's append-only log of admin actions: every admin command and admin
// button press in Telegram, and every run of the command-line tools (import, export, purge,
// backup). A row is written inside the transaction of the action it records, so the log holds
// exactly what happened; the schema (migrations/0011_audit.sql) refuses UPDATE and DELETE.
//
// Arguments are stored cleaned by Clean: never a phone number, a name or an address.
package audit

import (
	"context"
	"fmt"
	"time"

	"linli/store"
)

// Where an action came from.
const (
	SourceCommand = "command" // a Telegram command
	SourceButton  = "button"  // a Telegram button press
	SourceCLI     = "cli"     // a command-line tool (actor 0)
	SourceSystem  = "system"  // the bot's own scheduled jobs (actor 0)
)

// Outcomes.
const (
	OK      = "ok"      // done
	Refused = "refused" // not allowed, or bad arguments: nothing changed
	Failed  = "failed"  // an error: nothing changed
)

// Entry is one row of the log.
type Entry struct {
	ID      int64
	At      time.Time
	Actor   int64 // Telegram user id; 0 for the command line and the bot's own jobs
	Source  string
	Action  string
	Args    string // stored as Clean leaves it
	Outcome string
	// Scope is the zones the actor held as admin, comma-separated; "" = every zone (config
	// admins, the command line, the bot's own jobs).
	Scope string
}

// maxAction bounds an action name: they come from code, but a button's verb is client data.
const maxAction = 48

// Record appends e to the log in q's transaction (the caller's: the entry commits or rolls
// back with the action). e.Args is cleaned here, so a caller cannot store a phone by mistake.
func Record(ctx context.Context, q store.Querier, e Entry) error {
	switch e.Outcome {
	case OK, Refused, Failed:
	default:
		return fmt.Errorf("audit: outcome %q", e.Outcome)
	}
	_, err := q.ExecContext(ctx,
		`INSERT INTO audit_log (at, actor, source, action, args, outcome, scope) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.At.UnixMilli(), e.Actor, e.Source, clip(e.Action, maxAction), Clean(e.Args), e.Outcome, clip(e.Scope, 200))
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// Filter selects entries for List: zero fields select everything.
type Filter struct {
	Actor    int64 // only this actor's entries; 0 = everyone
	BeforeID int64 // only entries older than this id (paging back); 0 = from the newest
	Limit    int   // at most this many; 0 = 50
}

// List returns entries newest first.
func List(ctx context.Context, q store.Querier, f Filter) ([]Entry, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := q.QueryContext(ctx, `
		SELECT id, at, actor, source, action, args, outcome, scope FROM audit_log
		WHERE (?1 = 0 OR actor = ?1) AND (?2 = 0 OR id < ?2)
		ORDER BY id DESC LIMIT ?3`, f.Actor, f.BeforeID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Source, &e.Action, &e.Args, &e.Outcome, &e.Scope); err != nil {
			return nil, fmt.Errorf("audit: list: %w", err)
		}
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
