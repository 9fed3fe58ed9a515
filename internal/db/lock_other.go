//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package db

import "context"

// lock does nothing where flock(2) is missing: concurrent imports then rely
// on SQLite's own locking and busy timeout alone.
func (l *fileLock) lock(ctx context.Context) error { return nil }

func (l *fileLock) unlock() error { return nil }
