package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/mail"
)

// InviteTTL is how long an invitation link works.
const InviteTTL = 14 * 24 * time.Hour

// Invitee is one person to invite.
type Invitee struct {
	Name  string
	Email string
}

// InviteResult says what happened to each address of a batch.
type InviteResult struct {
	Invited  []string
	Existing []string // already have an account
	Pending  []string // already invited, link still valid
}

// Invitation is a row of the invitation list.
type Invitation struct {
	ID           int64
	Email        string
	Name         string
	Organisation string
	OrgID        int64
	CreatedAt    time.Time
	ExpiresAt    time.Time
	State        string // pending, accepted, expired, revoked
}

// Invite creates an invitation and enqueues its mail for each invitee, in one
// transaction: addresses with an account or a pending invitation are reported,
// not invited again.
func (s *Store) Invite(ctx context.Context, orgID, by int64, lang string, people []Invitee) (InviteResult, error) {
	var res InviteResult
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		res = InviteResult{}
		var orgName string
		if err := tx.QueryRow(ctx, `SELECT name FROM organisations WHERE id = $1`, orgID).Scan(&orgName); err != nil {
			return database.Wrap(err, "account: invite organisation")
		}
		for _, p := range people {
			var state string
			err := tx.QueryRow(ctx, `SELECT CASE
				WHEN EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1)) THEN 'existing'
				WHEN EXISTS (SELECT 1 FROM account_tokens WHERE kind = 'invite' AND lower(email) = lower($1)
					AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()) THEN 'pending'
				ELSE '' END`, p.Email).Scan(&state)
			if err != nil {
				return fmt.Errorf("account: invite check: %w", err)
			}
			switch state {
			case "existing":
				res.Existing = append(res.Existing, p.Email)
				continue
			case "pending":
				res.Pending = append(res.Pending, p.Email)
				continue
			}
			if err := s.insertInvite(ctx, tx, orgID, orgName, by, lang, p); err != nil {
				return err
			}
			res.Invited = append(res.Invited, p.Email)
		}
		return nil
	})
	return res, err
}

func (s *Store) insertInvite(ctx context.Context, tx pgx.Tx, orgID int64, orgName string, by int64, lang string, p Invitee) error {
	raw, hash := newToken()
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO account_tokens (kind, token_hash, email, organisation_id, name, lang, created_by, expires_at)
		VALUES ('invite', $1, $2, $3, $4, $5, $6, now() + $7::interval) RETURNING id`,
		hash, p.Email, orgID, p.Name, lang, by, InviteTTL.String()).Scan(&id); err != nil {
		return fmt.Errorf("account: invite token: %w", err)
	}
	return s.mail.Enqueue(ctx, tx, mail.Args{Type: mail.KindInvite, To: p.Email, Ref: id, Lang: lang, Name: p.Name,
		Organisation: orgName, Path: "/invite/" + raw})
}

const invitationColumns = `t.id, t.email, t.name, coalesce(o.name, ''), coalesce(t.organisation_id, 0), t.created_at, t.expires_at,
	CASE WHEN t.accepted_user_id IS NOT NULL THEN 'accepted' WHEN t.revoked_at IS NOT NULL THEN 'revoked'
	     WHEN t.expires_at <= now() THEN 'expired' ELSE 'pending' END`

func scanInvitation(row pgx.CollectableRow) (Invitation, error) {
	var i Invitation
	return i, row.Scan(&i.ID, &i.Email, &i.Name, &i.Organisation, &i.OrgID, &i.CreatedAt, &i.ExpiresAt, &i.State)
}

// Invitations lists the newest invitations (of one organisation when orgID > 0).
func (s *Store) Invitations(ctx context.Context, orgID int64) ([]Invitation, error) {
	rows, err := s.db.Query(ctx, `SELECT `+invitationColumns+` FROM account_tokens t
		LEFT JOIN organisations o ON o.id = t.organisation_id
		WHERE t.kind = 'invite' AND ($1 = 0 OR t.organisation_id = $1) AND (t.used_at IS NULL OR t.accepted_user_id IS NOT NULL)
		ORDER BY t.id DESC LIMIT 500`, orgID)
	if err != nil {
		return nil, database.Wrap(err, "account: invitations")
	}
	list, err := pgx.CollectRows(rows, scanInvitation)
	return list, database.Wrap(err, "account: invitations")
}

// InvitationByID returns one invitation.
func (s *Store) InvitationByID(ctx context.Context, id int64) (Invitation, error) {
	rows, err := s.db.Query(ctx, `SELECT `+invitationColumns+` FROM account_tokens t
		LEFT JOIN organisations o ON o.id = t.organisation_id WHERE t.kind = 'invite' AND t.id = $1`, id)
	if err != nil {
		return Invitation{}, database.Wrap(err, "account: invitation")
	}
	i, err := pgx.CollectExactlyOneRow(rows, scanInvitation)
	return i, database.Wrap(err, "account: invitation")
}

// ErrNotPending means an invitation was accepted or revoked already.
var ErrNotPending = errors.New("account: invitation not pending")

// Revoke makes a not yet accepted invitation's link useless.
func (s *Store) Revoke(ctx context.Context, id int64) error {
	tag, err := s.db.Exec(ctx, `UPDATE account_tokens SET revoked_at = now()
		WHERE id = $1 AND kind = 'invite' AND used_at IS NULL AND revoked_at IS NULL`, id)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotPending
	}
	return database.Wrap(err, "account: revoke")
}

// Resend replaces a not yet accepted invitation by a new one with a fresh link and
// 14 days (the old link stops working), and mails it.
func (s *Store) Resend(ctx context.Context, id, by int64, lang string) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var p Invitee
		var orgID int64
		var orgName string
		err := tx.QueryRow(ctx, `UPDATE account_tokens t SET revoked_at = now() FROM organisations o
			WHERE t.id = $1 AND t.kind = 'invite' AND t.used_at IS NULL AND o.id = t.organisation_id
			RETURNING t.email, t.name, t.organisation_id, o.name`, id).Scan(&p.Email, &p.Name, &orgID, &orgName)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotPending
		}
		if err != nil {
			return fmt.Errorf("account: resend: %w", err)
		}
		return s.insertInvite(ctx, tx, orgID, orgName, by, lang, p)
	})
}

// AcceptInvite spends the invitation token and creates the staff account.
func (s *Store) AcceptInvite(ctx context.Context, raw string, u NewUser) (int64, error) {
	var userID int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		t, err := useToken(ctx, tx, "invite", raw)
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

// LibraryContact reports whether the user may invite people of their own
// organisation.
func (s *Store) LibraryContact(ctx context.Context, userID int64) (bool, error) {
	var ok bool
	err := s.db.QueryRow(ctx, `SELECT library_contact FROM users WHERE id = $1`, userID).Scan(&ok)
	return ok, database.Wrap(err, "account: library contact")
}

// ParseInvitees reads pasted addresses: one per line, either an address alone or
// "name;email" / "name,email" (a CSV export). Lines that are not addresses and
// repeated addresses are returned separately.
func ParseInvitees(text string) (people []Invitee, bad, dupes []string) {
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" {
			continue
		}
		var p Invitee
		if i := strings.LastIndexAny(line, ";,\t"); i >= 0 {
			p.Name = strings.Trim(strings.TrimSpace(line[:i]), `"`)
			p.Email = strings.Trim(strings.TrimSpace(line[i+1:]), `"`)
		} else {
			p.Email = line
		}
		if !validEmail(p.Email) {
			if !strings.EqualFold(p.Email, "email") && !strings.EqualFold(p.Email, "e-mail") { // a CSV header
				bad = append(bad, line)
			}
			continue
		}
		key := strings.ToLower(p.Email)
		if seen[key] {
			dupes = append(dupes, p.Email)
			continue
		}
		seen[key] = true
		people = append(people, p)
	}
	return people, bad, dupes
}
