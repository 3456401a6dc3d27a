package store

/*
// mattn/go-sqlite3 compiles SQLite into the program; this file calls one function of its C API
// that the driver does not wrap.
extern int sqlite3_db_config(void *db, int op, ...);

enum { dbconfigEnableQPSG = 1007 }; // SQLITE_DBCONFIG_ENABLE_QPSG

// linli_qpsg sets the connection's query planner stability guarantee (on 1, off 0, -1 leaves it)
// and returns it in *now.
static int linli_qpsg(void *db, int on, int *now) {
	return sqlite3_db_config(db, dbconfigEnableQPSG, on, now);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// stablePlans turns on SQLite's query planner stability guarantee on c: a statement's plan no
// longer depends on the values bound to it. Without it, SQLite 3.54 plans many of Linli's
// statements (an equality on a parameter with an ORDER BY or a join, a LIMIT ?) around the
// values bound, and marks them to be compiled again whenever a value is bound anew: the driver's
// statement cache then saved nothing for them, and an /order spent an eighth of its CPU in
// SQLite's parser (issue 17). Linli's queries name their indexes' conditions literally, so
// their plans do not need the values.
func stablePlans(c *sqlite3.SQLiteConn) error {
	db, err := handle(c)
	if err != nil {
		return err
	}
	var now C.int
	if rc := C.linli_qpsg(db, 1, &now); rc != 0 || now != 1 {
		return fmt.Errorf("store: query planner stability guarantee: rc %d, now %d", int(rc), int(now))
	}
	return nil
}

// plansStable reports whether c has the query planner stability guarantee on.
func plansStable(c *sqlite3.SQLiteConn) (bool, error) {
	db, err := handle(c)
	if err != nil {
		return false, err
	}
	var now C.int
	if rc := C.linli_qpsg(db, -1, &now); rc != 0 {
		return false, fmt.Errorf("store: query planner stability guarantee: rc %d", int(rc))
	}
	return now == 1, nil
}

// handle is c's sqlite3 connection handle, which the driver keeps in an unexported field. A
// driver version that moved it fails every connection (and the store tests) instead of silently
// planning again.
func handle(c *sqlite3.SQLiteConn) (unsafe.Pointer, error) {
	f := reflect.ValueOf(c).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil, errors.New("store: mattn/go-sqlite3 connection: no sqlite3 handle in field db")
	}
	return f.UnsafePointer(), nil
}
