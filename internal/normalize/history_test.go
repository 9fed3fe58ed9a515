package normalize

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/ianaports/ianaports/internal/shareddata"
)

// Every official XML snapshot of iana/history.tar.zst (379, from 2017 to
// 2026) parses without an error or a warning, with one record per <record>
// element and one person per <person>; every twentieth is also read by
// encoding/xml, which must give the same tokens as xmlScanner.
func TestHistoryArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1.4 GB of XML; skipped with -short")
	}
	n := 0
	historySnapshots(t, func(name string, data []byte) {
		n++
		r := &recorder{}
		if _, err := Parse(name, data, "auto", r); err != nil {
			t.Errorf("%v", err)
			return
		}
		if len(r.warnings) > 0 {
			t.Errorf("%s: %d warnings, the first: %v", name, len(r.warnings), r.warnings[0])
		}
		if want := bytes.Count(data, []byte("<record")); len(r.records) != want {
			t.Errorf("%s: %d records, want %d", name, len(r.records), want)
		}
		if want := bytes.Count(data, []byte("<person ")); len(r.persons) != want {
			t.Errorf("%s: %d persons, want %d", name, len(r.persons), want)
		}
		if n%20 == 1 {
			checkScanner(t, data)
		}
	})
	if n != 379 {
		t.Errorf("%d snapshots in the archive, want 379", n)
	}
}

// historySnapshots calls fn with each XML snapshot of
// iana/history.tar.zst, read as a stream, in the archive's order.
func historySnapshots(t *testing.T, fn func(name string, data []byte)) {
	t.Helper()
	f, err := os.Open(shareddata.File(t, "iana/history.tar.zst"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := zstd.NewReader(f, zstd.WithDecoderMaxWindow(1<<27))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("read archive: %v", err)
		}
		if hdr.Typeflag != tar.TypeReg || path.Ext(hdr.Name) != ".xml" {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatalf("read %s: %v", hdr.Name, err)
		}
		fn(hdr.Name, data)
	}
}
