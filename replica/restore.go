package replica

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/benbjohnson/litestream"
)

// Restore writes the latest copy the replica at rawURL holds to a new file beside to, checks its
// integrity, and only then moves it to to (removing a WAL and shared-memory file left there by
// an earlier database, which would otherwise be applied to the restored one). The caller decides
// whether to may be replaced: Restore replaces it.
func Restore(ctx context.Context, rawURL, to string) error {
	client, err := NewClient(rawURL)
	if err != nil {
		return err
	}
	rep := litestream.NewReplicaWithClient(nil, client)
	dir := filepath.Dir(to)
	tmp := filepath.Join(dir, fmt.Sprintf(".%s.restoring-%d", filepath.Base(to), os.Getpid()))
	removeDB(tmp)
	defer removeDB(tmp)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = tmp
	opt.IntegrityCheck = litestream.IntegrityCheckFull
	if err := rep.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrNoSnapshots) || errors.Is(err, litestream.ErrTxNotAvailable) {
			return ErrNoReplica
		}
		return fmt.Errorf("replica: restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(to + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("replica: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, to); err != nil {
		return fmt.Errorf("replica: restore: %w", err)
	}
	// Litestream's own bookkeeping of the old database (beside it) would not match the new one.
	return os.RemoveAll(filepath.Join(dir, "."+filepath.Base(to)+litestream.MetaDirSuffix))
}

// removeDB removes a database file and its WAL and shared-memory files, if they exist.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
}
