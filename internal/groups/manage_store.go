package groups

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// Group returns the group with id and its coordinators, for the manage form.
func (s *Store) Group(ctx context.Context, id int64) (model.Group, error) {
	var updated time.Time
	var coords []int64
	g, err := scanGroup(s.db.QueryRow(ctx, `SELECT `+groupColumns+`, g.updated_at,
			coalesce((SELECT array_agg(user_id ORDER BY user_id) FROM group_coordinators WHERE group_id = g.id), '{}')
		FROM groups g LEFT JOIN programmes p ON p.id = g.programme_id WHERE g.id = $1`, id), &updated, &coords)
	g.UpdatedAt, g.Coordinators = updated, coords
	return g, database.Wrap(err, "groups: get")
}

// Managed returns the groups u may edit: all for an admin, their own for others.
func (s *Store) Managed(ctx context.Context, u *model.User) ([]model.Group, []int, error) {
	rows, _ := s.db.Query(ctx, `SELECT g.id, g.slug, g.title, g.visibility, g.lang, coalesce(p.title, ''),
			(SELECT count(*) FROM contacts c WHERE c.group_id = g.id AND c.checked_on < current_date - interval '12 months')
		FROM groups g LEFT JOIN programmes p ON p.id = g.programme_id
		WHERE $2 OR g.id IN (SELECT group_id FROM group_coordinators WHERE user_id = $1)
		ORDER BY g.title`, u.ID, u.IsAdmin())
	var stale []int
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Group, error) {
		var g model.Group
		var n int
		err := row.Scan(&g.ID, &g.Slug, &g.Title, &g.Visibility, &g.Lang, &g.ProgrammeTitle, &n)
		stale = append(stale, n)
		return g, err
	})
	return list, stale, database.Wrap(err, "groups: managed")
}

// Choices are the programmes and possible coordinators the admin's form offers.
type Choices struct {
	Programmes   []model.Programme
	Coordinators []model.User
}

// FormChoices loads the programme and coordinator options in one round trip.
func (s *Store) FormChoices(ctx context.Context) (Choices, error) {
	var c Choices
	var b pgx.Batch
	b.Queue(`SELECT id, title FROM programmes ORDER BY title`).Query(func(rows pgx.Rows) error {
		var err error
		c.Programmes, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Programme, error) {
			var p model.Programme
			return p, row.Scan(&p.ID, &p.Title)
		})
		return err
	})
	b.Queue(`SELECT u.id, u.name, o.name FROM users u JOIN organisations o ON o.id = u.organisation_id
		WHERE u.role IN ('coordinator', 'admin') AND NOT u.disabled ORDER BY u.name`).Query(func(rows pgx.Rows) error {
		var err error
		c.Coordinators, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.User, error) {
			var u model.User
			return u, row.Scan(&u.ID, &u.Name, &u.Organisation)
		})
		return err
	})
	err := s.db.SendBatch(ctx, &b).Close()
	return c, database.Wrap(err, "groups: form choices")
}

// CreateGroup inserts g with its coordinators and returns its id.
func (s *Store) CreateGroup(ctx context.Context, g model.Group) (int64, error) {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM group_old_slugs WHERE slug = $1`, g.Slug); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO groups (programme_id, slug, title, summary, body_md, body_html, lang, visibility, project_url)
			VALUES (nullif($1, 0), $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			g.ProgrammeID, g.Slug, g.Title, g.Summary, g.BodyMD, g.BodyHTML, g.Lang, g.Visibility, g.ProjectURL).Scan(&g.ID)
		if err != nil {
			return err
		}
		return setCoordinators(ctx, tx, g.ID, g.Coordinators)
	})
	return g.ID, database.Wrap(err, "groups: create")
}

// UpdateGroup saves g. Only an admin's save (admin true) changes the programme,
// slug, visibility and coordinators. A changed slug is remembered in
// group_old_slugs so old links keep working.
func (s *Store) UpdateGroup(ctx context.Context, g model.Group, admin bool) error {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var oldSlug string
		if err := tx.QueryRow(ctx, `SELECT slug FROM groups WHERE id = $1 FOR UPDATE`, g.ID).Scan(&oldSlug); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE groups SET title = $2, summary = $3, body_md = $4, body_html = $5, lang = $6,
			project_url = $7, updated_at = now() WHERE id = $1`,
			g.ID, g.Title, g.Summary, g.BodyMD, g.BodyHTML, g.Lang, g.ProjectURL); err != nil {
			return err
		}
		if !admin {
			return nil
		}
		if g.Slug != oldSlug {
			if _, err := tx.Exec(ctx, `DELETE FROM group_old_slugs WHERE slug = $1`, g.Slug); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO group_old_slugs (slug, group_id) VALUES ($1, $2)
				ON CONFLICT (slug) DO UPDATE SET group_id = excluded.group_id`, oldSlug, g.ID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE groups SET programme_id = nullif($2, 0), slug = $3, visibility = $4 WHERE id = $1`,
			g.ID, g.ProgrammeID, g.Slug, g.Visibility); err != nil {
			return err
		}
		return setCoordinators(ctx, tx, g.ID, g.Coordinators)
	})
	return database.Wrap(err, "groups: update")
}

func setCoordinators(ctx context.Context, tx pgx.Tx, groupID int64, users []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM group_coordinators WHERE group_id = $1 AND NOT (user_id = ANY($2))`, groupID, users); err != nil {
		return fmt.Errorf("coordinators: %w", err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id)
		SELECT $1, u.id FROM users u WHERE u.id = ANY($2) AND `+coordinatorRole+` ON CONFLICT DO NOTHING`, groupID, users)
	return err
}

// coordinatorRole is the SQL condition on users (u) that may be assigned as
// coordinators: rights follow the role.
const coordinatorRole = `u.role IN ('coordinator', 'admin') AND NOT u.disabled`

// ValidCoordinators reports whether every id is a user who may coordinate (an
// enabled coordinator or admin).
func (s *Store) ValidCoordinators(ctx context.Context, ids []int64) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM users u WHERE u.id = ANY($1) AND `+coordinatorRole, ids).Scan(&n)
	return n == len(dedupeIDs(ids)), database.Wrap(err, "groups: valid coordinators")
}

func dedupeIDs(ids []int64) map[int64]bool {
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	return seen
}

// DeleteGroup removes a group and everything in it.
func (s *Store) DeleteGroup(ctx context.Context, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM groups WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "groups: delete")
}
