package database

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"spor/migrations"
)

// migrateLockID names the PostgreSQL advisory lock that serialises migrations.
const migrateLockID = 5_440_332_001

// Migrate runs goose's command ("up", "down", "status") with the embedded migrations.
// Several instances may start it at once (two `spor serve` with RUN_MIGRATIONS=true
// on a fresh database): a session-level advisory lock lets one migrate while the
// others wait and then find nothing left to do, instead of racing into a
// duplicate-key error on goose's version table.
//
// "up" also brings River's job-queue schema to the version of the River module Spor
// is built with, in the same run; "down" rolls back only Spor's last migration
// (River's tables belong to the queue library, and dropping them would drop mails
// still waiting to be sent).
func Migrate(ctx context.Context, pool *pgxpool.Pool, command string, out io.Writer) error {
	// Migrations are not pages: they run without the page budgets.
	mp, err := MaintenancePool(ctx, pool)
	if err != nil {
		return err
	}
	defer mp.Close()
	db := stdlib.OpenDBFromPool(mp)
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
		if err != nil {
			return wrapMigrate(err)
		}
		return migrateRiver(ctx, mp, out)
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

// migrateRiver applies River's pending migrations; it is a no-op when they are
// applied already, so every "up" may call it.
func migrateRiver(ctx context.Context, pool *pgxpool.Pool, out io.Writer) error {
	// The same advisory lock as goose's, held on one connection while River
	// migrates, so instances starting together take turns here too.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("database: river migrations: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrateLockID); err != nil {
		return fmt.Errorf("database: river migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLockID) //nolint:errcheck // released with the session at worst
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("database: river migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("database: river migrations: %w", err)
	}
	for _, v := range res.Versions {
		fmt.Fprintf(out, "migrated up river %03d %s (%s)\n", v.Version, v.Name, v.Duration.Round(1e6))
	}
	return nil
}
