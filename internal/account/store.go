// Package account lets people in by themselves: forgotten password, sign-up by an
// organisation's email domain. Every mailed link is a single-use token stored only
// as its SHA-256, and every mail is enqueued in the transaction of its change.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/mail"
)

// Lifetimes of the mailed links.
const (
	ResetTTL  = time.Hour
	SignupTTL = 24 * time.Hour
)

// ErrInvalidToken means a link is unknown, used, revoked or expired.
var ErrInvalidToken = errors.New("account: invalid or expired link")

// Enqueuer puts a mail into the queue inside a transaction.
type Enqueuer interface {
	Enqueue(ctx context.Context, tx pgx.Tx, a mail.Args) error
}

// Store reads and writes account tokens and the users they create or change.
type Store struct {
	db   *pgxpool.Pool
	mail Enqueuer
}

// NewStore returns a Store on db that mails through q.
func NewStore(db *pgxpool.Pool, q Enqueuer) *Store { return &Store{db: db, mail: q} }

// Token is a valid, unused link.
type Token struct {
	ID             int64
	Kind           string
	Email          string
	UserID         int64
	OrganisationID int64
	Organisation   string
	Name           string
	Lang           string
}

// newToken returns a URL-safe random token (32 bytes) and its SHA-256.
func newToken() (string, []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	raw := base64.RawURLEncoding.EncodeToString(b)
	return raw, hashToken(raw)
}

func hashToken(raw string) []byte {
	h := sha256.Sum256([]byte(raw))
	return h[:]
}

// RequestReset mails a reset link to the enabled user with email, if there is one.
// It says nothing either way: the page must not reveal who has an account.
func (s *Store) RequestReset(ctx context.Context, email string) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var userID int64
		var name, lang, addr string
		err := tx.QueryRow(ctx, `SELECT id, name, lang, email FROM users WHERE lower(email) = lower($1) AND NOT disabled`, email).
			Scan(&userID, &name, &lang, &addr)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("account: reset user: %w", err)
		}
		raw, hash := newToken()
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO account_tokens (kind, token_hash, email, user_id, lang, expires_at)
			VALUES ('reset', $1, $2, $3, $4, now() + $5::interval) RETURNING id`, hash, addr, userID, lang, ResetTTL.String()).Scan(&id); err != nil {
			return fmt.Errorf("account: reset token: %w", err)
		}
		return s.mail.Enqueue(ctx, tx, mail.Args{Type: mail.KindReset, To: addr, Ref: id, Lang: lang, Name: name, Path: "/password/reset/" + raw})
	})
}

// RequestSignup mails a confirmation link to email for the organisation that lists
// its domain. found is false when no organisation does. An address that already
// has an account gets no mail, and the caller shows the same page either way.
func (s *Store) RequestSignup(ctx context.Context, email, lang string) (found bool, err error) {
	at := strings.LastIndex(email, "@")
	if at < 1 {
		return false, nil
	}
	domain := strings.ToLower(email[at+1:])
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var orgID int64
		var orgName string
		err := tx.QueryRow(ctx, `SELECT id, name FROM organisations WHERE $1 = ANY (email_domains) ORDER BY id LIMIT 1`, domain).Scan(&orgID, &orgName)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("account: signup domain: %w", err)
		}
		found = true
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1))`, email).Scan(&exists); err != nil || exists {
			return database.Wrap(err, "account: signup user")
		}
		raw, hash := newToken()
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO account_tokens (kind, token_hash, email, organisation_id, lang, expires_at)
			VALUES ('signup', $1, $2, $3, $4, now() + $5::interval) RETURNING id`, hash, email, orgID, lang, SignupTTL.String()).Scan(&id); err != nil {
			return fmt.Errorf("account: signup token: %w", err)
		}
		return s.mail.Enqueue(ctx, tx, mail.Args{Type: mail.KindSignup, To: email, Ref: id, Lang: lang, Organisation: orgName, Path: "/email/confirm/" + raw})
	})
	return found, err
}

const tokenQuery = `SELECT t.id, t.kind, t.email, coalesce(t.user_id, 0), coalesce(t.organisation_id, 0), coalesce(o.name, ''), t.name, t.lang
	FROM account_tokens t LEFT JOIN organisations o ON o.id = t.organisation_id
	WHERE t.token_hash = $1 AND t.kind = $2 AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()`

// ValidToken returns the unused, unexpired token raw of kind.
func (s *Store) ValidToken(ctx context.Context, kind, raw string) (Token, error) {
	return scanToken(s.db.QueryRow(ctx, tokenQuery, hashToken(raw), kind))
}

func scanToken(row pgx.Row) (Token, error) {
	var t Token
	err := row.Scan(&t.ID, &t.Kind, &t.Email, &t.UserID, &t.OrganisationID, &t.Organisation, &t.Name, &t.Lang)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, ErrInvalidToken
	}
	return t, database.Wrap(err, "account: token")
}

// useToken locks and spends the token inside tx: of two simultaneous uses, one
// waits for the other and then finds it used.
func useToken(ctx context.Context, tx pgx.Tx, kind, raw string) (Token, error) {
	t, err := scanToken(tx.QueryRow(ctx, tokenQuery+` FOR UPDATE OF t`, hashToken(raw), kind))
	if err != nil {
		return t, err
	}
	_, err = tx.Exec(ctx, `UPDATE account_tokens SET used_at = now() WHERE id = $1`, t.ID)
	return t, database.Wrap(err, "account: use token")
}

// ResetPassword spends the reset token, sets the new password hash and ends every
// session of the user (the caller then starts a fresh one). It returns the user id.
func (s *Store) ResetPassword(ctx context.Context, raw, hash string) (int64, error) {
	var userID int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		t, err := useToken(ctx, tx, "reset", raw)
		if err != nil {
			return err
		}
		userID = t.UserID
		// A user disabled after the link was sent does not get back in by it.
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 AND NOT disabled`, t.UserID, hash)
		if err != nil {
			return fmt.Errorf("account: set password: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrInvalidToken
		}
		// Someone who could read the old password may be logged in somewhere: every
		// session ends, and outstanding reset links die with them.
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, t.UserID); err != nil {
			return fmt.Errorf("account: end sessions: %w", err)
		}
		_, err = tx.Exec(ctx, `UPDATE account_tokens SET revoked_at = now() WHERE kind = 'reset' AND user_id = $1 AND used_at IS NULL`, t.UserID)
		return database.Wrap(err, "account: revoke resets")
	})
	return userID, err
}

// NewUser is what a person enters when confirming a sign-up.
type NewUser struct {
	Name, Lang, PasswordHash string
}

// ConfirmSignup spends the sign-up token and creates the staff account. An address
// that got an account in the meantime is ErrInvalidToken.
func (s *Store) ConfirmSignup(ctx context.Context, raw string, u NewUser) (int64, error) {
	var userID int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		t, err := useToken(ctx, tx, "signup", raw)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO users (email, name, organisation_id, role, lang, password_hash)
			VALUES ($1, $2, $3, 'staff', $4, $5) RETURNING id`, t.Email, u.Name, t.OrganisationID, u.Lang, u.PasswordHash).Scan(&userID)
		if err = database.Wrap(err, "account: create user"); errors.Is(err, database.ErrConflict) {
			return ErrInvalidToken
		} else if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE account_tokens SET accepted_user_id = $2 WHERE id = $1`, t.ID, userID)
		return database.Wrap(err, "account: accept")
	})
	return userID, err
}
