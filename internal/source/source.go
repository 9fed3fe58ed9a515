package source

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/ianaports/ianaports/internal/normalize"
)

// Input is one document: a file, standard input, a member of an archive,
// or a URL's body.
type Input struct {
	// Name is how errors and summaries name the document: the path,
	// "<stdin>", "archive.tar.zst:history/2017-03-10.xml", or the URL.
	Name string
	// Data holds the bytes as read: possibly gzip- or zstd-compressed
	// (package normalize decompresses a single document itself).
	Data []byte
	// Err, where non-nil, says why this document could not be read; its
	// message names the document. The walk goes on with the others.
	Err error
}

// Options tune Walk. The zero value is ready to use, reading no standard
// input.
type Options struct {
	// Stdin is what "-" reads; nil reads nothing (an empty document).
	Stdin io.Reader
	// MaxInput caps each document, in bytes; 0 means normalize.MaxInput.
	MaxInput int64
	// HTTPTimeout bounds a URL's fetch, body included; 0 means
	// DefaultHTTPTimeout. Unused when HTTPClient is set.
	HTTPTimeout time.Duration
	// HTTPClient fetches URLs; nil means a client with HTTPTimeout.
	HTTPClient *http.Client
}

// DefaultHTTPTimeout bounds a URL's fetch where Options do not say.
const DefaultHTTPTimeout = 60 * time.Second

// StdinName names standard input.
const StdinName = "<stdin>"

// sniffLen is how much of a stream tells what it is: a tar header is 512
// bytes, with "ustar" at offset 257.
const sniffLen = 512

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
	tarMagic  = []byte("ustar")
)

// Walk reads each argument in order and calls fn for every document it
// holds, in a deterministic order: arguments as given, a directory's files
// in lexical order, an archive's members in the archive's order. A
// document that cannot be read is passed to fn with its Err set, and the
// walk goes on. An error from fn stops the walk and is returned; so does
// ctx's cancellation, returning ctx.Err().
func Walk(ctx context.Context, args []string, opts Options, fn func(Input) error) error {
	w := &walker{ctx: ctx, fn: fn, max: opts.MaxInput, stdin: opts.Stdin, client: opts.HTTPClient}
	if w.max <= 0 {
		w.max = normalize.MaxInput
	}
	if w.client == nil {
		timeout := opts.HTTPTimeout
		if timeout <= 0 {
			timeout = DefaultHTTPTimeout
		}
		w.client = &http.Client{Timeout: timeout}
	}
	for _, arg := range args {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		switch {
		case arg == "-":
			err = w.stdinArg()
		case isURL(arg):
			err = w.urlArg(arg)
		default:
			err = w.pathArg(arg)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// walker holds one walk's settings. Its methods return only what stops the
// walk (fn's error or ctx's); a document's own error goes to fn.
type walker struct {
	ctx    context.Context
	fn     func(Input) error
	max    int64
	stdin  io.Reader
	client *http.Client
}

func (w *walker) emit(in Input) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.fn(in)
}

func (w *walker) fail(name string, err error) error {
	return w.emit(Input{Name: name, Err: named(name, err)})
}

func (w *walker) stdinArg() error {
	r := w.stdin
	if r == nil {
		r = bytes.NewReader(nil)
	}
	return w.stream(StdinName, r, -1)
}

func (w *walker) urlArg(u string) error {
	req, err := http.NewRequestWithContext(w.ctx, http.MethodGet, u, nil)
	if err != nil {
		return w.fail(u, unwrapURL(err))
	}
	resp, err := w.client.Do(req)
	if err != nil {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
		return w.fail(u, unwrapURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return w.emit(Input{Name: u, Err: fmt.Errorf("%s: HTTP %s", u, resp.Status)})
	}
	return w.stream(u, resp.Body, resp.ContentLength)
}

func (w *walker) pathArg(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return w.fail(path, err)
	}
	if fi.IsDir() {
		return w.dir(path)
	}
	return w.file(path, fi)
}

// dir walks the files under root in lexical order, skipping hidden ones.
// Symbolic links to regular files are followed; those to directories are
// not (no cycles).
func (w *walker) dir(root string) error {
	start := walkRoot(root)
	return filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			// An unreadable directory or entry: say so and go on.
			return w.fail(path, err)
		}
		if path != start && hidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		fi, ok := regular(path, d)
		if !ok {
			return nil
		}
		return w.file(path, fi)
	})
}

// file reads one file, which may be a regular file or a pipe.
func (w *walker) file(path string, fi fs.FileInfo) error {
	f, err := os.Open(path)
	if err != nil {
		return w.fail(path, err)
	}
	defer f.Close()
	size := int64(-1)
	if fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return w.stream(path, f, size)
}

// stream reads what one argument gives, of size bytes (-1: unknown): a
// tar archive's members, or one document.
func (w *walker) stream(name string, r io.Reader, size int64) error {
	br := bufio.NewReaderSize(&ctxReader{ctx: w.ctx, r: r}, 64<<10)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF {
		return w.fail(name, err)
	}
	switch {
	case bytes.HasPrefix(head, gzipMagic), bytes.HasPrefix(head, zstdMagic):
		return w.compressed(name, br, size)
	case isTar(head):
		return w.tar(name, br)
	}
	return w.single(name, br, size)
}

// compressed reads a gzip- or zstd-compressed stream: a tar archive's
// members where it decompresses to one, else one document of its
// compressed bytes. Only the first 512 decompressed bytes tell which; the
// compressed bytes read to get them are kept to be passed on.
func (w *walker) compressed(name string, br *bufio.Reader, size int64) error {
	rec := &recorder{r: br, on: true, keep: w.max}
	dec, closeDec, err := decompressor(br, rec)
	if err == nil {
		defer closeDec()
		head := make([]byte, sniffLen)
		n, err := io.ReadFull(dec, head)
		if (err == nil || err == io.ErrUnexpectedEOF) && isTar(head[:n]) {
			rec.on, rec.buf = false, nil
			return w.tar(name, io.MultiReader(bytes.NewReader(head[:n]), dec))
		}
	}
	// Not an archive (or not even valid compressed data, which the
	// importer will say when it decompresses it): one document.
	rec.on = false
	if rec.overflow && size <= w.max {
		// Already more than the cap, and not an archive.
		return w.emit(Input{Name: name, Err: tooLarge(name, -1, w.max)})
	}
	return w.single(name, io.MultiReader(bytes.NewReader(rec.buf), br), size)
}

// decompressor returns a decompressing reader of what rec reads from br,
// chosen by br's first bytes.
func decompressor(br *bufio.Reader, rec *recorder) (io.Reader, func(), error) {
	head, _ := br.Peek(len(zstdMagic))
	if bytes.HasPrefix(head, zstdMagic) {
		zr, err := zstd.NewReader(rec, zstd.WithDecoderMaxWindow(128<<20), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, nil, err
		}
		return zr, zr.Close, nil
	}
	zr, err := gzip.NewReader(rec)
	if err != nil {
		return nil, nil, err
	}
	return zr, func() { zr.Close() }, nil
}

// single passes on one document of size bytes (-1: unknown).
func (w *walker) single(name string, r io.Reader, size int64) error {
	if size > w.max {
		return w.emit(Input{Name: name, Err: tooLarge(name, size, w.max)})
	}
	data, err := readCapped(name, r, w.max)
	if err != nil {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
		return w.emit(Input{Name: name, Err: named(name, err)})
	}
	return w.emit(Input{Name: name, Data: data})
}

// tar passes on the regular members of the archive r, named
// "ARCHIVE:MEMBER". A member over the cap is an error and is skipped; a
// corrupt or truncated archive is an error that ends the archive.
func (w *walker) tar(archive string, r io.Reader) error {
	tr := tar.NewReader(r)
	last := ""
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if cerr := w.ctx.Err(); cerr != nil {
				return cerr
			}
			where := "at its start"
			if last != "" {
				where = "after member " + last
			}
			return w.emit(Input{Name: archive, Err: fmt.Errorf("%s: corrupt or truncated archive %s: %w", archive, where, err)})
		}
		if hdr.Typeflag != tar.TypeReg || hiddenMember(hdr.Name) {
			continue
		}
		name := archive + ":" + hdr.Name
		last = hdr.Name
		if hdr.Size > w.max {
			if err := w.emit(Input{Name: name, Err: tooLarge(name, hdr.Size, w.max)}); err != nil {
				return err
			}
			continue
		}
		data := make([]byte, hdr.Size)
		if _, err := io.ReadFull(tr, data); err != nil {
			if cerr := w.ctx.Err(); cerr != nil {
				return cerr
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return w.emit(Input{Name: name, Err: fmt.Errorf("%s: corrupt or truncated archive: %w", name, err)})
		}
		if err := w.emit(Input{Name: name, Data: data}); err != nil {
			return err
		}
	}
}

// Count returns how many documents the arguments hold, where that is known
// cheaply, for a progress bar's total; -1 where it is not. A file counts 1,
// a directory the files under it that Walk reads, an uncompressed tar file
// its regular members (read from their headers alone); a compressed tar,
// standard input, a URL and a pipe make the count unknown. An argument that
// cannot be read counts 1, as Walk passes on one error for it.
func Count(args []string) int {
	total := 0
	for _, arg := range args {
		n := countArg(arg)
		if n < 0 {
			return -1
		}
		total += n
	}
	return total
}

func countArg(arg string) int {
	if arg == "-" || isURL(arg) {
		return -1
	}
	fi, err := os.Stat(arg)
	if err != nil {
		return 1
	}
	if !fi.IsDir() {
		return countFile(arg, fi)
	}
	total := 0
	start := walkRoot(arg)
	filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			total++
			return nil
		}
		if path != start && hidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		fi, ok := regular(path, d)
		if !ok {
			return nil
		}
		n := countFile(path, fi)
		if n < 0 {
			total = -1
			return filepath.SkipAll
		}
		total += n
		return nil
	})
	return total
}

// countFile counts the documents in one file: reading the first bytes of a
// regular file, or the headers of an uncompressed tar; never a pipe's.
func countFile(path string, fi fs.FileInfo) int {
	if !fi.Mode().IsRegular() {
		return -1
	}
	f, err := os.Open(path)
	if err != nil {
		return 1
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF {
		return 1
	}
	switch {
	case bytes.HasPrefix(head, gzipMagic), bytes.HasPrefix(head, zstdMagic):
		dec, closeDec, err := decompressor(br, &recorder{r: br, on: true})
		if err != nil {
			return 1
		}
		defer closeDec()
		head := make([]byte, sniffLen)
		n, _ := io.ReadFull(dec, head)
		if isTar(head[:n]) {
			return -1
		}
		return 1
	case isTar(head):
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return -1
		}
		// The tar reader seeks over the members' data.
		tr := tar.NewReader(f)
		n := 0
		for {
			hdr, err := tr.Next()
			if err == io.EOF {
				return n
			}
			if err != nil {
				return n + 1
			}
			if hdr.Typeflag == tar.TypeReg && !hiddenMember(hdr.Name) {
				n++
			}
		}
	}
	return 1
}

// readCapped reads r whole, refusing more than max bytes without reading
// more than max+1.
func readCapped(name string, r io.Reader, max int64) ([]byte, error) {
	lr := io.LimitReader(r, max+1)
	var data []byte
	var err error
	if max <= normalize.MaxInput {
		data, err = normalize.ReadInput(name, lr)
	} else {
		var buf bytes.Buffer
		_, err = buf.ReadFrom(lr)
		data = buf.Bytes()
	}
	if errors.Is(err, normalize.ErrTooLarge) || err == nil && int64(len(data)) > max {
		return nil, tooLarge(name, -1, max)
	}
	if err != nil {
		return nil, err
	}
	return data, nil
}

// tooLarge is the error for a document of size bytes (-1: unknown, more
// than max) over the cap of max bytes.
func tooLarge(name string, size, max int64) error {
	found := "more"
	if size >= 0 {
		found = sizeString(size)
	}
	return &normalize.ParseError{File: name, Err: fmt.Errorf("%w: expected a document of at most %s, found %s", normalize.ErrTooLarge, sizeString(max), found)}
}

// sizeString says how large n bytes are, for messages about the cap.
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// named returns err with name in front, unless its message names it
// already (as os errors name their paths).
func named(name string, err error) error {
	if strings.Contains(err.Error(), name) {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// unwrapURL drops a *url.Error's "Get \"URL\":" prefix, the caller naming
// the URL itself.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isURL(arg string) bool {
	lower := strings.ToLower(arg)
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
}

func isTar(head []byte) bool {
	return len(head) >= 257+len(tarMagic) && bytes.Equal(head[257:257+len(tarMagic)], tarMagic)
}

// hidden reports whether a file or directory name is hidden.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// hiddenMember reports whether an archive member's path has a hidden
// element, such as macOS's "._NAME" companions; "." and ".." are not hidden.
func hiddenMember(name string) bool {
	for _, el := range strings.Split(name, "/") {
		if el != "." && el != ".." && hidden(el) {
			return true
		}
	}
	return false
}

// walkRoot is where to start walking the directory root: a symbolic link
// to a directory is walked through.
func walkRoot(root string) string {
	if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return root + string(filepath.Separator)
	}
	return root
}

// regular returns the file info of a regular file or a symbolic link to
// one, and false for anything else.
func regular(path string, d fs.DirEntry) (fs.FileInfo, bool) {
	switch {
	case d.Type().IsRegular():
		fi, err := d.Info()
		return fi, err == nil
	case d.Type()&fs.ModeSymlink != 0:
		fi, err := os.Stat(path)
		return fi, err == nil && fi.Mode().IsRegular()
	}
	return nil, false
}

// sniffBudget bounds the compressed bytes read to find the first 512
// decompressed ones: a zstd block is at most 128 KiB.
const sniffBudget = 1 << 20

// recorder reads from r and, while on, keeps what it reads, up to keep
// bytes (past which it keeps nothing and notes the overflow), and fails
// past sniffBudget: the compressed bytes read to look inside a stream, to
// pass on as they were if it is not an archive.
type recorder struct {
	r        io.Reader
	on       bool
	keep     int64
	buf      []byte
	read     int64
	overflow bool
}

var errSniffBudget = errors.New("no data within the first MiB of compressed data")

func (r *recorder) Read(p []byte) (int, error) {
	if !r.on {
		return r.r.Read(p)
	}
	if r.read >= sniffBudget {
		return 0, errSniffBudget
	}
	n, err := r.r.Read(p)
	r.read += int64(n)
	switch {
	case r.overflow:
	case int64(len(r.buf)+n) > r.keep:
		r.overflow, r.buf = true, nil
	default:
		r.buf = append(r.buf, p[:n]...)
	}
	return n, err
}

// ctxReader fails reads once ctx is done, so that a long stream stops when
// the walk is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
