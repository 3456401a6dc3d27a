//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// inUse says whether a process has the SQLite database at path open: in WAL mode every
// connection holds a lock on the shared-memory file beside it for as long as it is open.
func inUse(path string) (bool, error) {
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false, err
	}
	return lk.Type != syscall.F_UNLCK, nil
}
