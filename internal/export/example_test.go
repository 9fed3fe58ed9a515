package export_test

import (
	"fmt"
	"github.com/ianaports/ianaports/internal/schema"
	"os"

	"github.com/ianaports/ianaports/internal/export"
)

func ExampleNewCSVEncoder() {
	enc := export.NewCSVEncoder(os.Stdout)
	enc.Begin(schema.TextTable("ports", []string{"port", "protocol", "description"}))
	enc.Encode([]any{int64(443), "tcp", "http protocol over TLS/SSL"})
	enc.Encode([]any{int64(80), nil, "World Wide Web HTTP, \"www\""})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// port,protocol,description
	// 443,tcp,http protocol over TLS/SSL
	// 80,,"World Wide Web HTTP, ""www"""
}

func ExampleNewJSONEncoder() {
	enc := export.NewJSONEncoder(os.Stdout)
	enc.Begin(&schema.Table{
		Name:        "services",
		Description: "Each distinct service name.",
		Columns: []schema.Column{
			{Name: "id", Type: schema.Integer, NotNull: true},
			{Name: "name", Type: schema.Text, NotNull: true, Description: "As the registry writes it."},
		},
	})
	enc.Encode([]any{int64(1), "tcpmux"})
	enc.Encode([]any{int64(2), "<rje>"})
	enc.Begin(schema.TextTable("aliases", []string{"historic", "well_formed"}))
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	// "services": {
	// "description": "Each distinct service name.",
	// "fields": [
	// {"name":"id","type":"integer","nullable":false},
	// {"name":"name","type":"text","nullable":false,"description":"As the registry writes it."}
	// ],
	// "rows": [
	// {"id":1,"name":"tcpmux"},
	// {"id":2,"name":"<rje>"}
	// ]
	// },
	// "aliases": {
	// "fields": [
	// {"name":"historic","type":"text","nullable":true},
	// {"name":"well_formed","type":"text","nullable":true}
	// ],
	// "rows": [
	// ]
	// }
	// }
}

func ExampleNewSQLEncoder() {
	enc := export.NewSQLEncoder(os.Stdout)
	enc.Begin(&schema.Table{
		Name: "t",
		SQL:  "CREATE TABLE t (a INTEGER, b TEXT, c BLOB)",
		Columns: []schema.Column{
			{Name: "a", Type: schema.Integer}, {Name: "b", Type: schema.Text}, {Name: "c", Type: schema.Blob},
		},
	})
	enc.Encode([]any{int64(1), "it's", []byte{0xca, 0xfe}})
	enc.Encode([]any{nil, 2.0, nil})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// PRAGMA foreign_keys=OFF;
	// BEGIN TRANSACTION;
	// CREATE TABLE t (a INTEGER, b TEXT, c BLOB);
	// INSERT INTO "t" ("a","b","c") VALUES(1,'it''s',X'cafe');
	// INSERT INTO "t" ("a","b","c") VALUES(NULL,2.0,NULL);
	// COMMIT;
}

func ExampleNewNDJSONEncoder() {
	enc := export.NewNDJSONEncoder(os.Stdout, true)
	enc.Begin(schema.TextTable("contacts", []string{"id", "name"}))
	enc.Encode([]any{"Jon_Postel", "Jon Postel"})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"table":"contacts","row":{"id":"Jon_Postel","name":"Jon Postel"}}
}
