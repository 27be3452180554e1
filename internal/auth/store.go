package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes users and login throttling counters.
type Store struct {
	db *pgxpool.Pool
}

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const userColumns = `u.id, u.email, u.name, u.organisation_id, o.name, u.role, u.lang, u.disabled, u.library_contact, u.calendar_token, u.created_at, o.country`

func scanUser(row pgx.Row, u *model.User, extra ...any) error {
	return row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.OrganisationID, &u.Organisation, &u.Role, &u.Lang, &u.Disabled, &u.LibraryContact, &u.CalendarToken, &u.CreatedAt, &u.Country}, extra...)...)
}

// QueueUser adds the lookup of an enabled user to b; the page chrome loads it in the
// same round trip as the active alerts. u stays nil-valued (ID 0) when there is none.
func QueueUser(b *pgx.Batch, id int64, u *model.User) {
	b.Queue(`SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.organisation_id
		WHERE u.id = $1 AND NOT u.disabled`, id).QueryRow(func(row pgx.Row) error {
		err := scanUser(row, u)
		if err == pgx.ErrNoRows {
			return nil
		}
		return err
	})
}

// UserByID returns one user.
func (s *Store) UserByID(ctx context.Context, id int64) (model.User, error) {
	var u model.User
	err := scanUser(s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`, id), &u)
	return u, database.Wrap(err, "auth: user")
}

// userForLogin returns the user with email (any case) and their password hash.
func (s *Store) userForLogin(ctx context.Context, email string) (model.User, string, error) {
	var u model.User
	var hash string
	err := scanUser(s.db.QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u
		JOIN organisations o ON o.id = u.organisation_id WHERE lower(u.email) = lower($1)`, email), &u, &hash)
	return u, hash, database.Wrap(err, "auth: user for login")
}

// CreateUser stores a new user with an already hashed password and returns its id.
func (s *Store) CreateUser(ctx context.Context, f model.UserForm, hash string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `INSERT INTO users (email, name, organisation_id, role, lang, disabled, password_hash, library_contact)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		strings.TrimSpace(f.Email), f.Name, f.OrganisationID, f.Role, f.Lang, f.Disabled, hash, f.LibraryContact).Scan(&id)
	return id, database.Wrap(err, "auth: create user")
}

// UpdateUser saves the form's fields; a non-empty hash also replaces the password.
func (s *Store) UpdateUser(ctx context.Context, f model.UserForm, hash string) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET email = $2, name = $3, organisation_id = $4, role = $5, lang = $6,
		disabled = $7, password_hash = CASE WHEN $8 = '' THEN password_hash ELSE $8 END, library_contact = $9, updated_at = now()
		WHERE id = $1`, f.ID, f.Email, f.Name, f.OrganisationID, f.Role, f.Lang, f.Disabled, hash, f.LibraryContact)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "auth: update user")
}

// UserFilter narrows the user list.
type UserFilter struct {
	Query          string // part of the name or the email
	OrganisationID int64  // 0: every organisation
	Role           model.Role
	ContactsOnly   bool // only library contacts
	Pager          model.Pager
}

// Users returns one page of users in name order, with how many match in all.
// The search is ILIKE '%...%' on name and email, answered by the trigram indexes
// of migration 00016 (a b-tree on lower(name) could only find prefixes, and
// people search for a surname or part of an address as often as a first name).
func (s *Store) Users(ctx context.Context, f UserFilter) ([]model.User, int, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := arg("%" + escapeLike(q) + "%")
		where = append(where, "(u.name ILIKE "+p+" OR u.email ILIKE "+p+")")
	}
	if f.OrganisationID != 0 {
		where = append(where, "u.organisation_id = "+arg(f.OrganisationID))
	}
	if f.Role != "" {
		where = append(where, "u.role = "+arg(string(f.Role)))
	}
	if f.ContactsOnly {
		where = append(where, "u.library_contact")
	}
	cond := "TRUE"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM users u WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, database.Wrap(err, "auth: count users")
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Query(ctx, `SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.organisation_id
		WHERE `+cond+` ORDER BY u.name, u.id LIMIT `+arg(f.Pager.PerPage)+` OFFSET `+arg(f.Pager.Offset()), args...)
	if err != nil {
		return nil, 0, database.Wrap(err, "auth: users")
	}
	users, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.User, error) {
		var u model.User
		return u, scanUser(row, &u)
	})
	return users, total, database.Wrap(err, "auth: users")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// hit counts one event against key in the current fixed window and returns the
// count so far. The counter lives in PostgreSQL so every app instance shares it;
// the app's clean-up deletes old windows.
func (s *Store) hit(ctx context.Context, key string, window time.Duration) (int, error) {
	start := time.Now().Truncate(window)
	var n int
	err := s.db.QueryRow(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`, key, start).Scan(&n)
	return n, database.Wrap(err, "auth: rate limit")
}

// hits returns the count for key in the current window without adding to it.
func (s *Store) hits(ctx context.Context, key string, window time.Duration) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT coalesce(sum(hits), 0) FROM rate_limits WHERE key = $1 AND window_start = $2`,
		key, time.Now().Truncate(window)).Scan(&n)
	return n, database.Wrap(err, "auth: rate limit")
}
