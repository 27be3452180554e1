package database

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"spor/migrations"
)

// Migrate runs goose's command ("up", "down", "status") with the embedded migrations.
// "up" also brings River's job-queue schema to the version of the River module Spor
// is built with, in the same run; "down" rolls back only Spor's last migration
// (River's tables belong to the queue library, and dropping them would drop mails
// still waiting to be sent).
func Migrate(ctx context.Context, pool *pgxpool.Pool, command string, out io.Writer) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
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
		return migrateRiver(ctx, pool, out)
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
