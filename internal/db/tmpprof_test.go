package db

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestTmpProf(t *testing.T) {
	files, _ := filepath.Glob("/tmp/h30/*.xml")
	d := openTemp(t)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if _, err := d.Import(context.Background(), data, ImportOptions{Source: f}); err != nil {
			t.Fatal(err)
		}
	}
}
