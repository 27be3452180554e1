// Package database opens Spor's PostgreSQL pool, runs migrations, starts the private
// development cluster and maps driver errors to the few the rest of Spor knows.
package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound means the record asked for does not exist (or is not visible).
var ErrNotFound = errors.New("not found")

// ErrConflict means the write collides with an existing record (a unique key).
var ErrConflict = errors.New("conflict")

// Wrap maps pgx.ErrNoRows to ErrNotFound and unique violations to ErrConflict, and
// otherwise prefixes err with what was being done.
func Wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%s: %w (%s)", what, ErrConflict, pgErr.ConstraintName)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// IsUniqueViolation reports whether err is a unique violation of the named constraint.
func IsUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && (constraint == "" || pgErr.ConstraintName == constraint)
}

// Open connects a pool of the default size to url and checks that the server answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	return OpenPool(ctx, url, PoolOptions{})
}

// OpenPool connects a pool to url and checks that the server answers. Every query
// goes through the query counter, so tests and benchmarks can count round trips, and
// every wait has its budget (see budget.go).
func OpenPool(ctx context.Context, url string, opts PoolOptions) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: parse url: %w", err)
	}
	configure(cfg, opts)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: open: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: ping: %w", err)
	}
	return pool, nil
}

// ProbePool opens a one-connection pool to the same server as pool, for the readiness
// probe: it never waits behind page requests for a connection, so /readyz answers in
// milliseconds however busy the main pool is.
func ProbePool(pool *pgxpool.Pool) (*pgxpool.Pool, error) {
	cfg := pool.Config()
	cfg.MaxConns, cfg.MinConns = 1, 1
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("database: probe pool: %w", err)
	}
	return p, nil
}
