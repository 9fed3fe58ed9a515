package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotReadOnly is returned by Query on a database not opened with
// OpenReadOnly.
var ErrNotReadOnly = errors.New("database not opened read-only")

// ErrNoStatement is returned by Query for a text that holds no SQL
// statement: empty, white space, comments.
var ErrNoStatement = errors.New("no SQL statement")

// ErrStatements is returned by Query for a text that holds more than one
// SQL statement.
var ErrStatements = errors.New("one SQL statement expected")

// ErrWrite is returned by Query for a statement that would do anything
// but read: write, create, drop, attach, vacuum, begin a transaction, set
// a pragma.
var ErrWrite = errors.New("refused: a query may only read")

// Query runs one SQL statement (a curated query, text as read from a
// file) on a connection that cannot write: the database opened read-only
// (DB from OpenReadOnly), PRAGMA query_only=1 on the connection used, and
// ATTACH refused. cols is called once with the result's column names, then
// row once per row (values nil, int64, float64, string or []byte; row
// must not keep the slice).
//
// The text is one statement: comments and a trailing semicolon are fine;
// an empty text is ErrNoStatement and a second statement ErrStatements,
// and nothing runs. On the connection it runs on, an authorizer lets the
// statement read tables and views, call functions and read the pragmas
// that only read (table_info and the like); anything else (INSERT,
// UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, VACUUM, REINDEX, ANALYZE,
// BEGIN, pragmas that set) is refused with ErrWrite before it runs, and
// the connection attaches no database (SQLITE_LIMIT_ATTACHED 0), so no
// file is created. The connection is given back to the pool as it was.
func (d *DB) Query(ctx context.Context, text string, cols func([]string) error, row func([]any) error) (err error) {
	if d.lock != nil {
		return fmt.Errorf("query: %w (open it with OpenReadOnly)", ErrNotReadOnly)
	}
	stmt, err := oneStatement(text)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	conn, err := d.Conn(ctx)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer conn.Close()
	guard := &readGuard{}
	restore, err := guard.install(ctx, conn)
	defer func() {
		if rerr := restore(); rerr != nil {
			// Not as it was: the pool must not hand it out again.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = fmt.Errorf("query: reset the connection: %w", rerr)
			}
		}
	}()
	if err != nil {
		return fmt.Errorf("query: make the connection read-only: %w", err)
	}
	if err := runQuery(ctx, conn, stmt, cols, row); err != nil {
		if denied := guard.denied(); denied != "" {
			return fmt.Errorf("query: %w: %s", ErrWrite, denied)
		}
		return fmt.Errorf("query: %w", err)
	}
	return nil
}

// runQuery runs stmt on conn and hands its result to cols and row.
func runQuery(ctx context.Context, conn *sql.Conn, stmt string, cols func([]string) error, row func([]any) error) error {
	rows, err := conn.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := cols(names); err != nil {
		return err
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			// The driver makes times of text in columns declared DATE,
			// DATETIME or TIMESTAMP; give the text back.
			if t, ok := v.(time.Time); ok {
				vals[i] = t.Format(time.RFC3339Nano)
			}
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readGuard is the authorizer of a connection that may only read, and
// what it refused first.
type readGuard struct {
	mu    sync.Mutex
	first string
}

// install makes conn read-only: query_only set, no database attachable,
// the authorizer in place. restore, which must be called even when install
// fails, puts conn back as it was.
func (g *readGuard) install(ctx context.Context, conn *sql.Conn) (restore func() error, err error) {
	var undo []func() error
	restore = func() error {
		var errs []error
		for i := len(undo) - 1; i >= 0; i-- {
			errs = append(errs, undo[i]())
		}
		return errors.Join(errs...)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		return restore, err
	}
	undo = append(undo, func() error {
		_, err := conn.ExecContext(context.Background(), "PRAGMA query_only = 0")
		return err
	})
	attached, err := sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_ATTACHED, 0)
	if err != nil {
		return restore, err
	}
	undo = append(undo, func() error {
		_, err := sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_ATTACHED, attached)
		return err
	})
	if err := setAuthorizer(conn, g.authorize); err != nil {
		return restore, err
	}
	undo = append(undo, func() error { return setAuthorizer(conn, nil) })
	return restore, nil
}

func setAuthorizer(conn *sql.Conn, fn sqlite.AuthorizerFn) error {
	return conn.Raw(func(dc any) error {
		r, ok := dc.(sqlite.AuthorizerRegisterer)
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) takes no authorizer", dc)
		}
		return r.RegisterAuthorizer(fn)
	})
}

// readOnlyPragmas are the pragmas that only read, whatever their
// argument; the pragma_* table-valued functions run them too.
var readOnlyPragmas = map[string]bool{
	"collation_list": true, "compile_options": true, "database_list": true,
	"foreign_key_check": true, "foreign_key_list": true, "function_list": true,
	"index_info": true, "index_list": true, "index_xinfo": true,
	"integrity_check": true, "module_list": true, "pragma_list": true,
	"quick_check": true, "table_info": true, "table_list": true, "table_xinfo": true,
}

// readPragmas are the pragmas that read where given no value (and set
// where given one).
var readPragmas = map[string]bool{
	"application_id": true, "data_version": true, "encoding": true,
	"freelist_count": true, "page_count": true, "page_size": true,
	"query_only": true, "schema_version": true, "user_version": true,
}

// authorize is the authorizer: it lets a statement read and nothing else.
func (g *readGuard) authorize(action sqlite.AuthorizerActionCode, arg1, arg2, _, _ string) sqlite.AuthorizerReturnCode {
	switch action {
	case sqlite.AuthSelect, sqlite.AuthRead, sqlite.AuthRecursive:
		return sqlite.AuthorizerOK
	case sqlite.AuthFunction:
		if !strings.EqualFold(arg2, "load_extension") {
			return sqlite.AuthorizerOK
		}
	case sqlite.AuthPragma:
		name := strings.ToLower(arg1)
		if readOnlyPragmas[name] || (readPragmas[name] && arg2 == "") {
			return sqlite.AuthorizerOK
		}
	}
	g.mu.Lock()
	if g.first == "" {
		g.first = describeAction(action, arg1, arg2)
	}
	g.mu.Unlock()
	return sqlite.AuthorizerDeny
}

// denied says what the authorizer refused first; empty where it refused
// nothing.
func (g *readGuard) denied() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.first
}

// describeAction names what a statement tried, for the error.
func describeAction(action sqlite.AuthorizerActionCode, arg1, arg2 string) string {
	on := func(what string) string {
		if arg1 == "" {
			return what
		}
		return what + " " + arg1
	}
	if schema := strings.ToLower(arg1); schema == "sqlite_master" || schema == "sqlite_temp_master" || schema == "sqlite_schema" {
		switch action {
		case sqlite.AuthInsert, sqlite.AuthUpdate, sqlite.AuthDelete:
			// What CREATE, DROP, ALTER and ANALYZE do first.
			return "a change of the schema (CREATE, DROP, ALTER, ANALYZE)"
		}
	}
	switch action {
	case sqlite.AuthInsert:
		return on("INSERT into")
	case sqlite.AuthUpdate:
		return on("UPDATE of")
	case sqlite.AuthDelete:
		return on("DELETE from")
	case sqlite.AuthCreateTable, sqlite.AuthCreateTempTable:
		return on("CREATE TABLE")
	case sqlite.AuthCreateIndex, sqlite.AuthCreateTempIndex:
		return on("CREATE INDEX")
	case sqlite.AuthCreateView, sqlite.AuthCreateTempView:
		return on("CREATE VIEW")
	case sqlite.AuthCreateTrigger, sqlite.AuthCreateTempTrigger:
		return on("CREATE TRIGGER")
	case sqlite.AuthCreateVTable:
		return on("CREATE VIRTUAL TABLE")
	case sqlite.AuthDropTable, sqlite.AuthDropTempTable:
		return on("DROP TABLE")
	case sqlite.AuthDropIndex, sqlite.AuthDropTempIndex:
		return on("DROP INDEX")
	case sqlite.AuthDropView, sqlite.AuthDropTempView:
		return on("DROP VIEW")
	case sqlite.AuthDropTrigger, sqlite.AuthDropTempTrigger:
		return on("DROP TRIGGER")
	case sqlite.AuthDropVTable:
		return on("DROP VIRTUAL TABLE")
	case sqlite.AuthAlterTable:
		return "ALTER TABLE " + arg2
	case sqlite.AuthAttach:
		if arg1 == "" {
			return "VACUUM"
		}
		return fmt.Sprintf("ATTACH (or VACUUM INTO) of %q", arg1)
	case sqlite.AuthDetach:
		return on("DETACH")
	case sqlite.AuthTransaction:
		return on("transaction statement")
	case sqlite.AuthSavepoint:
		return "SAVEPOINT " + arg2
	case sqlite.AuthReindex:
		return on("REINDEX")
	case sqlite.AuthAnalyze:
		return on("ANALYZE")
	case sqlite.AuthPragma:
		if arg2 != "" {
			return fmt.Sprintf("PRAGMA %s = %s", arg1, arg2)
		}
		return "PRAGMA " + arg1
	case sqlite.AuthFunction:
		return "function " + arg2
	}
	return fmt.Sprintf("operation %d", action)
}

// oneStatement returns the one SQL statement text holds, with the
// comments before it and its semicolon, and without what follows (white
// space, comments). Strings, quoted names and comments may hold
// semicolons; an unterminated one runs to the end, for SQLite to refuse.
func oneStatement(text string) (string, error) {
	var (
		n        int  // statements ended so far
		content  bool // the current statement has more than comments
		firstEnd = -1 // where the first statement ends
	)
	end := func(at int) {
		if content {
			n++
			if firstEnd < 0 {
				firstEnd = at
			}
		}
		content = false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(text)
			}
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			if j := strings.Index(text[i+2:], "*/"); j >= 0 {
				i += j + 3
			} else {
				i = len(text)
			}
		case c == ';':
			end(i + 1)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		default:
			content = true
			if closer, ok := quoteEnds[c]; ok {
				i = closeQuote(text, i, closer)
			}
		}
	}
	end(len(text))
	switch {
	case n == 0:
		return "", ErrNoStatement
	case n > 1:
		return "", fmt.Errorf("%w, the text holds %d (one query per file)", ErrStatements, n)
	}
	return text[:firstEnd], nil
}

// quoteEnds maps the characters that open a string or a quoted name to
// the ones that close them.
var quoteEnds = map[byte]byte{'\'': '\'', '"': '"', '`': '`', '[': ']'}

// closeQuote returns the index of the character closing the quote opened
// at text[i] (a doubled quote character stands for itself), or the end.
func closeQuote(text string, i int, closer byte) int {
	for j := i + 1; j < len(text); j++ {
		if text[j] != closer {
			continue
		}
		if closer != ']' && j+1 < len(text) && text[j+1] == closer {
			j++
			continue
		}
		return j
	}
	return len(text)
}
