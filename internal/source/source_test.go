package source

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// Small fixture documents: what they hold does not matter here, only that
// each arrives whole under its name.
const (
	doc1 = "<registry xmlns=\"http://www.iana.org/assignments\"><updated>2017-03-10</updated></registry>\n"
	doc2 = "<registry xmlns=\"http://www.iana.org/assignments\"><updated>2017-03-13</updated></registry>\n"
	doc3 = "Service Name,Port Number,Transport Protocol\nhttp,80,tcp\n"
)

// member is one entry of a fixture archive.
type member struct {
	name string
	typ  byte // tar.TypeReg where 0
	body string
	link string
}

func makeTar(t testing.TB, members ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range members {
		hdr := &tar.Header{Name: m.name, Typeflag: m.typ, Mode: 0o644, Size: int64(len(m.body)), Linkname: m.link, ModTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Format: tar.FormatPAX}
		if hdr.Typeflag == 0 {
			hdr.Typeflag = tar.TypeReg
		}
		if hdr.Typeflag != tar.TypeReg {
			hdr.Size = 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if hdr.Size > 0 {
			if _, err := tw.Write([]byte(m.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zst(t testing.TB, data []byte) []byte {
	t.Helper()
	zw, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	return zw.EncodeAll(data, nil)
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// noise is incompressible text of n bytes, the same every run.
func noise(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(r.IntN(26))
	}
	return string(b)
}

// got is one Input as a test sees it.
type got struct {
	name, data string
	err        error
}

func walkAll(t testing.TB, args []string, opts Options) []got {
	t.Helper()
	var out []got
	err := Walk(context.Background(), args, opts, func(in Input) error {
		out = append(out, got{in.Name, string(in.Data), in.Err})
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return out
}

// want is one expected Input. In names and error texts, $D stands for the
// test's temporary directory.
type want struct {
	name string
	data string
	err  string // substring of the error's message; "" for none
	big  bool   // the error is normalize.ErrTooLarge in a *normalize.ParseError
}

func check(t *testing.T, dir string, gots []got, wants []want) {
	t.Helper()
	expand := func(s string) string { return strings.ReplaceAll(s, "$D", dir) }
	for i := 0; i < max(len(gots), len(wants)); i++ {
		if i >= len(gots) {
			t.Errorf("input %d: missing, want %s", i, expand(wants[i].name))
			continue
		}
		g := gots[i]
		if i >= len(wants) {
			t.Errorf("input %d: unexpected %s (err %v)", i, g.name, g.err)
			continue
		}
		w := wants[i]
		if name := expand(w.name); g.name != name {
			t.Errorf("input %d: name %q, want %q", i, g.name, name)
		}
		if w.err == "" {
			if g.err != nil {
				t.Errorf("input %d (%s): unexpected error %v", i, g.name, g.err)
			} else if g.data != w.data {
				t.Errorf("input %d (%s): data %q, want %q", i, g.name, cut(g.data), cut(w.data))
			}
			continue
		}
		if g.err == nil {
			t.Errorf("input %d (%s): no error, want one containing %q", i, g.name, expand(w.err))
			continue
		}
		msg := g.err.Error()
		if !strings.Contains(msg, expand(w.err)) {
			t.Errorf("input %d (%s): error %q, want it to contain %q", i, g.name, msg, expand(w.err))
		}
		if !strings.Contains(msg, g.name) {
			t.Errorf("input %d: error %q does not name the input %q", i, msg, g.name)
		}
		if g.data != "" {
			t.Errorf("input %d (%s): data alongside an error", i, g.name)
		}
		var pe *normalize.ParseError
		if w.big && (!errors.Is(g.err, normalize.ErrTooLarge) || !errors.As(g.err, &pe) || pe.File != g.name) {
			t.Errorf("input %d (%s): error %v is not a ParseError for it wrapping ErrTooLarge", i, g.name, g.err)
		}
	}
}

func cut(s string) string {
	if len(s) > 80 {
		return s[:80] + fmt.Sprintf("...(%d bytes)", len(s))
	}
	return s
}

func TestWalk(t *testing.T) {
	history := []member{
		{name: "history/", typ: tar.TypeDir},
		{name: "history/2017-03-10.xml", body: doc1},
		{name: "history/._2017-03-10.xml", body: "AppleDouble junk"},
		{name: "history/latest.xml", typ: tar.TypeSymlink, link: "2017-03-13.xml"},
		{name: "history/2017-03-13.xml", body: doc2},
		{name: "history/notes.csv", body: doc3},
	}
	historyWant := func(archive string) []want {
		return []want{
			{name: archive + ":history/2017-03-10.xml", data: doc1},
			{name: archive + ":history/2017-03-13.xml", data: doc2},
			{name: archive + ":history/notes.csv", data: doc3},
		}
	}
	big := strings.Repeat("x", 100)
	// A truncated archive: the cut falls in the second member's data
	// (incompressible), after the first member's blocks.
	truncMembers := []member{
		{name: "history/one.xml", body: strings.Repeat(doc1, 3000)},
		{name: "history/two.xml", body: noise(1 << 20)},
		{name: "history/three.xml", body: doc3},
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) []string
		opts  Options
		want  []want
	}{
		{
			name: "plain file",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "a.xml"), []byte(doc1))
				return []string{filepath.Join(dir, "a.xml")}
			},
			want: []want{{name: "$D/a.xml", data: doc1}},
		},
		{
			name: "empty file",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "empty.csv"), nil)
				return []string{filepath.Join(dir, "empty.csv")}
			},
			want: []want{{name: "$D/empty.csv", data: ""}},
		},
		{
			name: "missing file, then the next argument",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "a.xml"), []byte(doc1))
				return []string{filepath.Join(dir, "nope.xml"), filepath.Join(dir, "a.xml")}
			},
			want: []want{
				{name: "$D/nope.xml", err: "$D/nope.xml: no such file or directory"},
				{name: "$D/a.xml", data: doc1},
			},
		},
		{
			name: "directory: lexical order, hidden entries skipped, symlinked file followed",
			setup: func(t *testing.T, dir string) []string {
				d := filepath.Join(dir, "snaps")
				write(t, filepath.Join(d, "b.xml"), []byte(doc2))
				write(t, filepath.Join(d, "a", "2.xml"), []byte(doc1))
				write(t, filepath.Join(d, "a", "10.xml"), []byte(doc2))
				write(t, filepath.Join(d, "a", ".DS_Store"), []byte("junk"))
				write(t, filepath.Join(d, ".hidden.xml"), []byte("junk"))
				write(t, filepath.Join(d, ".git", "config"), []byte("junk"))
				write(t, filepath.Join(d, "c", "sub", "x.csv"), []byte(doc3))
				if err := os.Symlink("b.xml", filepath.Join(d, "l.xml")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink("c", filepath.Join(d, "m")); err != nil { // a directory: not followed
					t.Fatal(err)
				}
				return []string{d}
			},
			want: []want{
				{name: "$D/snaps/a/10.xml", data: doc2},
				{name: "$D/snaps/a/2.xml", data: doc1},
				{name: "$D/snaps/b.xml", data: doc2},
				{name: "$D/snaps/c/sub/x.csv", data: doc3},
				{name: "$D/snaps/l.xml", data: doc2},
			},
		},
		{
			name: "directory holding an archive",
			setup: func(t *testing.T, dir string) []string {
				d := filepath.Join(dir, "in")
				write(t, filepath.Join(d, "a.xml"), []byte(doc3))
				write(t, filepath.Join(d, "h.tar.zst"), zst(t, makeTar(t, history...)))
				return []string{d}
			},
			want: append([]want{{name: "$D/in/a.xml", data: doc3}}, historyWant("$D/in/h.tar.zst")...),
		},
		{
			name: "tar: regular members only, in the archive's order",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "h.tar"), makeTar(t, history...))
				return []string{filepath.Join(dir, "h.tar")}
			},
			want: historyWant("$D/h.tar"),
		},
		{
			name: "tar.gz, told by content not by name",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "snapshots.bin"), gz(t, makeTar(t, history...)))
				return []string{filepath.Join(dir, "snapshots.bin")}
			},
			want: historyWant("$D/snapshots.bin"),
		},
		{
			name: "tar.zst",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "history.tar.zst"), zst(t, makeTar(t, history...)))
				return []string{filepath.Join(dir, "history.tar.zst")}
			},
			want: historyWant("$D/history.tar.zst"),
		},
		{
			name: "gzip document passed on compressed",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "registry.xml.gz"), gz(t, []byte(doc1)))
				return []string{filepath.Join(dir, "registry.xml.gz")}
			},
			want: []want{{name: "$D/registry.xml.gz", data: string(gz(t, []byte(doc1)))}},
		},
		{
			name: "zstd document passed on compressed",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "registry.csv.zst"), zst(t, []byte(doc3)))
				return []string{filepath.Join(dir, "registry.csv.zst")}
			},
			want: []want{{name: "$D/registry.csv.zst", data: string(zst(t, []byte(doc3)))}},
		},
		{
			name: "large zstd document passed on compressed",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "big.xml.zst"), zst(t, []byte(truncMembers[1].body)))
				return []string{filepath.Join(dir, "big.xml.zst")}
			},
			want: []want{{name: "$D/big.xml.zst", data: string(zst(t, []byte(truncMembers[1].body)))}},
		},
		{
			name: "corrupt gzip passed on as it is",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "bad.gz"), []byte("\x1f\x8bnot gzip at all"))
				return []string{filepath.Join(dir, "bad.gz")}
			},
			want: []want{{name: "$D/bad.gz", data: "\x1f\x8bnot gzip at all"}},
		},
		{
			name: "file over the cap refused",
			opts: Options{MaxInput: 64},
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "big.xml"), []byte(big))
				write(t, filepath.Join(dir, "small.xml"), []byte("<x/>"))
				return []string{filepath.Join(dir, "big.xml"), filepath.Join(dir, "small.xml")}
			},
			want: []want{
				{name: "$D/big.xml", err: "$D/big.xml: input too large: expected a document of at most 64 bytes, found 100 bytes", big: true},
				{name: "$D/small.xml", data: "<x/>"},
			},
		},
		{
			name: "member over the cap skipped, the archive goes on",
			opts: Options{MaxInput: 64},
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "h.tar.zst"), zst(t, makeTar(t,
					member{name: "a.xml", body: "<a/>"},
					member{name: "big.xml", body: big},
					member{name: "c.xml", body: "<c/>"},
				)))
				return []string{filepath.Join(dir, "h.tar.zst")}
			},
			want: []want{
				{name: "$D/h.tar.zst:a.xml", data: "<a/>"},
				{name: "$D/h.tar.zst:big.xml", err: "$D/h.tar.zst:big.xml: input too large: expected a document of at most 64 bytes, found 100 bytes", big: true},
				{name: "$D/h.tar.zst:c.xml", data: "<c/>"},
			},
		},
		{
			name: "truncated tar.zst ends that archive only",
			setup: func(t *testing.T, dir string) []string {
				data := zst(t, makeTar(t, truncMembers...))
				write(t, filepath.Join(dir, "cut.tar.zst"), data[:len(data)-20000])
				write(t, filepath.Join(dir, "next.xml"), []byte(doc2))
				return []string{filepath.Join(dir, "cut.tar.zst"), filepath.Join(dir, "next.xml")}
			},
			want: []want{
				{name: "$D/cut.tar.zst:history/one.xml", data: truncMembers[0].body},
				{name: "$D/cut.tar.zst:history/two.xml", err: "$D/cut.tar.zst:history/two.xml: corrupt or truncated archive: "},
				{name: "$D/next.xml", data: doc2},
			},
		},
		{
			name: "corrupt tar header after a member",
			setup: func(t *testing.T, dir string) []string {
				data := makeTar(t, member{name: "one.xml", body: doc1}, member{name: "two.xml", body: doc2})
				// Overwrite the second header with junk.
				junk := bytes.Repeat([]byte("junk"), 128)
				copy(data[1024:], junk)
				write(t, filepath.Join(dir, "bad.tar.gz"), gz(t, data))
				return []string{filepath.Join(dir, "bad.tar.gz")}
			},
			want: []want{
				{name: "$D/bad.tar.gz:one.xml", data: doc1},
				{name: "$D/bad.tar.gz", err: "$D/bad.tar.gz: corrupt or truncated archive after member one.xml: archive/tar: invalid tar header"},
			},
		},
		{
			name: "standard input",
			opts: Options{Stdin: strings.NewReader(doc1)},
			setup: func(t *testing.T, dir string) []string {
				return []string{"-"}
			},
			want: []want{{name: "<stdin>", data: doc1}},
		},
		{
			name: "standard input holding a tar.gz",
			opts: Options{Stdin: bytes.NewReader(gz(t, makeTar(t, history...)))},
			setup: func(t *testing.T, dir string) []string {
				return []string{"-"}
			},
			want: historyWant("<stdin>"),
		},
		{
			name: "standard input over the cap",
			opts: Options{Stdin: strings.NewReader(big), MaxInput: 64},
			setup: func(t *testing.T, dir string) []string {
				return []string{"-"}
			},
			want: []want{{name: "<stdin>", err: "<stdin>: input too large: expected a document of at most 64 bytes, found more", big: true}},
		},
		{
			name: "compressed standard input over the cap",
			opts: Options{Stdin: bytes.NewReader(zst(t, []byte(noise(1000)))), MaxInput: 64},
			setup: func(t *testing.T, dir string) []string {
				return []string{"-"}
			},
			want: []want{{name: "<stdin>", err: "<stdin>: input too large: expected a document of at most 64 bytes, found more", big: true}},
		},
		{
			name: "compressed file over the cap",
			opts: Options{MaxInput: 64},
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "big.xml.gz"), gz(t, bytes.Repeat([]byte(noise(1000)), 1)))
				return []string{filepath.Join(dir, "big.xml.gz")}
			},
			want: []want{{name: "$D/big.xml.gz", err: "$D/big.xml.gz: input too large: expected a document of at most 64 bytes, found ", big: true}},
		},
		{
			name: "arguments in order",
			opts: Options{Stdin: strings.NewReader(doc3)},
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "z.xml"), []byte(doc1))
				write(t, filepath.Join(dir, "d", "y.xml"), []byte(doc2))
				write(t, filepath.Join(dir, "a.tar"), makeTar(t, member{name: "m.csv", body: doc3}))
				return []string{filepath.Join(dir, "z.xml"), filepath.Join(dir, "d"), "-", filepath.Join(dir, "a.tar")}
			},
			want: []want{
				{name: "$D/z.xml", data: doc1},
				{name: "$D/d/y.xml", data: doc2},
				{name: "<stdin>", data: doc3},
				{name: "$D/a.tar:m.csv", data: doc3},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := tt.setup(t, dir)
			check(t, dir, walkAll(t, args, tt.opts), tt.want)
		})
	}
}

func TestWalkURL(t *testing.T) {
	archive := gz(t, makeTar(t, member{name: "history/2017-03-10.xml", body: doc1}, member{name: "history/2017-03-13.xml", body: doc2}))
	mux := http.NewServeMux()
	mux.HandleFunc("/doc.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, doc1)
	})
	mux.HandleFunc("/history.tar.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Write(archive)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		io.WriteString(w, doc1)
	})
	mux.HandleFunc("/slowbody", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, doc1[:10])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10000")
		w.Write(bytes.Repeat([]byte("x"), 10000))
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		// Chunked, no length: at most 64 MiB, stopping when the client goes.
		chunk := bytes.Repeat([]byte("x"), 4096)
		for range 64 << 20 / len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	u := srv.URL

	tests := []struct {
		name string
		path string
		opts Options
		want []want
	}{
		{"document", "/doc.xml", Options{}, []want{{name: u + "/doc.xml", data: doc1}}},
		{"archive", "/history.tar.gz", Options{}, []want{
			{name: u + "/history.tar.gz:history/2017-03-10.xml", data: doc1},
			{name: u + "/history.tar.gz:history/2017-03-13.xml", data: doc2},
		}},
		{"not found", "/missing", Options{}, []want{{name: u + "/missing", err: u + "/missing: HTTP 404 Not Found"}}},
		{"slow server", "/slow", Options{HTTPTimeout: 200 * time.Millisecond}, []want{{name: u + "/slow", err: "Client.Timeout exceeded"}}},
		{"slow body", "/slowbody", Options{HTTPTimeout: 200 * time.Millisecond}, []want{{name: u + "/slowbody", err: "Client.Timeout"}}},
		{"body over the cap, length given", "/big", Options{MaxInput: 1000}, []want{{name: u + "/big", err: "at most 1000 bytes, found 10000 bytes", big: true}}},
		{"body over the cap, no length", "/endless", Options{MaxInput: 1000}, []want{{name: u + "/endless", err: "at most 1000 bytes, found more", big: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			check(t, "", walkAll(t, []string{u + tt.path}, tt.opts), tt.want)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestWalkStops(t *testing.T) {
	dir := t.TempDir()
	var args []string
	for _, n := range []string{"a", "b", "c"} {
		write(t, filepath.Join(dir, n+".xml"), []byte(doc1))
		args = append(args, filepath.Join(dir, n+".xml"))
	}
	write(t, filepath.Join(dir, "h.tar"), makeTar(t, member{name: "1.xml", body: doc1}, member{name: "2.xml", body: doc2}))
	args = append(args, filepath.Join(dir, "h.tar"))

	t.Run("fn's error", func(t *testing.T) {
		stop := errors.New("stop")
		calls := 0
		err := Walk(context.Background(), args, Options{}, func(in Input) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 2 {
			t.Errorf("Walk returned %v after %d calls, want %v after 2", err, calls, stop)
		}
	})
	t.Run("fn's error inside an archive", func(t *testing.T) {
		stop := errors.New("stop")
		var names []string
		err := Walk(context.Background(), args[3:], Options{}, func(in Input) error {
			names = append(names, in.Name)
			return stop
		})
		if err != stop || len(names) != 1 {
			t.Errorf("Walk returned %v after %v, want %v after one member", err, names, stop)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		calls := 0
		err := Walk(ctx, args, Options{}, func(in Input) error {
			calls++
			cancel()
			return nil
		})
		if !errors.Is(err, context.Canceled) || calls != 1 {
			t.Errorf("Walk returned %v after %d calls, want %v after 1", err, calls, context.Canceled)
		}
	})
}

func TestCountSource(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.xml"), []byte(doc1))
	write(t, filepath.Join(dir, "a.xml.gz"), gz(t, []byte(doc1)))
	write(t, filepath.Join(dir, "d", "1.xml"), []byte(doc1))
	write(t, filepath.Join(dir, "d", "sub", "2.xml"), []byte(doc2))
	write(t, filepath.Join(dir, "d", ".hidden"), []byte(doc2))
	plain := makeTar(t, member{name: "x/", typ: tar.TypeDir}, member{name: "x/1.xml", body: doc1}, member{name: "x/._1.xml", body: "junk"}, member{name: "x/2.xml", body: doc2})
	write(t, filepath.Join(dir, "h.tar"), plain)
	write(t, filepath.Join(dir, "d2", "h.tar"), plain)
	write(t, filepath.Join(dir, "h.tar.zst"), zst(t, plain))
	write(t, filepath.Join(dir, "d3", "h.tar.gz"), gz(t, plain))
	p := func(s string) string { return filepath.Join(dir, s) }
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"nothing", nil, 0},
		{"file", []string{p("a.xml")}, 1},
		{"compressed document", []string{p("a.xml.gz")}, 1},
		{"missing file", []string{p("nope")}, 1},
		{"directory", []string{p("d")}, 2},
		{"plain tar", []string{p("h.tar")}, 2},
		{"directory with a plain tar", []string{p("d2")}, 2},
		{"several", []string{p("a.xml"), p("d"), p("h.tar")}, 5},
		{"compressed tar", []string{p("a.xml"), p("h.tar.zst")}, -1},
		{"directory with a compressed tar", []string{p("d3")}, -1},
		{"stdin", []string{p("a.xml"), "-"}, -1},
		{"URL", []string{"https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := Count(tt.args); n != tt.want {
				t.Errorf("Count = %d, want %d", n, tt.want)
			}
			if tt.want < 0 {
				return
			}
			// What Count says, Walk gives.
			if n := len(walkAll(t, tt.args, Options{})); n != tt.want {
				t.Errorf("Walk gave %d inputs, Count said %d", n, tt.want)
			}
		})
	}
}

// TestWalkHistory streams the shared archive of 379 official snapshots.
func TestWalkHistory(t *testing.T) {
	path := shareddata.File(t, "iana/history.tar.zst")
	var names []string
	err := Walk(context.Background(), []string{path}, Options{}, func(in Input) error {
		names = append(names, in.Name)
		switch {
		case in.Err != nil:
			t.Errorf("%s: %v", in.Name, in.Err)
		case !strings.HasPrefix(in.Name, path+":history/") || !strings.HasSuffix(in.Name, ".xml"):
			t.Errorf("member named %q, want %s:history/*.xml", in.Name, path)
		case len(in.Data) == 0:
			t.Errorf("%s: empty", in.Name)
		case !bytes.Contains(in.Data[:min(len(in.Data), 4096)], []byte("<registry")):
			t.Errorf("%s: no <registry in its first 4 KiB", in.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 379 {
		t.Fatalf("%d members, want 379", len(names))
	}
	if first, last := names[0], names[len(names)-1]; first != path+":history/2017-03-10.xml" || last != path+":history/2026-08-17.xml" {
		t.Errorf("members from %s to %s, want history/2017-03-10.xml to history/2026-08-17.xml", first, last)
	}
}

func BenchmarkWalkHistory(b *testing.B) {
	path := shareddata.File(b, "iana/history.tar.zst")
	var docs, size int64
	for b.Loop() {
		docs, size = 0, 0
		err := Walk(context.Background(), []string{path}, Options{}, func(in Input) error {
			if in.Err != nil {
				return in.Err
			}
			docs++
			size += int64(len(in.Data))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(size)
	b.ReportMetric(float64(docs), "docs/op")
}
