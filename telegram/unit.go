package telegram

import (
	"context"
	"database/sql"
	"time"

	"github.com/go-telegram/bot/models"
)

// Unit is the work of handling one update: the transaction every effect goes into (domain
// changes, outbox rows, and the inbox row's done mark), so an update is applied exactly once even
// across kill -9. A handler must not do network I/O while it holds the unit: replies go to the
// outbox and are sent right after the commit.
type Unit struct {
	Tx       *sql.Tx
	Update   *models.Update
	UpdateID int64
	Now      time.Time
	// Err set by a handler rolls the whole unit back; the dispatcher then records the failure
	// and lets the failure hook answer the user.
	Err error
}

type unitKey struct{}

// WithUnit returns ctx carrying u.
func WithUnit(ctx context.Context, u *Unit) context.Context {
	return context.WithValue(ctx, unitKey{}, u)
}

// UnitFrom returns the unit of the update being handled, or nil outside the dispatcher.
func UnitFrom(ctx context.Context) *Unit {
	u, _ := ctx.Value(unitKey{}).(*Unit)
	return u
}
