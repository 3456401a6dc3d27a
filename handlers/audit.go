package handlers

import (
	"strconv"
	"strings"

	"linli/audit"
)

// auditedButtons are the button verbs that are admin actions (see Register): notice previews
// and run controls. Their presses are recorded like admin commands.
var auditedButtons = map[string]bool{"n": true}

// freeTextAfter is, for admin commands whose arguments end in free text (a notice's words),
// how many leading arguments to keep; the rest is never recorded. A function because a
// schedule's leading part is one descriptor or five cron fields.
var freeTextAfter = map[string]func(fields []string) int{
	"notice":   func(f []string) int { return leading(f, 1) },
	"schedule": scheduleHead,
}

// auditAction says whether r is an admin action, and names it: an admin-only command (whoever
// sent it: a refusal is recorded too; marked by the adminOnly wrapper) or a press of an admin
// button.
func (h *Handlers) auditAction(r *request) (source, action, args string, ok bool) {
	if r.auditAs != "" {
		source = audit.SourceCommand // a command, or the answer that ended an admin's flow
		if r.callback != nil {
			source = audit.SourceButton
		}
		return source, r.auditAs, r.auditArgs, true
	}
	if r.callback != nil {
		verb, arg := callbackData(r.callback.Data)
		op, _, _ := strings.Cut(arg, ":")
		return audit.SourceButton, "button:" + verb + ":" + op, r.callback.Data, auditedButtons[verb]
	}
	if r.adminCommand {
		return audit.SourceCommand, r.cmd.Name, commandArgs(r.cmd.Name, r.cmd.Args), true
	}
	return "", "", "", false
}

// audited names r's admin action by what it does ("round:close", "grant:asked") with args (ids
// and keys: audit.Record cleans them): the log records it, ok or refused, in the update's
// transaction. The last call wins, so a handler marks what it attempts first and what it did
// once done; a refusal after the mark is recorded as that action refused. Without a mark, an
// admin command or button is recorded by its name (auditAction).
func (r *request) audited(action, args string) { r.auditAs, r.auditArgs = action, args }

// roundArgs are a round action's audit arguments: "R<id>" and what follows.
func roundArgs(id int64, more ...string) string {
	return strings.Join(append([]string{"R" + strconv.FormatInt(id, 10)}, more...), " ")
}

// commandArgs keeps the structured head of a free-text command's arguments (audit.Record
// cleans what is kept).
func commandArgs(name, args string) string {
	head, ok := freeTextAfter[name]
	if !ok {
		return args
	}
	f := strings.Fields(args)
	n := head(f)
	if n < len(f) {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}

// scheduleHead is "@daily <audience>" or five cron fields and the audience; the guided form
// "<audience> <text>" keeps the audience.
func scheduleHead(f []string) int {
	switch {
	case len(f) > 0 && strings.HasPrefix(f[0], "@"):
		return leading(f, 2)
	case len(f) >= 6 && isCronField(f[0]) && isCronField(f[1]):
		return leading(f, 6)
	}
	return leading(f, 1)
}

func isCronField(s string) bool { return strings.Trim(s, "0123456789*/,-") == "" }

func leading(f []string, n int) int {
	if len(f) > n && f[n] == "!urgent" {
		n++ // the urgency mark is structure, not text
	}
	return min(n, len(f))
}

// recordAudit records r in the audit log if it is an admin action, after its savepoint was
// released or rolled back: a refusal is recorded though the action's own writes were undone.
func (h *Handlers) recordAudit(r *request, refused bool) error {
	source, action, args, ok := h.auditAction(r)
	if !ok {
		return nil
	}
	outcome := audit.OK
	if refused {
		outcome = audit.Refused
	}
	return audit.Record(r.ctx, r.unit.Tx, audit.Entry{
		At: r.unit.Now, Actor: r.user.ID, Source: source, Action: action, Args: args, Outcome: outcome,
		Scope: r.scope.String(),
	})
}
