//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package db

import (
	"context"
	"errors"
	"syscall"
	"time"
)

// lock takes the database file's exclusive advisory lock (flock(2)),
// waiting for other ianaports processes to release it; ctx ends the wait.
// flock's locks are apart from the fcntl locks SQLite takes, so the two
// do not meet; the descriptor stays open until Close, because closing any
// descriptor of a file drops the process's fcntl locks on it.
func (l *fileLock) lock(ctx context.Context) error {
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}

func (l *fileLock) unlock() error {
	return syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
}
