// Package demo loads Spor's demo content into an empty database: the organisations,
// people, programmes, groups, events, tracks and self-assessments a newcomer sees
// after `make run`. The facts come from the source pages in shared/seeds; the words
// and every person are Spor's own inventions (example.org addresses).
package demo

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
)

// Password is every demo user's password. It is printed by `make run` and listed in
// the README; never use demo content in production.
const Password = "spor-demo-2026"

// Logins are the demo accounts worth trying, printed by `make run`.
var Logins = []struct{ Email, Role string }{
	{"admin@example.org", "admin"},
	{"koordinator@example.org", "coordinator (Digital transformation group, Dalaspåret)"},
	{"samordnare@example.org", "coordinator (Dalaspåret, the Dalarna group)"},
	{"medarbejder@example.org", "staff (Vejle Bibliotekerne)"},
	{"ledare@example.org", "staff, track leader (Dalarna)"},
}

// Data is what the steps share: ids of what earlier steps created, by natural key.
type Data struct {
	Orgs       map[string]int64 // by name
	Users      map[string]int64 // by email
	Programmes map[string]int64 // by slug
	Groups     map[string]int64 // by slug
	hash       string
}

// step loads one feature's demo content inside the shared transaction.
type step func(ctx context.Context, tx pgx.Tx, d *Data) error

// steps run in order; each feature appends its own.
var steps = []step{core, groups, events, tracks, assessment, searchContent, learning}

// Load fills an empty database with the demo content in one transaction and reports
// whether it did. A database that already has users is left alone, so running it
// again (or on every `make run`) is safe.
func Load(ctx context.Context, pool *pgxpool.Pool, out io.Writer) (bool, error) {
	var hasContent bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users)`).Scan(&hasContent); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	if hasContent {
		return false, nil
	}
	hash, err := auth.HashPassword(ctx, Password)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	d := &Data{Orgs: map[string]int64{}, Users: map[string]int64{}, Programmes: map[string]int64{}, Groups: map[string]int64{}, hash: hash}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// Two processes starting at once must not both load: the second waits here
		// and then finds users.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(4242001)`); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users)`).Scan(&hasContent); err != nil || hasContent {
			return err
		}
		for _, s := range steps {
			if err := s(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	if hasContent {
		return false, nil
	}
	fmt.Fprintf(out, "demo content loaded: %d organisations, %d users, %d programmes, %d groups\n",
		len(d.Orgs), len(d.Users), len(d.Programmes), len(d.Groups))
	return true, nil
}

// AddUser inserts a demo user (the shared demo password) and records its id.
func (d *Data) AddUser(ctx context.Context, tx pgx.Tx, email, name, org, role, lang string) error {
	id, ok := d.Orgs[org]
	if !ok {
		return fmt.Errorf("demo: user %s: unknown organisation %q", email, org)
	}
	var uid int64
	err := tx.QueryRow(ctx, `INSERT INTO users (email, name, organisation_id, role, lang, password_hash)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, email, name, id, role, lang, d.hash).Scan(&uid)
	if err != nil {
		return fmt.Errorf("demo: user %s: %w", email, err)
	}
	d.Users[email] = uid
	return nil
}

// AddOrg inserts an organisation and records its id.
func (d *Data) AddOrg(ctx context.Context, tx pgx.Tx, name, kind, country, municipality, region, website string) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO organisations (name, kind, country, municipality, region, website)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, name, kind, country, municipality, region, website).Scan(&id)
	if err != nil {
		return fmt.Errorf("demo: organisation %s: %w", name, err)
	}
	d.Orgs[name] = id
	return nil
}
