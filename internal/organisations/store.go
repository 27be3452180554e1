// Package organisations lets admins manage the libraries and other bodies whose
// staff use Spor.
package organisations

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes organisations.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const columns = `o.id, o.name, o.kind, o.country, o.municipality, o.region, o.website, o.email_domains, o.require_sso`

func scan(row pgx.CollectableRow) (model.Organisation, error) {
	var o model.Organisation
	err := row.Scan(&o.ID, &o.Name, &o.Kind, &o.Country, &o.Municipality, &o.Region, &o.Website, &o.EmailDomains, &o.RequireSSO, &o.Users)
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

// ErrDomainTaken means one of an organisation's email domains already belongs to
// another organisation.
var ErrDomainTaken = errors.New("organisations: email domain belongs to another organisation")

// SaveOrganisation creates (ID 0) or updates o and returns its id. A domain that
// another organisation lists fails with ErrDomainTaken (the organisation_domains
// primary key decides, so two admins saving at once cannot both win); a name in
// use fails with database.ErrConflict.
func (s *Store) SaveOrganisation(ctx context.Context, o model.Organisation) (int64, error) {
	domains := o.EmailDomains
	if domains == nil {
		domains = []string{}
	}
	var err error
	if o.ID == 0 {
		err = s.db.QueryRow(ctx, `INSERT INTO organisations (name, kind, country, municipality, region, website, email_domains, require_sso)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, o.Name, o.Kind, o.Country, o.Municipality, o.Region, o.Website, domains, o.RequireSSO).Scan(&o.ID)
	} else {
		var tag pgconn.CommandTag
		tag, err = s.db.Exec(ctx, `UPDATE organisations SET name = $2, kind = $3, country = $4, municipality = $5, region = $6, website = $7,
			email_domains = $8, require_sso = $9 WHERE id = $1`, o.ID, o.Name, o.Kind, o.Country, o.Municipality, o.Region, o.Website, domains, o.RequireSSO)
		if err == nil && tag.RowsAffected() == 0 {
			err = pgx.ErrNoRows
		}
	}
	if database.IsUniqueViolation(err, "organisation_domains_pkey") {
		return 0, ErrDomainTaken
	}
	return o.ID, database.Wrap(err, "organisations: save")
}

// DomainOwners returns, for each of domains that an organisation other than
// except lists, that organisation's name: the admin is told where each one is.
func (s *Store) DomainOwners(ctx context.Context, domains []string, except int64) (map[string]string, error) {
	rows, err := s.db.Query(ctx, `SELECT d.domain, o.name FROM organisation_domains d JOIN organisations o ON o.id = d.organisation_id
		WHERE d.domain = ANY($1) AND d.organisation_id <> $2 ORDER BY d.domain`, domains, except)
	if err != nil {
		return nil, database.Wrap(err, "organisations: domain owners")
	}
	owners := map[string]string{}
	var domain, name string
	_, err = pgx.ForEachRow(rows, []any{&domain, &name}, func() error {
		owners[domain] = name
		return nil
	})
	return owners, database.Wrap(err, "organisations: domain owners")
}
