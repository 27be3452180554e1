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
// Rights follow the role: a user who is no longer a coordinator or admin, or is
// disabled, loses their group and track assignments in the same transaction (a
// later promotion starts from none). It reports whether the user's sessions must
// end: a new password, another role, or disabled.
func (s *Store) UpdateUser(ctx context.Context, f model.UserForm, hash string) (endSessions bool, err error) {
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var oldRole model.Role
		var wasDisabled bool
		if err := tx.QueryRow(ctx, `SELECT role, disabled FROM users WHERE id = $1 FOR UPDATE`, f.ID).Scan(&oldRole, &wasDisabled); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET email = $2, name = $3, organisation_id = $4, role = $5, lang = $6,
			disabled = $7, password_hash = CASE WHEN $8 = '' THEN password_hash ELSE $8 END, library_contact = $9, updated_at = now()
			WHERE id = $1`, f.ID, f.Email, f.Name, f.OrganisationID, f.Role, f.Lang, f.Disabled, hash, f.LibraryContact); err != nil {
			return err
		}
		if f.Disabled || (f.Role != model.RoleCoordinator && f.Role != model.RoleAdmin) {
			if _, err := tx.Exec(ctx, `DELETE FROM group_coordinators WHERE user_id = $1`, f.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM track_coordinators WHERE user_id = $1`, f.ID); err != nil {
				return err
			}
		}
		endSessions = hash != "" || oldRole != f.Role || (f.Disabled && !wasDisabled)
		return nil
	})
	return endSessions, database.Wrap(err, "auth: update user")
}

// DeleteSessions deletes every session of the user except the session keep, and
// returns how many went (the session store records each session's user in
// sessions.user_id).
func (s *Store) DeleteSessions(ctx context.Context, userID int64, keep string) (int, error) {
	tag, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token <> $2`, userID, keep)
	return int(tag.RowsAffected()), database.Wrap(err, "auth: delete sessions")
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

// failures returns the failure counts of keys (pair, account, address) in the
// current window. The counters live in PostgreSQL so every app instance shares them;
// the app's clean-up deletes old windows.
func (s *Store) failures(ctx context.Context, keys [3]string, window time.Duration) (pair, account, ip int, err error) {
	err = s.db.QueryRow(ctx, `SELECT
			coalesce(sum(hits) FILTER (WHERE key = $1), 0),
			coalesce(sum(hits) FILTER (WHERE key = $2), 0),
			coalesce(sum(hits) FILTER (WHERE key = $3), 0)
		FROM rate_limits WHERE key IN ($1, $2, $3) AND window_start = $4`,
		keys[0], keys[1], keys[2], time.Now().Truncate(window)).Scan(&pair, &account, &ip)
	return pair, account, ip, database.Wrap(err, "auth: login failures")
}

// fail counts one failed login against every key in the current window.
func (s *Store) fail(ctx context.Context, keys [3]string, window time.Duration) error {
	_, err := s.db.Exec(ctx, `INSERT INTO rate_limits (key, window_start, hits)
		SELECT k, $2, 1 FROM unnest($1::text[]) AS k
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1`, keys[:], time.Now().Truncate(window))
	return database.Wrap(err, "auth: count login failure")
}
