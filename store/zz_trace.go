//go:build sqlite_trace

package store

import (
	"database/sql"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

var zzMu sync.Mutex
var zzStats = map[string]*[2]int64{}
var zzSQL = map[uintptr]string{}

func init() {
	sql.Register("sqlite3_traced", &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		return c.SetTrace(&sqlite3.TraceConfig{EventMask: sqlite3.TraceProfile | sqlite3.TraceStmt, Callback: func(i sqlite3.TraceInfo) int {
			zzMu.Lock()
			defer zzMu.Unlock()
			if i.EventCode == sqlite3.TraceStmt {
				if i.StmtOrTrigger != "" && i.StmtOrTrigger[0] != '-' {
					zzSQL[i.StmtHandle] = i.StmtOrTrigger
				}
				return 0
			}
			k := zzSQL[i.StmtHandle]
			s := zzStats[k]
			if s == nil {
				s = &[2]int64{}
				zzStats[k] = s
			}
			s[0]++
			s[1] += i.RunTimeNanosec
			return 0
		}})
	}})
}

// ZZDump writes the statement profile.
func ZZDump(name string) {
	zzMu.Lock()
	defer zzMu.Unlock()
	type kv struct {
		k string
		v [2]int64
	}
	var all []kv
	for k, v := range zzStats {
		all = append(all, kv{k, *v})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v[1] > all[j].v[1] })
	f, _ := os.Create(name)
	for _, x := range all {
		q := x.k
		if len(q) > 200 {
			q = q[:200]
		}
		fmt.Fprintf(f, "%8d %10s %8s  %q\n", x.v[0], time.Duration(x.v[1]).Round(time.Millisecond), time.Duration(x.v[1]/x.v[0]), q)
	}
	f.Close()
	zzStats = map[string]*[2]int64{}
}

func zzDriver(string) string { return "sqlite3_traced" }
