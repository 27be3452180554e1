// Package events serves a group's events: the public list and pages, registration
// with a fair waitlist, the coordinators' pages, and the event and group calendars.
package events

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/markdown"
	"spor/internal/model"
)

// Store reads and writes events and registrations.
type Store struct {
	db   *pgxpool.Pool
	mail Enqueuer // nil: no mails (see WithMail)
	tell Teller   // nil: no at-once mails (see WithAtOnce)
}

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// eventCols and eventFrom select a whole event with its group, programme and counts.
const eventCols = `e.id, e.group_id, g.slug, g.title, g.visibility, coalesce(p.slug, ''), coalesce(p.title, ''),
	e.title, e.description_md, e.description_html, e.starts_at, e.ends_at, e.zone, e.all_day, e.place, e.online_url,
	e.lang, e.audience, e.status, coalesce(e.capacity, 0), e.registration_opens, e.registration_closes,
	coalesce(e.org_cap, 0), e.sequence, e.updated_at,
	(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'),
	(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted'),
	e.previous_starts_at, e.remind_days`

const eventFrom = ` FROM events e JOIN groups g ON g.id = e.group_id LEFT JOIN programmes p ON p.id = g.programme_id`

func scanEvent(row pgx.Row, e *model.Event) error {
	err := row.Scan(&e.ID, &e.GroupID, &e.GroupSlug, &e.GroupTitle, &e.GroupVisibility, &e.ProgrammeSlug, &e.ProgrammeTitle,
		&e.Title, &e.DescriptionMD, &e.DescriptionHTML, &e.StartsAt, &e.EndsAt, &e.Zone, &e.AllDay, &e.Place, &e.OnlineURL,
		&e.Lang, &e.Audience, &e.Status, &e.Capacity, &e.RegistrationOpens, &e.RegistrationCloses,
		&e.OrgCap, &e.Sequence, &e.UpdatedAt, &e.Confirmed, &e.Waitlisted, &e.PreviousStartsAt, &e.RemindDays)
	if err == nil {
		loc := e.Location()
		e.StartsAt, e.EndsAt = e.StartsAt.In(loc), e.EndsAt.In(loc)
	}
	return err
}

func collectEvents(rows pgx.Rows) ([]model.Event, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Event, error) {
		var e model.Event
		return e, scanEvent(row, &e)
	})
}

// Event returns one event, whatever its status.
func (s *Store) Event(ctx context.Context, id int64) (model.Event, error) {
	var e model.Event
	err := scanEvent(s.db.QueryRow(ctx, `SELECT `+eventCols+eventFrom+` WHERE e.id = $1`, id), &e)
	return e, database.Wrap(err, fmt.Sprintf("events: event %d", id))
}

// Viewer is what the event page knows about its visitor.
type Viewer struct {
	Status   string // "", confirmed, waitlisted
	Position int
	CanEdit  bool // a coordinator of the event's group (admins are decided in Go)
}

// EventPage loads an event, its counts and the viewer's own state in one round trip,
// however many registrations the event has.
func (s *Store) EventPage(ctx context.Context, id int64, u *model.User) (model.Event, Viewer, error) {
	var e model.Event
	var v Viewer
	var b pgx.Batch
	b.Queue(`SELECT `+eventCols+eventFrom+` WHERE e.id = $1`, id).QueryRow(func(row pgx.Row) error { return scanEvent(row, &e) })
	if u != nil {
		b.Queue(`SELECT r.status, CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*) FROM event_registrations w
				WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.id <= r.id) ELSE 0 END
			FROM event_registrations r WHERE r.event_id = $1 AND r.user_id = $2`, id, u.ID).QueryRow(func(row pgx.Row) error {
			err := row.Scan(&v.Status, &v.Position)
			if err == pgx.ErrNoRows {
				return nil
			}
			return err
		})
		b.Queue(`SELECT EXISTS (SELECT 1 FROM group_coordinators gc JOIN events e ON e.group_id = gc.group_id
			WHERE e.id = $1 AND gc.user_id = $2) AND $3`, id, u.ID, u.CanManage()).QueryRow(func(row pgx.Row) error { return row.Scan(&v.CanEdit) })
	}
	err := s.db.SendBatch(ctx, &b).Close()
	if u.IsAdmin() {
		v.CanEdit = true
	}
	return e, v, database.Wrap(err, fmt.Sprintf("events: page %d", id))
}

// render fills the description's HTML from its Markdown.
func render(e *model.Event) error {
	html, err := markdown.RenderField("description", e.DescriptionMD)
	if err != nil {
		return fmt.Errorf("events: render description: %w", err)
	}
	e.DescriptionHTML = html
	return nil
}

func nullInt(n int) *int {
	if n <= 0 {
		return nil
	}
	return &n
}

// CreateEvent saves a new event and returns its id.
func (s *Store) CreateEvent(ctx context.Context, e model.Event, by int64) (int64, error) {
	if err := render(&e); err != nil {
		return 0, err
	}
	var id int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO events (group_id, title, description_md, description_html, starts_at, ends_at,
				zone, all_day, place, online_url, lang, audience, status, capacity, registration_opens, registration_closes,
				org_cap, created_by, remind_days)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
			e.GroupID, e.Title, e.DescriptionMD, e.DescriptionHTML, e.StartsAt, e.EndsAt, e.Zone, e.AllDay, e.Place,
			e.OnlineURL, e.Lang, e.Audience, e.Status, nullInt(e.Capacity), e.RegistrationOpens, e.RegistrationCloses,
			nullInt(e.OrgCap), by, e.RemindDays).Scan(&id)
		if err != nil || e.Status != "published" {
			return err
		}
		e.ID = id
		return s.tellPublished(ctx, tx, e, by)
	})
	return id, database.Wrap(err, "events: create")
}

// UpdateEvent saves an edited event, raises its SEQUENCE, and — in the same
// transaction, under the row lock — fills places a larger capacity has freed.
func (s *Store) UpdateEvent(ctx context.Context, e model.Event) error {
	if err := render(&e); err != nil {
		return err
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		old, err := readSnapshot(ctx, tx, e.ID, true)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE events SET title = $2, description_md = $3, description_html = $4, starts_at = $5,
				ends_at = $6, zone = $7, all_day = $8, place = $9, online_url = $10, lang = $11, audience = $12, status = $13,
				capacity = $14, registration_opens = $15, registration_closes = $16, org_cap = $17, remind_days = $18,
				sequence = sequence + 1, updated_at = now(),
				previous_starts_at = CASE WHEN starts_at <> $5 THEN starts_at ELSE previous_starts_at END
			WHERE id = $1`,
			e.ID, e.Title, e.DescriptionMD, e.DescriptionHTML, e.StartsAt, e.EndsAt, e.Zone, e.AllDay, e.Place,
			e.OnlineURL, e.Lang, e.Audience, e.Status, nullInt(e.Capacity), e.RegistrationOpens, e.RegistrationCloses,
			nullInt(e.OrgCap), e.RemindDays)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		promoted, err := fill(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if old.status == "draft" && e.Status == "published" {
			if err := s.tellPublished(ctx, tx, e, 0); err != nil {
				return err
			}
		}
		return s.notifyUpdate(ctx, tx, e.ID, old, promoted)
	})
	return database.Wrap(err, fmt.Sprintf("events: update %d", e.ID))
}

// CancelEvent marks an event cancelled; it stays visible and in every feed, marked.
// Everyone registered or waiting is told in the same transaction.
func (s *Store) CancelEvent(ctx context.Context, id int64) error {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		old, err := readSnapshot(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if old.status == "cancelled" {
			return pgx.ErrNoRows
		}
		if _, err := tx.Exec(ctx, `UPDATE events SET status = 'cancelled', sequence = sequence + 1, updated_at = now()
			WHERE id = $1`, id); err != nil {
			return err
		}
		return s.notifyUpdate(ctx, tx, id, old, nil)
	})
	return database.Wrap(err, fmt.Sprintf("events: cancel %d", id))
}

// DuplicateEvent copies an event (without registrations) as a new draft.
func (s *Store) DuplicateEvent(ctx context.Context, id, by int64) (int64, error) {
	var newID int64
	err := s.db.QueryRow(ctx, `INSERT INTO events (group_id, title, description_md, description_html, starts_at, ends_at,
			zone, all_day, place, online_url, lang, audience, status, capacity, registration_opens, registration_closes,
			org_cap, created_by, remind_days)
		SELECT group_id, title, description_md, description_html, starts_at, ends_at, zone, all_day, place, online_url,
			lang, audience, 'draft', capacity, registration_opens, registration_closes, org_cap, $2, remind_days
		FROM events WHERE id = $1 RETURNING id`, id, by).Scan(&newID)
	return newID, database.Wrap(err, fmt.Sprintf("events: duplicate %d", id))
}

// Group returns one group by id.
func (s *Store) Group(ctx context.Context, id int64) (model.EventGroup, error) {
	var g model.EventGroup
	err := s.db.QueryRow(ctx, `SELECT id, slug, title FROM groups WHERE id = $1`, id).Scan(&g.ID, &g.Slug, &g.Title)
	return g, database.Wrap(err, "events: group")
}
