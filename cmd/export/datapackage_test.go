package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ianaports/ianaports/internal/export"
)

// The descriptor as the Data Package v2 spec defines it, read apart from
// the types that write it.
type dpPackage struct {
	Schema    string       `json:"$schema"`
	Name      string       `json:"name"`
	Licenses  []dpLicense  `json:"licenses"`
	Sources   []dpSource   `json:"sources"`
	Resources []dpResource `json:"resources"`
	Coverage  struct {
		Dates   []string `json:"dates"`
		Release string   `json:"release"`
	} `json:"coverage"`
}

type dpLicense struct{ Name, Path string }

type dpSource struct{ Title, Path, Hash string }

type dpResource struct {
	Name     string    `json:"name"`
	Type     string    `json:"type"`
	Path     string    `json:"path"`
	Format   string    `json:"format"`
	Bytes    int64     `json:"bytes"`
	Hash     string    `json:"hash"`
	Encoding string    `json:"encoding"`
	Schema   *dpSchema `json:"schema"`
}

type dpSchema struct {
	Schema        string    `json:"$schema"`
	Fields        []dpField `json:"fields"`
	PrimaryKey    []string  `json:"primaryKey"`
	MissingValues []string  `json:"missingValues"`
	ForeignKeys   []struct {
		Fields    []string `json:"fields"`
		Reference struct {
			Resource string   `json:"resource"`
			Fields   []string `json:"fields"`
		} `json:"reference"`
	} `json:"foreignKeys"`
}

type dpField struct {
	Name          string    `json:"name"`
	Type          string    `json:"type"`
	MissingValues *[]string `json:"missingValues"`
	TrueValues    []string  `json:"trueValues"`
	FalseValues   []string  `json:"falseValues"`
	Constraints   struct {
		Required bool     `json:"required"`
		Unique   bool     `json:"unique"`
		Minimum  *int64   `json:"minimum"`
		Maximum  *int64   `json:"maximum"`
		Pattern  string   `json:"pattern"`
		Enum     []string `json:"enum"`
	} `json:"constraints"`
}

var dpName = regexp.MustCompile(`^[a-z0-9._-]+$`)

// TestDatapackageValidates checks a release's datapackage.json against
// the rules of Data Package v2: every path exists with the stated bytes
// and hash; every CSV's header matches its fields; every value is of its
// field's type and meets its constraints; primary keys are unique and
// foreign keys resolve, in CSV and NDJSON alike.
func TestDatapackageValidates(t *testing.T) {
	dir, dbPath := testRelease(t)
	problems := validatePackage(t, dir)
	for _, p := range problems {
		t.Error(p)
	}

	// The validator finds what is wrong: a changed byte, a duplicate
	// key, a dangling reference, a header out of order.
	broken := t.TempDir()
	if err := os.CopyFS(broken, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	edit := func(rel string, fn func(string) string) {
		p := filepath.Join(broken, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(fn(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("csv/services.csv", func(s string) string { // a duplicate key
		lines := strings.SplitAfter(s, "\n")
		return strings.Join(lines, "") + lines[1]
	})
	edit("csv/port_aliases.csv", func(s string) string { // a name no service has
		return strings.Replace(s, "\n", "\n1,no-such-historic-name,x\n", 1)
	})
	edit("csv/footnotes.csv", func(s string) string { // the header reordered
		return strings.Replace(s, "snapshot_id,anchor", "anchor,snapshot_id", 1)
	})
	got := strings.Join(validatePackage(t, broken), "\n")
	for _, want := range []string{
		"csv/services.csv: bytes", "csv/services.csv: hash", "services: primary key",
		"port_aliases: foreign key", "footnotes: header",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the validator missed %q in a broken release; it said:\n%s", want, got)
		}
	}

	// The official CSV reads back through gocsv, record for record.
	f, err := os.Open(filepath.Join(dir, "service-names-port-numbers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := export.ReadOfficialCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	want := mustExport(t, "-db", dbPath, "-format", "csv", "-snapshot", "2026-08-17")
	if n := strings.Count(want, "\n") - 1; len(rows) < 10000 || len(rows) > n {
		t.Errorf("the official CSV holds %d records; the export of 2026-08-17 %d lines", len(rows), n)
	}
}

// validatePackage returns what is wrong with the package in dir.
func validatePackage(t *testing.T, dir string) []string {
	t.Helper()
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	data, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg dpPackage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Schema != "https://datapackage.org/profiles/2.0/datapackage.json" {
		bad("$schema %q is not Data Package v2's profile", pkg.Schema)
	}
	if !dpName.MatchString(pkg.Name) {
		bad("package name %q", pkg.Name)
	}
	if len(pkg.Licenses) == 0 || pkg.Licenses[0].Name != "CC0-1.0" {
		bad("licenses %v: want CC0-1.0, IANA's terms", pkg.Licenses)
	}
	if len(pkg.Sources) < 2 {
		bad("sources: %d, want the registry and every snapshot", len(pkg.Sources))
	}
	for _, s := range pkg.Sources[1:] {
		if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(s.Hash) {
			bad("source %q: hash %q", s.Title, s.Hash)
		}
	}
	if len(pkg.Coverage.Dates) == 0 || !slices.Contains(pkg.Coverage.Dates, pkg.Coverage.Release) {
		bad("coverage %v", pkg.Coverage)
	}

	byName := map[string]*dpResource{}
	tables := map[string]*table{}
	listed := map[string]bool{}
	for i := range pkg.Resources {
		r := &pkg.Resources[i]
		if !dpName.MatchString(r.Name) {
			bad("resource name %q", r.Name)
		}
		if byName[r.Name] != nil {
			bad("resource name %q twice", r.Name)
		}
		byName[r.Name] = r
		if filepath.IsAbs(r.Path) || strings.Contains(r.Path, "..") || strings.Contains(r.Path, `\`) {
			bad("%s: path %q is not a relative POSIX path inside the package", r.Name, r.Path)
			continue
		}
		listed[r.Path] = true
		content, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.Path)))
		if err != nil {
			bad("%s: %v", r.Name, err)
			continue
		}
		if int64(len(content)) != r.Bytes {
			bad("%s: bytes %d, the file has %d", r.Path, r.Bytes, len(content))
		}
		sum := sha256.Sum256(content)
		if r.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
			bad("%s: hash %s does not match the file", r.Path, r.Hash)
		}
		if r.Schema == nil {
			continue
		}
		if r.Type != "table" || r.Schema.Schema != "https://datapackage.org/profiles/2.0/tableschema.json" {
			bad("%s: type %q, schema profile %q", r.Name, r.Type, r.Schema.Schema)
		}
		var tab *table
		switch r.Format {
		case "csv":
			tab, err = readCSVResource(content, r.Schema)
		case "ndjson":
			tab, err = readNDJSONResource(content, r.Schema)
		case "parquet":
			continue // DuckDB reads these (TestReleaseParquetReadsInDuckDB)
		default:
			bad("%s: format %q", r.Name, r.Format)
			continue
		}
		if err != nil {
			bad("%s: %v", r.Name, err)
			continue
		}
		tables[r.Name] = tab
		if err := tab.checkTypes(r.Schema); err != nil {
			bad("%s: %v", r.Name, err)
		}
		if err := tab.checkUnique(r.Schema.PrimaryKey); err != nil {
			bad("%s: primary key %v", r.Name, err)
		}
	}
	// Foreign keys resolve: every non-null key is a row of the resource
	// it references.
	for _, r := range pkg.Resources {
		tab := tables[r.Name]
		if tab == nil || r.Schema == nil {
			continue
		}
		for _, fk := range r.Schema.ForeignKeys {
			ref := tables[fk.Reference.Resource]
			if ref == nil {
				bad("%s: foreign key to %q, which is not a table of the package", r.Name, fk.Reference.Resource)
				continue
			}
			keys := ref.tupleSet(fk.Reference.Fields)
			for i, k := range tab.tuples(fk.Fields) {
				if k != "" && !keys[k] {
					bad("%s: foreign key %v of row %d (%q) is not in %s", r.Name, fk.Fields, i+2, k, fk.Reference.Resource)
					break
				}
			}
		}
	}
	// SHA256SUMS covers every file, the package's included.
	sums, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	inSums := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(string(sums), "\n"), "\n") {
		sum, path, ok := strings.Cut(line, "  ")
		content, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		h := sha256.Sum256(content)
		if !ok || err != nil || hex.EncodeToString(h[:]) != sum {
			bad("SHA256SUMS: %q does not check", line)
		}
		inSums[path] = true
	}
	for path := range readTree(t, dir) {
		if !inSums[path] && path != "SHA256SUMS" {
			bad("SHA256SUMS leaves out %s", path)
		}
	}
	for _, must := range []string{"ianaports.sqlite", "sql/ianaports.postgres.sql", "sql/ianaports.sqlite.sql", "service-names-port-numbers.csv", "csv/ports.csv", "parquet/ports.parquet", "ndjson/ports.ndjson"} {
		if !listed[must] {
			bad("datapackage.json lists no resource %s", must)
		}
	}
	return problems
}

// table is a resource's rows: each value nil (missing) or a string, an
// int64, a float64 or a bool, as the format wrote it.
type table struct {
	fields []string
	rows   [][]any
}

func readCSVResource(content []byte, s *dpSchema) (*table, error) {
	r := csv.NewReader(bytes.NewReader(content))
	r.FieldsPerRecord = len(s.Fields)
	records, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	tab := &table{}
	for _, f := range s.Fields {
		tab.fields = append(tab.fields, f.Name)
	}
	if len(records) == 0 || !slices.Equal(records[0], tab.fields) {
		return nil, fmt.Errorf("header %q, want the fields %q", first(records), tab.fields)
	}
	for _, rec := range records[1:] {
		row := make([]any, len(rec))
		for i, cell := range rec {
			missing := s.MissingValues
			if s.Fields[i].MissingValues != nil {
				missing = *s.Fields[i].MissingValues
			}
			if !slices.Contains(missing, cell) {
				row[i] = cell
			}
		}
		tab.rows = append(tab.rows, row)
	}
	return tab, nil
}

func first(records [][]string) []string {
	if len(records) == 0 {
		return nil
	}
	return records[0]
}

func readNDJSONResource(content []byte, s *dpSchema) (*table, error) {
	tab := &table{}
	for _, f := range s.Fields {
		tab.fields = append(tab.fields, f.Name)
	}
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		// Keys in field order, each once.
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return nil, fmt.Errorf("line %d: not an object", n)
		}
		row := make([]any, len(tab.fields))
		for i := 0; dec.More(); i++ {
			key, err := dec.Token()
			if err != nil || i >= len(tab.fields) || key != tab.fields[i] {
				return nil, fmt.Errorf("line %d: key %v, want %q", n, key, tab.fields[min(i, len(tab.fields)-1)])
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			if num, ok := v.(json.Number); ok {
				if k, err := num.Int64(); err == nil {
					v = k
				} else if x, err := num.Float64(); err == nil {
					v = x
				}
			}
			row[i] = v
		}
		tab.rows = append(tab.rows, row)
	}
	return tab, sc.Err()
}

// checkTypes checks each value against its field's type and constraints.
func (tab *table) checkTypes(s *dpSchema) error {
	for n, row := range tab.rows {
		for i, v := range row {
			f := s.Fields[i]
			if err := checkValue(f, v); err != nil {
				return fmt.Errorf("row %d, %s: %v", n+1, f.Name, err)
			}
		}
	}
	for i, f := range s.Fields {
		if f.Constraints.Unique {
			if err := tab.checkUnique([]string{f.Name}); err != nil {
				return fmt.Errorf("%s: unique: %v", s.Fields[i].Name, err)
			}
		}
	}
	return nil
}

func checkValue(f dpField, v any) error {
	c := f.Constraints
	if v == nil {
		if c.Required {
			return fmt.Errorf("required, and missing")
		}
		return nil
	}
	var str string
	isText := false
	switch x := v.(type) {
	case string:
		str, isText = x, true
	case int64:
		str = strconv.FormatInt(x, 10)
	case float64:
		str = strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		str = strconv.FormatBool(x)
	}
	switch f.Type {
	case "integer":
		n, err := strconv.ParseInt(str, 10, 64)
		if err != nil || (isText && str != strconv.FormatInt(n, 10)) {
			return fmt.Errorf("%q is not an integer", str)
		}
		if (c.Minimum != nil && n < *c.Minimum) || (c.Maximum != nil && n > *c.Maximum) {
			return fmt.Errorf("%d is out of range", n)
		}
	case "number":
		if _, err := strconv.ParseFloat(str, 64); err != nil {
			return fmt.Errorf("%q is not a number", str)
		}
	case "boolean":
		_, isBool := v.(bool)
		if !isBool && !slices.Contains(f.TrueValues, str) && !slices.Contains(f.FalseValues, str) {
			return fmt.Errorf("%q is not a boolean", str)
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, str); err != nil || !isText {
			return fmt.Errorf("%q is not a date", str)
		}
	case "string":
		if !isText {
			return fmt.Errorf("%v is not a string", v)
		}
	case "any":
	default:
		return fmt.Errorf("type %q", f.Type)
	}
	if c.Enum != nil && !slices.Contains(c.Enum, str) {
		return fmt.Errorf("%q is not one of %q", str, c.Enum)
	}
	if c.Pattern != "" && !regexp.MustCompile(`^(?:`+c.Pattern+`)$`).MatchString(str) {
		return fmt.Errorf("%q does not match %s", str, c.Pattern)
	}
	return nil
}

// tuples renders each row's values of the named fields as one key; ""
// where any is missing.
func (tab *table) tuples(fields []string) []string {
	idx := make([]int, len(fields))
	for i, f := range fields {
		idx[i] = slices.Index(tab.fields, f)
	}
	out := make([]string, len(tab.rows))
	for n, row := range tab.rows {
		var parts []string
		for _, i := range idx {
			if i < 0 || row[i] == nil {
				parts = nil
				break
			}
			parts = append(parts, fmt.Sprint(row[i]))
		}
		if parts != nil {
			out[n] = strings.Join(parts, "\x00")
		}
	}
	return out
}

func (tab *table) checkUnique(fields []string) error {
	if len(fields) == 0 {
		return nil
	}
	seen := map[string]int{}
	for n, k := range tab.tuples(fields) {
		if k == "" {
			return fmt.Errorf("row %d: missing", n+1)
		}
		if m, ok := seen[k]; ok {
			return fmt.Errorf("rows %d and %d hold %q", m+1, n+1, k)
		}
		seen[k] = n
	}
	return nil
}

// keys of a tuple map for a foreign key's lookup.
func (tab *table) tupleSet(fields []string) map[string]bool {
	set := map[string]bool{}
	for _, k := range tab.tuples(fields) {
		set[k] = true
	}
	return set
}
