package normalize

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Sentinel errors for the expected kinds of bad input; a *ParseError wraps
// one of them, or the underlying decoder's error.
var (
	ErrEmpty         = errors.New("empty input")
	ErrUnknownFormat = errors.New("unknown format")
	ErrSyntax        = errors.New("syntax error")
	ErrTruncated     = errors.New("unexpected end of input")
	ErrHeader        = errors.New("wrong header")
	ErrField         = errors.New("bad field")
)

// ParseError is an error or warning about a position in the input. Line and
// Column are 1-based; zero means unknown.
type ParseError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	file := e.File
	if file == "" {
		file = "<input>"
	}
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %v", file, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", file, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", file, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

func errorf(file string, line, col int, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Column: col, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// capArgs cuts string arguments to what fits in a line, for messages whose
// arguments come from the input (element names), so that no message
// repeats a megabyte of it.
func capArgs(args []any) []any {
	const max = 200
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > max {
			cut := max
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			args[i] = fmt.Sprintf("%s... (%d bytes)", s[:cut], len(s))
		}
	}
	return args
}
