package events

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/mail"
	"spor/internal/model"
)

// Refusal is why a registration (or its cancellation) was not accepted; Message is
// the i18n id that tells the visitor.
type Refusal struct{ Message string }

func (r *Refusal) Error() string { return "events: refused: " + r.Message }

// The reasons a registration is refused.
var (
	ErrNotOpen     = &Refusal{"events.refused.not_open"}     // draft or cancelled
	ErrWindow      = &Refusal{"events.refused.window"}       // outside the registration window
	ErrTwice       = &Refusal{"events.refused.twice"}        // already registered or waitlisted
	ErrOrgFull     = &Refusal{"events.refused.org_full"}     // the organisation's places are used
	ErrNotRegister = &Refusal{"events.refused.not_register"} // cancelling what does not exist
	ErrStarted     = &Refusal{"events.refused.started"}      // cancelling after the start
)

// Outcome is where a registration landed.
type Outcome struct {
	Status   string // confirmed or waitlisted
	Position int    // on the waitlist, 1-based
}

// Register gives userID a place at the event, or a place on its waitlist.
//
// The database decides under contention: the event row is locked (FOR UPDATE) for
// the whole transaction, so concurrent registrations for one event queue on that
// lock, each counts the confirmed places after the previous one committed, and the
// registration ids (the waitlist order) increase in the order the lock was granted.
func (s *Store) Register(ctx context.Context, eventID, userID int64, now time.Time) (Outcome, error) {
	var out Outcome
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := registrationBudget(ctx, tx); err != nil {
			return err
		}
		var status string
		var capacity, orgCap int
		var opens *time.Time
		var closes time.Time
		var orgID int64
		err := tx.QueryRow(ctx, `SELECT e.status, coalesce(e.capacity, 0), coalesce(e.org_cap, 0), e.registration_opens,
				coalesce(e.registration_closes, e.starts_at), u.organisation_id
			FROM events e, users u WHERE e.id = $1 AND u.id = $2 FOR UPDATE OF e`, eventID, userID).
			Scan(&status, &capacity, &orgCap, &opens, &closes, &orgID)
		if err != nil {
			return err
		}
		if status != "published" {
			return ErrNotOpen
		}
		if (opens != nil && now.Before(*opens)) || !now.Before(closes) {
			return ErrWindow
		}
		var confirmed, fromOrg int
		var mine bool
		err = tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE organisation_id = $2),
				coalesce(bool_or(user_id = $3), false)
			FROM event_registrations WHERE event_id = $1`, eventID, orgID, userID).Scan(&confirmed, &fromOrg, &mine)
		if err != nil {
			return err
		}
		if mine {
			return ErrTwice
		}
		// The cap counts waiting places too, so a promotion can never break it.
		if orgCap > 0 && fromOrg >= orgCap {
			return ErrOrgFull
		}
		out.Status = model.RegConfirmed
		if capacity > 0 && confirmed >= capacity {
			out.Status = model.RegWaitlisted
		}
		var regID int64
		err = tx.QueryRow(ctx, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status, confirmed_at)
			VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'confirmed' THEN now() END) RETURNING id`,
			eventID, userID, orgID, out.Status).Scan(&regID)
		if err != nil {
			return err
		}
		if out.Status == model.RegWaitlisted {
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM event_registrations
				WHERE event_id = $1 AND status = 'waitlisted' AND id <= $2`, eventID, regID).Scan(&out.Position); err != nil {
				return err
			}
		}
		return s.notifyPlace(ctx, tx, eventID, regID, out.Status)
	})
	var refusal *Refusal
	if errors.As(err, &refusal) {
		return out, err
	}
	return out, database.Wrap(err, fmt.Sprintf("events: register %d for %d", userID, eventID))
}

// registrationBudget bounds the wait for the event's row lock. Waiters queue first for
// the row's tuple lock, then for the holder's transaction, and lock_timeout restarts
// for each wait: the statement_timeout of the same length bounds the whole wait, so a
// stuck lock is answered "try again" within a few seconds.
func registrationBudget(ctx context.Context, tx pgx.Tx) error {
	return database.SetLocalTimeouts(ctx, tx, database.RegistrationLockTimeout, database.RegistrationLockTimeout)
}

// Cancel gives up userID's place (or waiting place). A freed place goes to the first
// on the waitlist in the same transaction, under the same row lock as Register.
func (s *Store) Cancel(ctx context.Context, eventID, userID int64, now time.Time) error {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := registrationBudget(ctx, tx); err != nil {
			return err
		}
		snap, err := readSnapshot(ctx, tx, eventID, true)
		if err != nil {
			return err
		}
		if !now.Before(snap.starts) {
			return ErrStarted
		}
		// Read before the delete: the person is told even though the row is gone.
		people, err := registrants(ctx, tx, eventID, `r.user_id = $2`, userID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM event_registrations WHERE event_id = $1 AND user_id = $2`, eventID, userID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotRegister
		}
		// The .ics takes the event out of the person's calendar: CANCELLED, one
		// SEQUENCE above the feed's, for this person only.
		err = s.notify(ctx, tx, mail.KindEventUnregistered, eventID, snap, people, false, func(o *mail.Occurrence) {
			o.Cancelled, o.Sequence, o.OnlineURL, o.Position = true, o.Sequence+1, "", 0
		})
		if err != nil {
			return err
		}
		promoted, err := fill(ctx, tx, eventID)
		if err != nil {
			return err
		}
		return s.notifyUpdate(ctx, tx, eventID, snap, promoted)
	})
	var refusal *Refusal
	if errors.As(err, &refusal) {
		return err
	}
	return database.Wrap(err, fmt.Sprintf("events: cancel %d for %d", userID, eventID))
}

// fill promotes the first on the waitlist into every free place of a published
// event and returns the promoted registrations. The caller holds the event's row lock.
func fill(ctx context.Context, tx pgx.Tx, eventID int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `UPDATE event_registrations SET status = 'confirmed', confirmed_at = now()
		WHERE id IN (
			SELECT w.id FROM event_registrations w
			WHERE w.event_id = $1 AND w.status = 'waitlisted'
				AND EXISTS (SELECT 1 FROM events e WHERE e.id = $1 AND e.status = 'published')
			ORDER BY w.id
			LIMIT (SELECT CASE WHEN e.capacity IS NULL THEN NULL
				ELSE greatest(e.capacity - (SELECT count(*) FROM event_registrations c
					WHERE c.event_id = $1 AND c.status = 'confirmed'), 0) END
				FROM events e WHERE e.id = $1))
		RETURNING id`, eventID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// notifyPlace tells one person where their registration landed (or that a
// coordinator promoted them: kind given by status).
func (s *Store) notifyPlace(ctx context.Context, tx pgx.Tx, eventID, regID int64, status string) error {
	if s.mail == nil {
		return nil
	}
	snap, err := readSnapshot(ctx, tx, eventID, false)
	if err != nil {
		return err
	}
	people, err := registrants(ctx, tx, eventID, `r.id = $2`, regID)
	if err != nil {
		return err
	}
	kind := mail.KindEventConfirmed
	switch status {
	case model.RegWaitlisted:
		kind = mail.KindEventWaitlisted
	case promotedBy:
		kind = mail.KindEventPromotedBy
	}
	return s.notify(ctx, tx, kind, eventID, snap, people, false, nil)
}

// promotedBy is notifyPlace's status for a coordinator's promotion.
const promotedBy = "promoted_by"

// Promote moves one person off the waitlist by a coordinator's decision, even when
// that takes the event over its capacity.
func (s *Store) Promote(ctx context.Context, eventID, regID int64) error {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, eventID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE event_registrations SET status = 'confirmed', confirmed_at = now()
			WHERE id = $1 AND event_id = $2 AND status = 'waitlisted'`, regID, eventID)
		if err == nil && tag.RowsAffected() == 0 {
			err = pgx.ErrNoRows
		}
		if err != nil {
			return err
		}
		return s.notifyPlace(ctx, tx, eventID, regID, promotedBy)
	})
	return database.Wrap(err, fmt.Sprintf("events: promote %d", regID))
}

// SetAttendance records who of the confirmed came: ids in attended did, the rest did not.
func (s *Store) SetAttendance(ctx context.Context, eventID int64, attended []int64) error {
	if attended == nil {
		attended = []int64{} // NULL would make "id = ANY(NULL)" NULL: "not recorded" instead of "did not come"
	}
	_, err := s.db.Exec(ctx, `UPDATE event_registrations SET attended = (id = ANY($2))
		WHERE event_id = $1 AND status = 'confirmed' AND user_id IS NOT NULL`, eventID, attended) // an erased person's row keeps what was recorded
	return database.Wrap(err, fmt.Sprintf("events: attendance %d", eventID))
}

// Participants lists an event's registrations: confirmed first, then the waitlist in
// its order.
func (s *Store) Participants(ctx context.Context, eventID int64) ([]model.Registration, error) {
	return participants(ctx, s.db, eventID)
}

// ParticipantsExport is Participants under the export budget, for the CSV download.
func (s *Store) ParticipantsExport(ctx context.Context, eventID int64) ([]model.Registration, error) {
	var list []model.Registration
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		err := database.SetLocalTimeouts(ctx, tx, database.ExportStatementTimeout, database.PageLockTimeout)
		if err == nil {
			list, err = participants(ctx, tx, eventID)
		}
		return err
	})
	return list, database.Wrap(err, "events: participants export")
}

func participants(ctx context.Context, db interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, eventID int64) ([]model.Registration, error) {
	rows, err := db.Query(ctx, `SELECT r.id, r.user_id, u.name, u.email, o.name, r.status,
			CASE WHEN r.status = 'waitlisted' THEN row_number() OVER (PARTITION BY r.status ORDER BY r.id) ELSE 0 END,
			r.attended, r.registered_at
		FROM event_registrations r JOIN users u ON u.id = r.user_id JOIN organisations o ON o.id = r.organisation_id
		WHERE r.event_id = $1
		ORDER BY r.status = 'waitlisted', r.id`, eventID)
	if err != nil {
		return nil, database.Wrap(err, "events: participants")
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Registration, error) {
		var p model.Registration
		var pos int64
		err := row.Scan(&p.ID, &p.UserID, &p.Name, &p.Email, &p.Organisation, &p.Status, &pos, &p.Attended, &p.RegisteredAt)
		p.Position = int(pos)
		return p, err
	})
	return list, database.Wrap(err, "events: participants")
}
