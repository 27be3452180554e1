package testutil

import (
	"context"
	"fmt"
	neturl "net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// NewEmptyDB creates a database with no tables at all (not even goose's), dropped
// when the test ends, and returns its connection string: for tests of migrating a
// fresh installation.
func NewEmptyDB(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	url := ServerURL(t)
	name := fmt.Sprintf("t_empty_%d_%d", os.Getpid(), dbSeq.Add(1))
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("testutil: connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("testutil: create database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return urlWithDatabase(url, name)
}

// urlWithDatabase names another database in a postgres:// URL (what DATABASE_URL
// accepts); a key=value connection string falls back to withDatabase's form.
func urlWithDatabase(base, name string) string {
	u, err := neturl.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return withDatabase(base, name)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}
