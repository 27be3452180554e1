package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/testutil"
)

// The README's backup commands work: a pg_dump of a portal's database restored with
// pg_restore into an empty database is a working portal, with the logged-in session
// still valid and the uploaded document byte for byte.
func TestDumpRestoresIntoWorkingPortal(t *testing.T) {
	pgDump, err := database.Binary("pg_dump")
	if err != nil {
		t.Fatal(err)
	}
	pgRestore, _ := database.Binary("pg_restore")
	srv := testutil.NewServer(t)
	ctx := context.Background()
	user := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	group := testutil.CreateGroup(t, srv.DB, "backup", "public")
	content := "Handlingsplan 2026: læring, åbenhed, fællesskab\n"
	doc := testutil.CreateDocument(t, srv.DB, group, "plan.txt", content)
	c := srv.Client(t)
	c.Login(user.Email)

	// The README's commands: pg_dump --format=custom, pg_restore --no-owner into an empty database.
	file := filepath.Join(t.TempDir(), "spor.dump")
	if out, err := exec.Command(pgDump, "--format=custom", "--file="+file, "--dbname="+connString(srv.DB, "")).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v: %s", err, out)
	}
	name := fmt.Sprintf("restored_%d", os.Getpid())
	admin, err := pgx.Connect(ctx, testutil.ServerURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatal(err)
	}
	restored, err := database.Open(ctx, connString(srv.DB, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		restored.Close()
		_, _ = admin.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	if out, err := exec.Command(pgRestore, "--no-owner", "--exit-on-error", "--dbname="+connString(srv.DB, name), file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v: %s", err, out)
	}

	again := testutil.NewServerOn(t, restored)
	c2 := again.Client(t)
	from, _ := url.Parse(srv.URL)
	to, _ := url.Parse(again.URL)
	c2.Jar.SetCookies(to, c.Jar.Cookies(from))
	if res := c2.Get("/me"); res.Status != http.StatusOK || !strings.Contains(res.Body, user.Email) {
		t.Errorf("/me on the restored portal with the old session: %d, want 200 showing %s", res.Status, user.Email)
	}
	if res := c2.Get(fmt.Sprintf("/groups/backup/documents/%d/plan.txt", doc)); res.Status != http.StatusOK || res.Body != content {
		t.Errorf("document on the restored portal: %d %q, want 200 %q", res.Status, res.Body, content)
	}
	if res := c2.Get("/groups"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Group backup") {
		t.Errorf("/groups on the restored portal: %d", res.Status)
	}
}

// connString is a libpq connection string for database name (empty: pool's own) on
// pool's server, as pg_dump and pg_restore take it.
func connString(pool *pgxpool.Pool, name string) string {
	c := pool.Config().ConnConfig
	if name == "" {
		name = c.Database
	}
	s := fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.Host, c.Port, c.User, name)
	if c.Password != "" {
		s += " password=" + c.Password
	}
	return s
}
