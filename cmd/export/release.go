package main

import (
	"context"
	"errors"
	"io"

	"github.com/ianaports/ianaports/internal/db"
)

// writeRelease writes a release bundle. (Being written.)
func writeRelease(ctx context.Context, d *db.DB, o options, stderr io.Writer) error {
	return errors.New("release: not written yet")
}
