package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestProgress(t *testing.T) {
	exercise := func(p *progress) {
		p.Describe("history.tar.zst:history/2017-03-10.xml")
		p.Add(1)
		p.Writer(&bytes.Buffer{}).Write([]byte("warning\n"))
		p.Add(2)
		p.Finish()
		p.Finish()
		p.Add(1)
	}
	tests := []struct {
		name     string
		total    int
		quiet    bool
		terminal bool
		want     []string // in what is written; nil: nothing written
	}{
		{name: "not a terminal", total: 10},
		{name: "not a terminal, total unknown", total: -1},
		{name: "quiet", total: 10, quiet: true, terminal: true},
		{name: "terminal", total: 10, terminal: true, want: []string{"snapshots/", "0/10", "\033[2K"}},
		{name: "terminal, total unknown", total: 0, terminal: true, want: []string{"snapshots/", "0/-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TERM", "xterm")
			var buf bytes.Buffer
			var p *progress
			if tt.terminal {
				p = newProgressOn(&buf, tt.total, tt.quiet, true)
			} else {
				p = newProgress(&buf, tt.total, tt.quiet)
			}
			exercise(p)
			out := buf.String()
			if tt.want == nil && out != "" {
				t.Errorf("wrote %q, want nothing", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("wrote %q, want it to contain %q", out, w)
				}
			}
		})
	}
}

func TestProgressFitEnd(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"history.tar.zst:history/2017-03-10.xml", 16, "…/2017-03-10.xml"},
		{"ééééé", 3, "…éé"},
	} {
		if got := fitEnd(tt.in, tt.n); got != tt.want {
			t.Errorf("fitEnd(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
