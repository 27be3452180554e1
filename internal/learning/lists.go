package learning

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

const itemColumns = `l.updated_at, r.slug, r.title, r.kind, r.lang, r.duration_minutes, i.note, r.link_status`

// itemVisible keeps archived material out, and staff-only material from anonymous
// visitors ($staff names the parameter).
func itemVisible(staff string) string {
	return ` AND NOT r.archived AND (r.visibility = 'public' OR ` + staff + `)`
}

func scanItem(rows pgx.Rows, into *model.CuratedList, extra ...any) error {
	var it model.CuratedItem
	var at time.Time
	dest := append([]any{&at, &it.Slug, &it.Title, &it.Kind, &it.Lang, &it.DurationMinutes, &it.Note, &it.LinkStatus}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	into.UpdatedAt = at
	into.Items = append(into.Items, it)
	return nil
}

// QueueGroupMaterial queues a group's curated list on b, for the group page's one
// batch; group is the SQL expression for the group's id with arg as its $1.
func QueueGroupMaterial(b *pgx.Batch, group string, arg any, staff bool, into *model.CuratedList) {
	b.Queue(`SELECT `+itemColumns+` FROM learning_lists l JOIN learning_list_items i ON i.list_id = l.id
		JOIN learning_resources r ON r.id = i.resource_id
		WHERE l.group_id = `+group+itemVisible("$2")+` ORDER BY i.position`, arg, staff).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			if err := scanItem(rows, into); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// QueueTrackMaterial queues the curated lists of the track slug and of its meetings
// (the meetings' preparation) on b.
func QueueTrackMaterial(b *pgx.Batch, slug string, staff bool, track *model.CuratedList, meetings map[int64]*model.CuratedList) {
	b.Queue(`SELECT `+itemColumns+`, coalesce(l.meeting_id, 0) FROM learning_lists l JOIN learning_list_items i ON i.list_id = l.id
		JOIN learning_resources r ON r.id = i.resource_id
		LEFT JOIN track_meetings m ON m.id = l.meeting_id
		WHERE (l.track_id = (SELECT id FROM tracks WHERE slug = $1) OR m.track_id = (SELECT id FROM tracks WHERE slug = $1))`+
		itemVisible("$2")+` ORDER BY l.meeting_id NULLS FIRST, i.position`, slug, staff).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var meeting int64
			var tmp model.CuratedList
			if err := scanItem(rows, &tmp, &meeting); err != nil {
				return err
			}
			into := track
			if meeting != 0 {
				if meetings[meeting] == nil {
					meetings[meeting] = &model.CuratedList{}
				}
				into = meetings[meeting]
			}
			into.UpdatedAt = tmp.UpdatedAt
			into.Items = append(into.Items, tmp.Items...)
		}
		return rows.Err()
	})
}

// ListOwner names what a curated list hangs on: its column and id.
type ListOwner struct {
	Column string // group_id, track_id or meeting_id
	ID     int64
}

// ListItem is a line of the list form: a resource's slug and a note.
type ListItem struct {
	Slug string
	Note string
}

// List returns the list's items (all of them, for the form) and its date.
func (s *Store) List(ctx context.Context, o ListOwner) ([]ListItem, time.Time, error) {
	rows, err := s.db.Query(ctx, `SELECT r.slug, i.note, l.updated_at FROM learning_lists l JOIN learning_list_items i ON i.list_id = l.id
		JOIN learning_resources r ON r.id = i.resource_id WHERE l.`+o.Column+` = $1 ORDER BY i.position`, o.ID)
	if err != nil {
		return nil, time.Time{}, database.Wrap(err, "learning: list")
	}
	var items []ListItem
	var at time.Time
	var it ListItem
	_, err = pgx.ForEachRow(rows, []any{&it.Slug, &it.Note, &at}, func() error { items = append(items, it); return nil })
	return items, at, database.Wrap(err, "learning: list")
}

// SaveList replaces the list's items in one transaction and dates the list now.
// Unknown slugs come back as model.Errors naming the line.
func (s *Store) SaveList(ctx context.Context, o ListOwner, items []ListItem) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var list int64
		err := tx.QueryRow(ctx, `INSERT INTO learning_lists (`+o.Column+`) VALUES ($1)
			ON CONFLICT (`+o.Column+`) DO UPDATE SET updated_at = now() RETURNING id`, o.ID).Scan(&list)
		if err != nil {
			return fmt.Errorf("learning: save list: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM learning_list_items WHERE list_id = $1`, list); err != nil {
			return fmt.Errorf("learning: save list: %w", err)
		}
		for i, it := range items {
			tag, err := tx.Exec(ctx, `INSERT INTO learning_list_items (list_id, position, resource_id, note)
				SELECT $1, $2, id, $4 FROM learning_resources WHERE slug = $3 AND NOT archived`, list, i+1, it.Slug, it.Note)
			if err != nil {
				return fmt.Errorf("learning: save list item: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return model.Errors{"items": "learning.err_list_slug"}
			}
		}
		return nil
	})
}

// CanEditList reports whether u may change the list on o: admins any, coordinators
// (by role, not only by listing) of the group or track (a meeting's track).
func (s *Store) CanEditList(ctx context.Context, u *model.User, o ListOwner) (bool, error) {
	var exists, listed bool
	var q string
	switch o.Column {
	case "group_id":
		q = `SELECT EXISTS (SELECT 1 FROM groups WHERE id = $1), EXISTS (SELECT 1 FROM group_coordinators WHERE group_id = $1 AND user_id = $2)`
	case "track_id":
		q = `SELECT EXISTS (SELECT 1 FROM tracks WHERE id = $1), EXISTS (SELECT 1 FROM track_coordinators WHERE track_id = $1 AND user_id = $2)`
	case "meeting_id":
		q = `SELECT EXISTS (SELECT 1 FROM track_meetings WHERE id = $1), EXISTS (SELECT 1 FROM track_meetings m
			JOIN track_coordinators c ON c.track_id = m.track_id WHERE m.id = $1 AND c.user_id = $2)`
	default:
		return false, nil
	}
	if err := s.db.QueryRow(ctx, q, o.ID, u.ID).Scan(&exists, &listed); err != nil {
		return false, database.Wrap(err, "learning: can edit list")
	}
	if !exists {
		return false, database.ErrNotFound
	}
	return u.IsAdmin() || (u.Role == model.RoleCoordinator && listed), nil
}
