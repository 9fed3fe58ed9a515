package main

import (
	"context"
	"errors"
	"io"

	"github.com/ianaports/ianaports/internal/db"
)

// exportServices writes the registry as /etc/services. (Being written.)
func exportServices(ctx context.Context, d *db.DB, o options, w io.Writer) error {
	return errors.New("services: not written yet")
}
