package database

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"spor/migrations"
)

// migrateLockID names the PostgreSQL advisory lock that serialises migrations.
const migrateLockID = 5_440_332_001

// Migrate runs goose's command ("up", "down", "status") with the embedded migrations.
// Several instances may start it at once (two `spor serve` with RUN_MIGRATIONS=true
// on a fresh database): a session-level advisory lock lets one migrate while the
// others wait and then find nothing left to do, instead of racing into a
// duplicate-key error on goose's version table.
func Migrate(ctx context.Context, pool *pgxpool.Pool, command string, out io.Writer) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	// Retry every second for up to ten minutes: a long migration on a big table
	// must not make the waiting instances give up.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrateLockID), lock.WithLockTimeout(1, 600))
	if err != nil {
		return fmt.Errorf("database: migration lock: %w", err)
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("database: migrations: %w", err)
	}
	switch command {
	case "up":
		results, err := provider.Up(ctx)
		report(out, results)
		return wrapMigrate(err)
	case "down":
		result, err := provider.Down(ctx)
		if result != nil {
			report(out, []*goose.MigrationResult{result})
		}
		return wrapMigrate(err)
	case "status":
		return status(ctx, provider, out)
	}
	return fmt.Errorf("database: unknown migrate command %q (want up, down or status)", command)
}

func report(out io.Writer, results []*goose.MigrationResult) {
	for _, r := range results {
		fmt.Fprintf(out, "migrated %s %s (%s)\n", r.Direction, r.Source.Path, r.Duration.Round(1e6))
	}
}

func status(ctx context.Context, p *goose.Provider, out io.Writer) error {
	all, err := p.Status(ctx)
	if err != nil {
		return wrapMigrate(err)
	}
	for _, s := range all {
		applied := "pending"
		if s.State == goose.StateApplied {
			applied = "applied " + s.AppliedAt.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(out, "%-40s %s\n", s.Source.Path, applied)
	}
	return nil
}

func wrapMigrate(err error) error {
	if err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	return nil
}
