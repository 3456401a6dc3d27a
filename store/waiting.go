package store

import (
	"database/sql"
	"sync"
	"sync/atomic"
)

// Who is waiting for a pool's connection. The writer pool has one connection, so a long
// transaction on it (the dispatcher's batch of updates) holds back every other writer: the
// sender marking rows sent, the poller storing updates. A batch that asks Contended between its
// steps can commit early and let them in.

var waiters sync.Map // *sql.DB → *atomic.Int64

func waitersOf(db *sql.DB) *atomic.Int64 {
	if w, ok := waiters.Load(db); ok {
		return w.(*atomic.Int64)
	}
	w, _ := waiters.LoadOrStore(db, new(atomic.Int64))
	return w.(*atomic.Int64)
}

// forgetWaiters drops the counts of closed pools, which no transaction waits for any more.
func forgetWaiters(dbs ...*sql.DB) {
	for _, db := range dbs {
		waiters.Delete(db)
	}
}

// Contended reports whether a transaction begun through InTx is waiting for db's connection.
func Contended(db *sql.DB) bool { return waitersOf(db).Load() > 0 }
