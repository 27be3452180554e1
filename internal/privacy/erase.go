package privacy

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
)

// Mail is a notice the privacy work sends (through the mail queue, wired in app).
type Mail struct {
	Type  string // contact_erased, inactive_warning
	To    string
	Lang  string
	Name  string
	Path  string // the link, relative to BASE_URL
	About string // the group (contact_erased) the mail is about
	Ref   int64  // the record it is about, so a repeated run mails once
}

// Mailer enqueues m in tx, so the mail is sent exactly when tx commits.
type Mailer func(ctx context.Context, tx pgx.Tx, m Mail) error

// Erased reports what an erasure did.
type Erased struct {
	Attempts      int64 // self-assessments deleted, with every answer
	Anonymised    int64 // confirmed registrations kept without the person
	Waitlist      int64 // places on waitlists given up
	Follows       int64
	Tracks        int64 // track places, kept as an anonymous count
	Attendance    int64 // meetings attended, kept as an anonymous count
	Sessions      int64
	ContactGroups int64 // groups whose coordinators were told of a contact naming the person
}

// Erase removes the person from Spor in one transaction (GDPR Article 17). What
// stays is what others need and that no longer names them:
//   - confirmed registrations keep their row with no person (user_id NULL), so an
//     event's numbers, its organisation quota and the waitlist order of others stay
//     as they were; a place on a waitlist is given up (the rest keep their order);
//   - track places and attendance become anonymous counts per track and meeting;
//   - self-assessments, drafts, follows (follower totals follow by trigger),
//     sessions, sign-in links and mails waiting in the queue are deleted;
//   - group contacts that carry the person's address are the group's published
//     information, so they are left to the group's coordinators, who are mailed;
//   - the audit log keeps the account's number (no name or address) as the actor of
//     the changes it made: the accountability for admin work outlives the account.
//
// ctx should carry the actor (database.WithActor), so the erasure is in the log.
func Erase(ctx context.Context, db *pgxpool.Pool, userID int64, mailer Mailer) (Erased, error) {
	var out Erased
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		var email string
		if err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = $1 FOR UPDATE`, userID).Scan(&email); err != nil {
			return database.Wrap(err, "privacy: erase")
		}
		exec := func(n *int64, sql string, args ...any) error {
			tag, err := tx.Exec(ctx, sql, args...)
			if err != nil {
				return fmt.Errorf("privacy: erase %d: %s: %w", userID, strings.Fields(sql)[0], err)
			}
			if n != nil {
				*n += tag.RowsAffected()
			}
			return nil
		}
		steps := []struct {
			n    *int64
			sql  string
			args []any
		}{
			{&out.Attempts, `DELETE FROM assessment_attempts WHERE user_id = $1`, []any{userID}},
			{nil, `DELETE FROM assessment_drafts WHERE user_id = $1`, []any{userID}},
			{&out.Waitlist, `DELETE FROM event_registrations WHERE user_id = $1 AND status = 'waitlisted'`, []any{userID}},
			{&out.Anonymised, `UPDATE event_registrations SET user_id = NULL WHERE user_id = $1`, []any{userID}},
			{nil, `INSERT INTO anonymous_counts (kind, record_id, n)
				SELECT 'track_participants', track_id, count(*) FROM track_participants WHERE user_id = $1 GROUP BY track_id
				ON CONFLICT (kind, record_id) DO UPDATE SET n = anonymous_counts.n + EXCLUDED.n`, []any{userID}},
			{&out.Tracks, `DELETE FROM track_participants WHERE user_id = $1`, []any{userID}},
			{nil, `INSERT INTO anonymous_counts (kind, record_id, n)
				SELECT 'track_attendance', meeting_id, count(*) FROM track_attendance WHERE user_id = $1 GROUP BY meeting_id
				ON CONFLICT (kind, record_id) DO UPDATE SET n = anonymous_counts.n + EXCLUDED.n`, []any{userID}},
			{&out.Attendance, `DELETE FROM track_attendance WHERE user_id = $1`, []any{userID}},
			{&out.Follows, `DELETE FROM group_followers WHERE user_id = $1`, []any{userID}},
			{nil, `DELETE FROM group_coordinators WHERE user_id = $1`, []any{userID}},
			{nil, `DELETE FROM track_coordinators WHERE user_id = $1`, []any{userID}},
			{&out.Sessions, `DELETE FROM sessions WHERE user_id = $1`, []any{userID}},
			{nil, `DELETE FROM account_tokens WHERE user_id = $1 OR lower(email) = lower($2)`, []any{userID, email}},
			{nil, `DELETE FROM mailbox WHERE lower(recipient) = lower($1)`, []any{email}},
			{nil, `DELETE FROM river_job WHERE kind = 'mail' AND lower(args->>'to') = lower($1)`, []any{email}},
		}
		for _, s := range steps {
			if err := exec(s.n, s.sql, s.args...); err != nil {
				return err
			}
		}
		if err := tellCoordinators(ctx, tx, email, mailer, &out); err != nil {
			return err
		}
		// Records that only point at the person (who created an alert, who recorded
		// attendance, who invited) keep the record and forget the person: their
		// foreign keys are ON DELETE SET NULL, and the rest cascade with the row.
		if err := exec(nil, `DELETE FROM users WHERE id = $1`, userID); err != nil {
			return err
		}
		return nil
	})
	return out, err
}

// tellCoordinators mails the coordinators (or, for a group without any, the admins)
// of every group whose contacts carry the erased person's address: the contact is
// the group's published information, so they decide whether it goes.
func tellCoordinators(ctx context.Context, tx pgx.Tx, email string, mailer Mailer, out *Erased) error {
	rows, err := tx.Query(ctx, `SELECT g.id, g.title, u.email, u.name, u.lang
		FROM groups g
		JOIN LATERAL (SELECT u.* FROM users u JOIN group_coordinators c ON c.user_id = u.id
				WHERE c.group_id = g.id AND NOT u.disabled AND lower(u.email) <> lower($1)
			UNION ALL
			SELECT u.* FROM users u WHERE u.role = 'admin' AND NOT u.disabled AND lower(u.email) <> lower($1)
				AND NOT EXISTS (SELECT 1 FROM group_coordinators c JOIN users cu ON cu.id = c.user_id
					WHERE c.group_id = g.id AND NOT cu.disabled AND lower(cu.email) <> lower($1))) u ON true
		WHERE EXISTS (SELECT 1 FROM contacts c WHERE c.group_id = g.id AND lower(c.email) = lower($1))
		ORDER BY g.id`, email)
	if err != nil {
		return fmt.Errorf("privacy: erase: contacts: %w", err)
	}
	var mails []Mail
	groups := map[int64]bool{}
	for rows.Next() {
		var id int64
		var m Mail
		if err := rows.Scan(&id, &m.About, &m.To, &m.Name, &m.Lang); err != nil {
			rows.Close()
			return fmt.Errorf("privacy: erase: contacts: %w", err)
		}
		m.Type, m.Path, m.Ref = "contact_erased", fmt.Sprintf("/manage/groups/%d", id), id
		groups[id] = true
		mails = append(mails, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("privacy: erase: contacts: %w", err)
	}
	out.ContactGroups = int64(len(groups))
	if mailer == nil {
		return nil
	}
	for _, m := range mails {
		if err := mailer(ctx, tx, m); err != nil {
			return fmt.Errorf("privacy: erase: tell coordinators: %w", err)
		}
	}
	return nil
}
