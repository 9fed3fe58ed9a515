package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strconv"
	"time"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/release"
)

// writeRelease writes a release bundle into o.release and says on stderr
// what it wrote: the snapshot, the size of each format, the SHA-256 of
// SHA256SUMS.
func writeRelease(ctx context.Context, d *db.DB, o options, stderr io.Writer) error {
	opt := release.Options{Snapshot: o.snapshot, Services: releaseServices}
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok && v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH %q: want seconds since 1970-01-01 UTC", v)
		}
		t := time.Unix(sec, 0).UTC()
		opt.Epoch = &t
	}
	start := time.Now()
	rep, err := release.Write(ctx, d, o.release, opt)
	if err != nil {
		return err
	}
	sizes := map[string]int64{}
	var sums string
	for _, f := range rep.Files {
		kind := path.Dir(f.Path)
		if kind == "." {
			kind = f.Path
		}
		sizes[kind] += f.Bytes
		if f.Path == release.Sums {
			sums = f.SHA256
		}
	}
	kinds := make([]string, 0, len(sizes))
	for k := range sizes {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Fprintf(stderr, "release %s: the snapshot of %s (%s), %d files in %.1fs\n",
		o.release, rep.Snapshot.Date, rep.Snapshot.Source, len(rep.Files), time.Since(start).Seconds())
	for _, k := range kinds {
		fmt.Fprintf(stderr, "  %-32s %10d bytes\n", k, sizes[k])
	}
	fmt.Fprintf(stderr, "SHA256SUMS %s\n", sums)
	return nil
}

// releaseServices writes a release's /etc/services: every protocol, every
// name.
func releaseServices(ctx context.Context, d *db.DB, s db.Snapshot, w io.Writer) error {
	return exportServices(ctx, d, options{snapshot: strconv.FormatInt(s.ID, 10)}, w)
}
