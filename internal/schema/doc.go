// Package schema is the typed description of an ianaports database that
// every exporter is driven by: its tables, their columns with logical
// types (integer, number, text, blob, boolean, date), nullability,
// constraints (ranges, enumerations), primary, unique and foreign keys, and
// what each table and column means.
//
// The structure is read from SQLite itself (internal/db's Schema, from
// pragma_table_info, pragma_index_list and pragma_foreign_key_list, and the
// CHECK constraints of each CREATE TABLE); the meanings come from Describe.
// The PostgreSQL DDL, the Parquet schema, the data package's table schemas
// and the JSON export's description all come from one Schema, so a new
// column needs no change in any encoder.
package schema
