package export_test

import (
	"fmt"
	"os"

	"github.com/ianaports/ianaports/internal/export"
)

func ExampleNewCSVEncoder() {
	enc := export.NewCSVEncoder(os.Stdout)
	enc.Begin("ports", []string{"port", "protocol", "description"})
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
	enc.Begin("services", []string{"id", "name"})
	enc.Encode([]any{int64(1), "tcpmux"})
	enc.Encode([]any{int64(2), "<rje>"})
	enc.Begin("aliases", []string{"historic", "well_formed"})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	// "services": [
	// {"id":1,"name":"tcpmux"},
	// {"id":2,"name":"<rje>"}
	// ],
	// "aliases": [
	// ]
	// }
}

func ExampleNewSQLEncoder() {
	enc := export.NewSQLEncoder(os.Stdout)
	enc.Schema("CREATE TABLE t (a INTEGER, b TEXT, c BLOB)")
	enc.Begin("t", []string{"a", "b", "c"})
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
	enc.Begin("contacts", []string{"id", "name"})
	enc.Encode([]any{"Jon_Postel", "Jon Postel"})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"table":"contacts","row":{"id":"Jon_Postel","name":"Jon Postel"}}
}
