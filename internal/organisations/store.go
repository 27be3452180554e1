// Package organisations lets admins manage the libraries and other bodies whose
// staff use Spor.
package organisations

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes organisations.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const columns = `o.id, o.name, o.kind, o.country, o.municipality, o.region, o.website`

func scan(row pgx.CollectableRow) (model.Organisation, error) {
	var o model.Organisation
	err := row.Scan(&o.ID, &o.Name, &o.Kind, &o.Country, &o.Municipality, &o.Region, &o.Website, &o.Users)
	return o, err
}

// Organisations returns every organisation with its number of users, by name.
func (s *Store) Organisations(ctx context.Context) ([]model.Organisation, error) {
	rows, err := s.db.Query(ctx, `SELECT `+columns+`, (SELECT count(*) FROM users u WHERE u.organisation_id = o.id)
		FROM organisations o ORDER BY o.country, o.name`)
	if err != nil {
		return nil, database.Wrap(err, "organisations: list")
	}
	orgs, err := pgx.CollectRows(rows, scan)
	return orgs, database.Wrap(err, "organisations: list")
}

// OrganisationOptions returns every organisation by name, for select boxes.
func (s *Store) OrganisationOptions(ctx context.Context) ([]model.Organisation, error) {
	rows, err := s.db.Query(ctx, `SELECT `+columns+`, 0 FROM organisations o ORDER BY o.name`)
	if err != nil {
		return nil, database.Wrap(err, "organisations: options")
	}
	orgs, err := pgx.CollectRows(rows, scan)
	return orgs, database.Wrap(err, "organisations: options")
}

// Organisation returns one organisation.
func (s *Store) Organisation(ctx context.Context, id int64) (model.Organisation, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+`, (SELECT count(*) FROM users u WHERE u.organisation_id = o.id)
		FROM organisations o WHERE o.id = $1`, id)
	o, err := pgx.CollectExactlyOneRow(rows, scan)
	return o, database.Wrap(err, "organisations: get")
}

// SaveOrganisation creates (ID 0) or updates o and returns its id.
func (s *Store) SaveOrganisation(ctx context.Context, o model.Organisation) (int64, error) {
	if o.ID == 0 {
		err := s.db.QueryRow(ctx, `INSERT INTO organisations (name, kind, country, municipality, region, website)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, o.Name, o.Kind, o.Country, o.Municipality, o.Region, o.Website).Scan(&o.ID)
		return o.ID, database.Wrap(err, "organisations: create")
	}
	tag, err := s.db.Exec(ctx, `UPDATE organisations SET name = $2, kind = $3, country = $4, municipality = $5, region = $6, website = $7
		WHERE id = $1`, o.ID, o.Name, o.Kind, o.Country, o.Municipality, o.Region, o.Website)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return o.ID, database.Wrap(err, "organisations: update")
}
