package database_test

import (
	"context"
	"io"
	"io/fs"
	"strings"
	"testing"

	"spor/internal/database"
	"spor/internal/testutil"
	"spor/migrations"
)

func TestMigrationsUpDownUp(t *testing.T) {
	ctx := context.Background()
	db := testutil.NewDB(t) // already migrated up
	files, _ := fs.Glob(migrations.FS, "*.sql")
	for range files {
		if err := database.Migrate(ctx, db, "down", io.Discard); err != nil {
			t.Fatalf("down: %v", err)
		}
	}
	var tables int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'
		AND tablename NOT LIKE 'river\_%'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("%d tables left after migrating all the way down", tables)
	}
	if err := database.Migrate(ctx, db, "up", io.Discard); err != nil {
		t.Fatalf("up again: %v", err)
	}
	var out strings.Builder
	if err := database.Migrate(ctx, db, "status", &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "pending") || strings.Count(out.String(), "applied") != len(files) {
		t.Errorf("status after up:\n%s", out.String())
	}
}

// River's queue tables come with "up" (the test template is made by it), and a
// second "up" finds nothing left to do.
func TestMigrateUpIncludesRiver(t *testing.T) {
	ctx := context.Background()
	db := testutil.NewDB(t)
	var jobTable *string
	if err := db.QueryRow(ctx, `SELECT to_regclass('public.river_job')::text`).Scan(&jobTable); err != nil {
		t.Fatal(err)
	}
	if jobTable == nil {
		t.Fatal("river_job missing after migrate up")
	}
	var out strings.Builder
	if err := database.Migrate(ctx, db, "up", &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "" {
		t.Errorf("second up did something:\n%s", out.String())
	}
}

func TestWrapMapsErrors(t *testing.T) {
	ctx := context.Background()
	db := testutil.NewDB(t)
	org := testutil.CreateOrg(t, db, "Odense Bibliotekerne")
	_, err := db.Exec(ctx, `INSERT INTO organisations (name, kind, country) VALUES ('Odense Bibliotekerne', 'public_library', 'DK')`)
	if err = database.Wrap(err, "insert"); !strings.Contains(err.Error(), "conflict") {
		t.Errorf("duplicate name: %v, want ErrConflict", err)
	}
	var name string
	err = database.Wrap(db.QueryRow(ctx, `SELECT name FROM organisations WHERE id = $1`, org+1000).Scan(&name), "get")
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing row: %v, want ErrNotFound", err)
	}
}
