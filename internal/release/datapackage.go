package release

import (
	"github.com/ianaports/ianaports/internal/schema"
)

// The profiles of Data Package v2 (https://datapackage.org).
const (
	packageProfile = "https://datapackage.org/profiles/2.0/datapackage.json"
	schemaProfile  = "https://datapackage.org/profiles/2.0/tableschema.json"
)

// Package is a Data Package v2 descriptor, the properties ianaports
// writes, in the order it writes them.
type Package struct {
	Profile     string     `json:"$schema"`
	Name        string     `json:"name"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Homepage    string     `json:"homepage,omitempty"`
	Created     string     `json:"created,omitempty"`
	Keywords    []string   `json:"keywords,omitempty"`
	Licenses    []License  `json:"licenses"`
	Sources     []Source   `json:"sources"`
	Coverage    Coverage   `json:"coverage"`
	Resources   []Resource `json:"resources"`
}

// License is a licence of the data.
type License struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// Source is where the data came from: the registry, and each snapshot
// imported, with its SHA-256.
type Source struct {
	Title   string `json:"title"`
	Path    string `json:"path,omitempty"`
	Version string `json:"version,omitempty"`
	// Hash is sha256:HEX of the snapshot's file (a custom property).
	Hash string `json:"hash,omitempty"`
}

// Coverage says which snapshots of the registry the bundle holds (a
// custom property).
type Coverage struct {
	First     string   `json:"first"`
	Last      string   `json:"last"`
	Snapshots int      `json:"snapshots"`
	Dates     []string `json:"dates"`
	// Release is the snapshot whose official CSV and /etc/services the
	// bundle holds.
	Release string `json:"release"`
}

// Resource is one file of the bundle.
type Resource struct {
	Name        string       `json:"name"`
	Type        string       `json:"type,omitempty"`
	Path        string       `json:"path"`
	Format      string       `json:"format"`
	Mediatype   string       `json:"mediatype"`
	Encoding    string       `json:"encoding,omitempty"`
	Bytes       int64        `json:"bytes"`
	Hash        string       `json:"hash"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Schema      *TableSchema `json:"schema,omitempty"`
}

// TableSchema is a Table Schema v2.
type TableSchema struct {
	Profile       string       `json:"$schema"`
	Fields        []Field      `json:"fields"`
	PrimaryKey    []string     `json:"primaryKey,omitempty"`
	ForeignKeys   []ForeignKey `json:"foreignKeys,omitempty"`
	MissingValues []string     `json:"missingValues"`
}

// Field is a column of a Table Schema.
type Field struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Format      string `json:"format,omitempty"`
	Description string `json:"description,omitempty"`
	// MissingValues, where set, overrides the schema's: a column that is
	// never null keeps an empty cell as empty text.
	MissingValues *[]string    `json:"missingValues,omitempty"`
	TrueValues    []string     `json:"trueValues,omitempty"`
	FalseValues   []string     `json:"falseValues,omitempty"`
	Constraints   *Constraints `json:"constraints,omitempty"`
}

// Constraints of a field.
type Constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Minimum  *int64   `json:"minimum,omitempty"`
	Maximum  *int64   `json:"maximum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// ForeignKey of a Table Schema.
type ForeignKey struct {
	Fields    []string  `json:"fields"`
	Reference Reference `json:"reference"`
}

// Reference is what a foreign key refers to.
type Reference struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

// encoding says how a format writes values, for its table schema.
type encoding struct {
	format    string // csv, ndjson, parquet
	resource  func(table string) string
	textBools bool // booleans are 0 and 1, not true and false
}

// tableSchema makes the Table Schema of t as enc writes it. A foreign key
// is kept only where its table is in names (the tables of the bundle).
func tableSchema(t *schema.Table, enc encoding, names map[string]bool) *TableSchema {
	ts := &TableSchema{Profile: schemaProfile, PrimaryKey: t.PrimaryKey, MissingValues: []string{""}}
	unique := map[string]bool{}
	for _, u := range t.Unique {
		if len(u) == 1 {
			unique[u[0]] = true
		}
	}
	if len(t.PrimaryKey) == 1 {
		unique[t.PrimaryKey[0]] = true
	}
	for _, c := range t.Columns {
		f := Field{Name: c.Name, Description: c.Description}
		cons := Constraints{Required: c.NotNull, Unique: unique[c.Name], Minimum: c.Min, Maximum: c.Max, Enum: c.Enum}
		switch c.Type {
		case schema.Integer:
			f.Type = "integer"
		case schema.Number:
			f.Type = "number"
		case schema.Boolean:
			f.Type = "boolean"
			if enc.textBools {
				f.TrueValues, f.FalseValues = []string{"1"}, []string{"0"}
			}
		case schema.Date:
			f.Type = "date"
		case schema.Blob:
			// Hex in CSV and NDJSON; Parquet keeps the bytes.
			f.Type = "string"
			if enc.format != "parquet" {
				cons.Pattern = "^([0-9a-f]{2})*$"
				f.Description += " (hex)"
			} else {
				f.Format = "binary"
			}
		case schema.Any:
			f.Type = "any"
		default:
			f.Type = "string"
			if c.NotNull && enc.format == "csv" {
				none := []string{}
				f.MissingValues = &none
			}
		}
		if cons.Required || cons.Unique || cons.Minimum != nil || cons.Maximum != nil || cons.Pattern != "" || cons.Enum != nil {
			f.Constraints = &cons
		}
		ts.Fields = append(ts.Fields, f)
	}
	for _, fk := range t.ForeignKeys {
		if !names[fk.RefTable] {
			continue
		}
		ts.ForeignKeys = append(ts.ForeignKeys, ForeignKey{
			Fields:    fk.Columns,
			Reference: Reference{Resource: enc.resource(fk.RefTable), Fields: fk.RefColumns},
		})
	}
	return ts
}
