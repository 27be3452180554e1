package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/mail"
)

// EmailTTL is how long an email-change link works.
const EmailTTL = 24 * time.Hour

// Session is one of a user's active sessions.
type Session struct {
	Current  bool
	LastSeen time.Time
	Expires  time.Time
}

// UpdateProfile saves the user's name and language.
func (s *Store) UpdateProfile(ctx context.Context, userID int64, name, lang string) error {
	_, err := s.db.Exec(ctx, `UPDATE users SET name = $2, lang = $3, updated_at = now() WHERE id = $1`, userID, name, lang)
	return database.Wrap(err, "account: profile")
}

// PasswordHash returns the user's current password hash.
func (s *Store) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var h string
	err := s.db.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&h)
	return h, database.Wrap(err, "account: password hash")
}

// ChangePassword sets a new hash and ends the user's sessions other than keep.
func (s *Store) ChangePassword(ctx context.Context, userID int64, hash, keep string) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, userID, hash); err != nil {
			return fmt.Errorf("account: change password: %w", err)
		}
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token <> $2`, userID, keep)
		return database.Wrap(err, "account: end sessions")
	})
}

// RequestEmailChange mails a confirmation link to the new address and a notice to
// the old one, in one transaction. An address that belongs to another account is
// database.ErrConflict.
func (s *Store) RequestEmailChange(ctx context.Context, userID int64, newEmail string) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var name, lang, old string
		if err := tx.QueryRow(ctx, `SELECT name, lang, email FROM users WHERE id = $1`, userID).Scan(&name, &lang, &old); err != nil {
			return database.Wrap(err, "account: email change user")
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2)`, newEmail, userID).Scan(&taken); err != nil {
			return fmt.Errorf("account: email taken: %w", err)
		}
		if taken {
			return database.ErrConflict
		}
		// Only the newest request counts.
		if _, err := tx.Exec(ctx, `UPDATE account_tokens SET revoked_at = now() WHERE kind = 'email' AND user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, userID); err != nil {
			return fmt.Errorf("account: email revoke: %w", err)
		}
		raw, hash := newToken()
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO account_tokens (kind, token_hash, email, user_id, lang, expires_at)
			VALUES ('email', $1, $2, $3, $4, now() + $5::interval) RETURNING id`, hash, newEmail, userID, lang, EmailTTL.String()).Scan(&id); err != nil {
			return fmt.Errorf("account: email token: %w", err)
		}
		if err := s.mail.Enqueue(ctx, tx, mail.Args{Type: mail.KindEmailConfirm, To: newEmail, Ref: id, Lang: lang, Name: name, Path: "/email/confirm/" + raw}); err != nil {
			return err
		}
		return s.mail.Enqueue(ctx, tx, mail.Args{Type: mail.KindEmailNotice, To: old, Ref: id, Lang: lang, Name: name, Path: "/me/profile"})
	})
}

// ConfirmEmailChange spends the token and sets the user's new address.
func (s *Store) ConfirmEmailChange(ctx context.Context, raw string) (int64, error) {
	var userID int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		t, err := useToken(ctx, tx, "email", raw)
		if err != nil {
			return err
		}
		userID = t.UserID
		_, err = tx.Exec(ctx, `UPDATE users SET email = $2, updated_at = now() WHERE id = $1`, t.UserID, t.Email)
		if err = database.Wrap(err, "account: set email"); errors.Is(err, database.ErrConflict) {
			return ErrInvalidToken
		}
		return err
	})
	return userID, err
}

// Sessions returns the user's unexpired sessions, the current one (token) marked.
func (s *Store) Sessions(ctx context.Context, userID int64, current string) ([]Session, error) {
	rows, err := s.db.Query(ctx, `SELECT token, data, expiry FROM sessions WHERE user_id = $1 AND expiry > now() ORDER BY expiry DESC LIMIT 100`, userID)
	if err != nil {
		return nil, database.Wrap(err, "account: sessions")
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Session, error) {
		var token string
		var data []byte
		var ses Session
		if err := row.Scan(&token, &data, &ses.Expires); err != nil {
			return ses, err
		}
		ses.Current = token == current
		if _, values, err := (scs.GobCodec{}).Decode(data); err == nil {
			if ts, ok := values["last_seen"].(int64); ok { // auth's idle-timeout key
				ses.LastSeen = time.Unix(ts, 0)
			}
		}
		return ses, nil
	})
	return list, database.Wrap(err, "account: sessions")
}

// EndOtherSessions logs the user out everywhere but the session keep.
func (s *Store) EndOtherSessions(ctx context.Context, userID int64, keep string) (int64, error) {
	tag, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token <> $2`, userID, keep)
	return tag.RowsAffected(), database.Wrap(err, "account: end sessions")
}
