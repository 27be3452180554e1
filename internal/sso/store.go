package sso

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes the links between work accounts and Spor accounts.
type Store struct {
	db *pgxpool.Pool
}

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// account is the Spor account a login resolves to.
type account struct {
	ID       int64
	Disabled bool
	HasPass  bool // a password is set (accounts made by single sign-on have none)
}

// userBySubject returns the account linked to the provider's subject and notes
// the login (and the address the provider now gives).
func (s *Store) userBySubject(ctx context.Context, provider, subject, email string) (account, error) {
	var a account
	err := s.db.QueryRow(ctx, `WITH i AS (
			UPDATE user_identities SET last_login_at = now(), email = $3 WHERE provider = $1 AND subject = $2 RETURNING user_id)
		SELECT u.id, u.disabled, u.password_hash <> '' FROM users u JOIN i ON i.user_id = u.id`, provider, subject, email).
		Scan(&a.ID, &a.Disabled, &a.HasPass)
	return a, database.Wrap(err, "sso: user by subject")
}

// userByEmail returns the account with email (any case).
func (s *Store) userByEmail(ctx context.Context, email string) (account, error) {
	var a account
	err := s.db.QueryRow(ctx, `SELECT id, disabled, password_hash <> '' FROM users WHERE lower(email) = lower($1)`, email).
		Scan(&a.ID, &a.Disabled, &a.HasPass)
	return a, database.Wrap(err, "sso: user by email")
}

// organisationFor returns the organisation a new person from the provider joins:
// the named one, or the one whose email domains list the address's domain.
func (s *Store) organisationFor(ctx context.Context, orgName string, byDomain bool, email string) (int64, error) {
	var id int64
	var err error
	if byDomain {
		_, domain, _ := strings.Cut(strings.ToLower(email), "@")
		err = s.db.QueryRow(ctx, `SELECT organisation_id FROM organisation_domains WHERE domain = $1`, domain).Scan(&id)
	} else {
		err = s.db.QueryRow(ctx, `SELECT id FROM organisations WHERE name = $1`, orgName).Scan(&id)
	}
	return id, database.Wrap(err, "sso: organisation")
}

// createUser makes a staff account without a password, linked to the
// provider's subject, in one transaction.
func (s *Store) createUser(ctx context.Context, provider, subject, email, name, lang string, orgID int64) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO users (email, name, organisation_id, role, lang, password_hash)
			VALUES ($1, $2, $3, 'staff', $4, '') RETURNING id`, email, name, orgID, lang).Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO user_identities (provider, subject, user_id, email) VALUES ($1, $2, $3, $4)`,
			provider, subject, id, email)
		return err
	})
	return id, database.Wrap(err, "sso: create user")
}

// passwordHash returns the account's password hash ("" when it has none).
func (s *Store) passwordHash(ctx context.Context, userID int64) (string, bool, error) {
	var hash string
	var disabled bool
	err := s.db.QueryRow(ctx, `SELECT password_hash, disabled FROM users WHERE id = $1`, userID).Scan(&hash, &disabled)
	return hash, disabled, database.Wrap(err, "sso: password hash")
}

// link links the provider's subject to userID. A subject already linked to
// another account is a conflict.
func (s *Store) link(ctx context.Context, provider, subject, email string, userID int64) error {
	_, err := s.db.Exec(ctx, `INSERT INTO user_identities (provider, subject, user_id, email) VALUES ($1, $2, $3, $4)`,
		provider, subject, userID, email)
	return database.Wrap(err, "sso: link")
}

// Identities returns the work accounts linked to userID, oldest first.
func (s *Store) Identities(ctx context.Context, userID int64) ([]model.LinkedIdentity, error) {
	rows, err := s.db.Query(ctx, `SELECT provider, email, created_at, last_login_at FROM user_identities
		WHERE user_id = $1 ORDER BY created_at, provider`, userID)
	if err != nil {
		return nil, database.Wrap(err, "sso: identities")
	}
	ids, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.LinkedIdentity, error) {
		var i model.LinkedIdentity
		return i, row.Scan(&i.Provider, &i.Email, &i.CreatedAt, &i.LastLoginAt)
	})
	return ids, database.Wrap(err, "sso: identities")
}

// unlink removes userID's link to provider; ErrNotFound when there is none.
func (s *Store) unlink(ctx context.Context, userID int64, provider string) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM user_identities WHERE user_id = $1 AND provider = $2`, userID, provider)
	if err == nil && tag.RowsAffected() == 0 {
		return database.ErrNotFound
	}
	return database.Wrap(err, "sso: unlink")
}
