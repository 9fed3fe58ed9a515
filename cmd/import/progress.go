package main

import (
	"io"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows, on one line of a terminal, how many snapshots are done
// of how many, at what rate, and the time left. Its zero value, which
// newProgress returns when there is nothing to show, does nothing. Its
// methods are safe for concurrent use.
type progress struct {
	mu       sync.Mutex
	bar      *progressbar.ProgressBar // nil: shows nothing
	descMax  int                      // columns for the description; 0: none
	finished bool
}

// newProgress returns a progress display on w for total snapshots (total
// <= 0: unknown, shown as a count with a spinner), or one that does
// nothing where quiet is set, w is not a terminal, or TERM is "dumb".
func newProgress(w io.Writer, total int, quiet bool) *progress {
	return newProgressOn(w, total, quiet, isTerminal(w))
}

// newProgressOn is newProgress with whether w is a terminal given.
func newProgressOn(w io.Writer, total int, quiet, terminal bool) *progress {
	if quiet || !terminal || os.Getenv("TERM") == "dumb" {
		return &progress{}
	}
	max := int64(total)
	if total <= 0 {
		max = -1
	}
	// The counts, rate, percentage, times and a bar of at least 10
	// columns take about 60; what is left of the line, the description.
	cols := 80
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		if c, _, err := term.GetSize(int(f.Fd())); err == nil && c > 0 {
			cols = c
		}
	}
	descMax := min(cols-60, 48)
	if descMax < 12 {
		descMax = 0
	}
	bar := progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetItsString("snapshots"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(max > 0),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetTheme(progressbar.ThemeASCII),
		progressbar.OptionSpinnerType(14),
		// A spinner moved by Add alone: no goroutine writing to w on
		// its own, between lines the program writes.
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionClearOnFinish(),
	)
	p := &progress{bar: bar, descMax: descMax}
	bar.RenderBlank()
	return p
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// Add counts n more snapshots done.
func (p *progress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || p.finished {
		return
	}
	p.bar.Add(n)
}

// Describe shows s, the input being read, before the bar: its end, where
// it is too long for the line.
func (p *progress) Describe(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || p.finished || p.descMax == 0 {
		return
	}
	p.bar.Describe(fitEnd(s, p.descMax) + " ")
}

// Clear erases the display from its line, for a message to be written
// there; the next Add draws it again.
func (p *progress) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || p.finished {
		return
	}
	p.bar.Clear()
}

// Writer returns w, writing to which first clears the display from its
// line: for warnings written to the terminal the display is on.
func (p *progress) Writer(w io.Writer) io.Writer {
	if p.bar == nil {
		return w
	}
	return clearingWriter{p, w}
}

type clearingWriter struct {
	p *progress
	w io.Writer
}

func (c clearingWriter) Write(b []byte) (int, error) {
	c.p.Clear()
	return c.w.Write(b)
}

// Finish erases the display; later calls do nothing, as do those of the
// other methods.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || p.finished {
		return
	}
	p.finished = true
	p.bar.Finish()
}

// fitEnd returns s in at most n characters: its end, after "…", where it
// is longer.
func fitEnd(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-(n-1):])
}
