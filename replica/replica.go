// Package replica streams Linli's SQLite database to a replica with Litestream and brings the
// latest copy back. The replica is a directory ("file:///mnt/disk2/linli": another disk, an NFS
// or SFTP mount) or S3-compatible storage ("s3://bucket/path", credentials from the environment).
//
// Litestream opens the database with its own SQLite (modernc.org/sqlite), while the bot uses
// mattn/go-sqlite3. Two SQLite libraries in one process break each other's POSIX locks (closing
// one library's file descriptor drops the other's locks), so Litestream must not run inside the
// bot's process: Run is the body of `bot replicate`, a child process of the same binary that the
// bot starts and watches (Supervisor), and reports its position to on standard output.
package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	_ "github.com/benbjohnson/litestream/s3" // registers the "s3" scheme
)

// Schemes are the replica URL schemes Linli supports.
var Schemes = []string{"file", "s3"}

// ErrNoReplica is returned by Restore when the replica holds no copy of a database.
var ErrNoReplica = errors.New("replica: the replica holds no database yet")

// Intervals of the replication: Litestream looks at the WAL and ships what it found this often,
// so a write reaches the replica within about two of them (the recovery point).
const (
	DefaultMonitorInterval = 200 * time.Millisecond
	DefaultSyncInterval    = 200 * time.Millisecond
)

// Options configures Run; zero values take the defaults documented on each field.
type Options struct {
	DBPath string // the SQLite database to replicate
	URL    string // where to: file:///dir or s3://bucket/path
	// MonitorInterval and SyncInterval: default DefaultMonitorInterval and DefaultSyncInterval.
	MonitorInterval, SyncInterval time.Duration
	// Report, when not nil, is called every ReportEvery (default 250ms) with where the
	// replication stands.
	Report      func(Position)
	ReportEvery time.Duration
	Logger      *slog.Logger
}

// Position is where the replication stands: the last transaction Litestream has read from the
// database and the last one the replica has.
type Position struct {
	DBTXID      uint64 `json:"db_txid"`
	ReplicaTXID uint64 `json:"replica_txid"`
	Err         string `json:"err,omitempty"` // the last error of the database monitor, if any
}

// CaughtUp is true when the replica has every transaction Litestream has seen.
func (p Position) CaughtUp() bool { return p.Err == "" && p.ReplicaTXID >= p.DBTXID && p.DBTXID > 0 }

// NewClient makes the Litestream client of a replica URL.
func NewClient(rawURL string) (litestream.ReplicaClient, error) {
	c, err := litestream.NewReplicaClientFromURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("replica: %w", err)
	}
	return c, nil
}

// Run replicates o.DBPath to o.URL until ctx is done, then ships what is left and returns nil.
func Run(ctx context.Context, o Options) error {
	o = o.withDefaults()
	client, err := NewClient(o.URL)
	if err != nil {
		return err
	}
	db := litestream.NewDB(o.DBPath)
	db.MonitorInterval = o.MonitorInterval
	db.Logger = o.Logger
	rep := litestream.NewReplicaWithClient(db, client)
	rep.SyncInterval = o.SyncInterval
	if fc, ok := client.(*file.ReplicaClient); ok {
		fc.Replica = rep // the replica's files take the database's owner and mode
	}
	db.Replica = rep
	st := litestream.NewStore([]*litestream.DB{db}, levels())
	st.Logger = o.Logger
	st.ShutdownSyncTimeout = 10 * time.Second
	if err := st.Open(ctx); err != nil {
		return fmt.Errorf("replica: start: %w", err)
	}
	o.Logger.Info("replicating", "component", "replica", "to", redactURL(o.URL))
	report(ctx, o, db, rep)
	if err := st.Close(context.Background()); err != nil {
		return fmt.Errorf("replica: stop: %w", err)
	}
	return nil
}

// report calls o.Report with the position every o.ReportEvery until ctx is done.
func report(ctx context.Context, o Options, db *litestream.DB, rep *litestream.Replica) {
	tick := time.NewTicker(o.ReportEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if o.Report == nil {
			continue
		}
		var p Position
		pos, err := db.Pos()
		if err != nil {
			p.Err = err.Error()
		}
		p.DBTXID, p.ReplicaTXID = uint64(pos.TXID), uint64(rep.Pos().TXID)
		o.Report(p)
	}
}

func (o Options) withDefaults() Options {
	if o.MonitorInterval <= 0 {
		o.MonitorInterval = DefaultMonitorInterval
	}
	if o.SyncInterval <= 0 {
		o.SyncInterval = DefaultSyncInterval
	}
	if o.ReportEvery <= 0 {
		o.ReportEvery = 250 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// redactURL is the URL without its query (which may name an endpoint with a token in it).
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}

// levels are Litestream's default compaction levels (a new copy: the package's is shared).
func levels() litestream.CompactionLevels {
	return litestream.CompactionLevels{
		{Level: 0},
		{Level: 1, Interval: 30 * time.Second},
		{Level: 2, Interval: 5 * time.Minute},
		{Level: 3, Interval: time.Hour},
	}
}
