package db

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"os"
	"strings"
)

//go:embed release.sql
var releaseSQL string

// CopyForRelease writes a copy of the database to path (which must not
// exist) for a release: vacuumed, goose's migration times set to tstamp
// (nil: none), and with registry_search, a full-text index (FTS5) over
// the records of snapshot snapshotID. The same database gives the same
// bytes, whatever order its snapshots were imported in.
func (d *DB) CopyForRelease(ctx context.Context, path string, snapshotID int64, tstamp *string) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("copy database: %s exists", path)
	}
	if _, err := d.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	c, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	defer func() {
		if cerr := c.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("copy database: %w", cerr)
		}
	}()
	c.SetMaxOpenConns(1)
	args := []any{sql.Named("tstamp", tstamp), sql.Named("snapshot", snapshotID)}
	for _, stmt := range strings.Split(releaseSQL, ";\n") {
		if strings.TrimSpace(stripComments(stmt)) == "" {
			continue
		}
		var used []any
		for _, a := range args {
			if strings.Contains(stmt, ":"+a.(sql.NamedArg).Name) {
				used = append(used, a)
			}
		}
		if _, err := c.ExecContext(ctx, stmt, used...); err != nil {
			return fmt.Errorf("copy database: %w", err)
		}
	}
	if _, err := c.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	return nil
}

// stripComments drops -- comments, line by line.
func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
