// Package release writes a release bundle of an ianaports database: every
// table as CSV, NDJSON and Parquet, SQL dumps for SQLite and PostgreSQL,
// the database itself (vacuumed, with a full-text index), the official
// CSV of one snapshot, its /etc/services, a Frictionless Data Package v2
// descriptor (datapackage.json), a README and SHA256SUMS.
//
// A bundle is reproducible: the same snapshots give the same bytes, on any
// day, from any working directory, whatever order they were imported in,
// under any TZ or locale. SOURCE_DATE_EPOCH, where the caller passes it,
// is the only time a bundle holds.
package release
