// Package testutil gives tests a real PostgreSQL database of their own and a real
// server: NewDB clones a migrated template database per test (fast and isolated),
// NewServer runs the full router on it.
package testutil

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/migrations"
)

var (
	baseOnce sync.Once
	baseURL  string
	baseErr  error
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
	dbSeq    atomic.Int64
)

// ServerURL returns the URL of the test PostgreSQL server: TEST_DATABASE_URL when
// set (make test sets it to the run's private cluster), otherwise a private cluster
// in <module>/.data/test, started once and left running for the next run.
func ServerURL(t testing.TB) string {
	t.Helper()
	baseOnce.Do(func() {
		if baseURL = os.Getenv("TEST_DATABASE_URL"); baseURL != "" {
			return
		}
		root, err := moduleRoot()
		if err != nil {
			baseErr = err
			return
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		c, err := database.StartCluster(context.Background(), filepath.Join(root, ".data", "test"), database.ClusterOptions{Fast: true}, log)
		if err != nil {
			baseErr = err
			return
		}
		baseURL = c.URL("spor")
	})
	if baseErr != nil {
		t.Fatalf("testutil: no PostgreSQL for tests: %v", baseErr)
	}
	return baseURL
}

// NewDB returns a pool on a fresh database, a copy of the migrated template, dropped
// when the test ends.
func NewDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	url := ServerURL(t)
	tmplOnce.Do(func() { tmplName, tmplErr = ensureTemplate(ctx, url) })
	if tmplErr != nil {
		t.Fatalf("testutil: template database: %v", tmplErr)
	}
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), dbSeq.Add(1))
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("testutil: connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tmplName+` STRATEGY FILE_COPY`); err != nil {
		t.Fatalf("testutil: create database: %v", err)
	}
	pool, err := database.Open(ctx, withDatabase(url, name))
	if err != nil {
		t.Fatalf("testutil: open: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return pool
}

// ensureTemplate creates the migrated template database once per migration set.
// Test binaries of several packages run at once, so an advisory lock makes one of
// them build it while the others wait.
func ensureTemplate(ctx context.Context, url string) (string, error) {
	name := "spor_tmpl_" + migrationsHash()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(4242002)`); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(4242002)`) //nolint:errcheck
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return name, err
	}
	building := name + "_building"
	_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return "", err
	}
	pool, err := database.Open(ctx, withDatabase(url, building))
	if err != nil {
		return "", err
	}
	err = database.Migrate(ctx, pool, "up", io.Discard)
	pool.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+name); err != nil {
		return "", err
	}
	return name, nil
}

func migrationsHash() string {
	h := sha256.New()
	// River's schema is migrated in the same run; its version moves with go.mod.
	h.Write([]byte("river v0.51.2"))
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := migrations.FS.ReadFile(p)
			h.Write([]byte(p))
			h.Write(data)
		}
		return nil
	})
	return fmt.Sprintf("%x", h.Sum(nil))[:12]
}

// withDatabase replaces the database name in a postgres URL.
func withDatabase(url, name string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return url
	}
	host := cfg.Host
	q := "host=" + host
	if cfg.Port != 0 && host != "" && host[0] != '/' {
		q = fmt.Sprintf("host=%s port=%d", host, cfg.Port)
	}
	s := fmt.Sprintf("%s user=%s dbname=%s sslmode=disable", q, cfg.User, name)
	if cfg.Password != "" {
		s += " password=" + cfg.Password
	}
	if cfg.Port != 0 && host != "" && host[0] == '/' {
		s += fmt.Sprintf(" port=%d", cfg.Port)
	}
	return s
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("testutil: no go.mod above the working directory")
		}
		dir = parent
	}
}
