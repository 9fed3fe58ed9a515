package db

import (
	"errors"
	"io/fs"
	"os"
	"testing"
)

func removeDB(tb testing.TB, path string) {
	tb.Helper()
	for _, p := range []string{path, path + "-journal", path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			tb.Fatal(err)
		}
	}
}
