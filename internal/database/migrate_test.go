package database_test

import (
	"context"
	"io"
	"io/fs"
	"strings"
	"sync"
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

// TestConcurrentMigrateUp starts several `migrate up` at once on an empty database,
// each through its own pool as separate instances would: every one must succeed
// and the schema must be complete once.
func TestConcurrentMigrateUp(t *testing.T) {
	ctx := context.Background()
	url := testutil.NewEmptyDB(t)
	const instances = 5
	errs := make(chan error, instances)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range instances {
		pool, err := database.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs <- database.Migrate(ctx, pool, "up", io.Discard)
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent migrate up: %v", err)
		}
	}
	pool, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	files, _ := fs.Glob(migrations.FS, "*.sql")
	var applied int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM goose_db_version WHERE version_id > 0 AND is_applied`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != len(files) {
		t.Errorf("%d migrations recorded, want %d", applied, len(files))
	}
}
