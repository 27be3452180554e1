package database

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"spor/migrations"
)

// Migrate runs goose's command ("up", "down", "status") with the embedded migrations.
func Migrate(ctx context.Context, pool *pgxpool.Pool, command string, out io.Writer) error {
	// Migrations are not pages: they run without the page budgets.
	mp, err := MaintenancePool(ctx, pool)
	if err != nil {
		return err
	}
	defer mp.Close()
	db := stdlib.OpenDBFromPool(mp)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
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
