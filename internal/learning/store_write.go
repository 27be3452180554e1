package learning

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/markdown"
	"spor/internal/model"
)

// programmeScope is the SQL for the programmes a coordinator ($1) looks after: those
// of the groups and tracks they coordinate.
const programmeScope = `(SELECT g.programme_id FROM group_coordinators gc JOIN groups g ON g.id = gc.group_id
		WHERE gc.user_id = $1 AND g.programme_id IS NOT NULL
	UNION SELECT t.programme_id FROM track_coordinators tc JOIN tracks t ON t.id = tc.track_id WHERE tc.user_id = $1)`

// CanEdit reports whether u may change resource id: admins any, coordinators those
// of their programmes (the role as well as the assignment: a demoted coordinator
// still listed on a group may not).
func (s *Store) CanEdit(ctx context.Context, u *model.User, id int64) (bool, error) {
	if u.IsAdmin() {
		var ok bool
		err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM learning_resources WHERE id = $1)`, id).Scan(&ok)
		return ok, database.Wrap(err, "learning: can edit")
	}
	if u == nil || u.Role != model.RoleCoordinator {
		return false, nil
	}
	var ok bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM learning_resources WHERE id = $2 AND programme_id IN `+programmeScope+`)`,
		u.ID, id).Scan(&ok)
	return ok, database.Wrap(err, "learning: can edit")
}

// Programme is a programme a resource may be filed under.
type Programme struct {
	ID    int64
	Slug  string
	Title string
}

// Programmes returns the programmes u may file resources under.
func (s *Store) Programmes(ctx context.Context, u *model.User) ([]Programme, error) {
	rows, err := s.db.Query(ctx, `SELECT p.id, p.slug, p.title FROM programmes p
		WHERE $2 OR p.id IN `+programmeScope+` ORDER BY p.title`, u.ID, u.IsAdmin())
	if err != nil {
		return nil, database.Wrap(err, "learning: programmes")
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Programme])
	return list, database.Wrap(err, "learning: programmes")
}

// SlugIDs maps the given resource slugs that exist to their ids.
func (s *Store) SlugIDs(ctx context.Context, slugs []string) (map[string]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT slug, id FROM learning_resources WHERE slug = ANY($1)`, slugs)
	if err != nil {
		return nil, database.Wrap(err, "learning: slugs")
	}
	out := map[string]int64{}
	var slug string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&slug, &id}, func() error { out[slug] = id; return nil })
	return out, database.Wrap(err, "learning: slugs")
}

// SaveResources saves many resources in one transaction: all or none.
func (s *Store) SaveResources(ctx context.Context, list []model.LearningResource) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		for _, r := range list {
			if _, err := saveResource(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// Managed lists the resources u may manage (archived too), the broken links first.
func (s *Store) Managed(ctx context.Context, u *model.User) ([]model.LearningResource, error) {
	rows, err := s.db.Query(ctx, `SELECT `+resourceColumns+resourceFrom+`
		WHERE $2 OR r.programme_id IN `+programmeScope+`
		ORDER BY r.archived, (r.link_status = -1 OR r.link_status >= 400) DESC, r.title LIMIT 10000`, u.ID, u.IsAdmin())
	if err != nil {
		return nil, database.Wrap(err, "learning: managed")
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.LearningResource, error) {
		var r model.LearningResource
		return r, scanResource(row, &r)
	})
	return list, database.Wrap(err, "learning: managed")
}

// ResourceByID loads any resource (archived too) for editing.
func (s *Store) ResourceByID(ctx context.Context, id int64) (model.LearningResource, error) {
	var p Resource
	err := s.loadResource(ctx, id, 0, &p)
	return p.Resource, err
}

// SaveResource creates (ID 0) or updates r with its statements and parts in one
// transaction and returns its id. A slug taken by another resource is a form error.
func (s *Store) SaveResource(ctx context.Context, r model.LearningResource) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		id, err = saveResource(ctx, tx, r)
		return err
	})
	if database.IsUniqueViolation(err, "learning_resources_slug_key") {
		return 0, model.Errors{"slug": "learning.err_slug_taken"}
	}
	return id, err
}

func saveResource(ctx context.Context, tx pgx.Tx, r model.LearningResource) (int64, error) {
	html, err := markdown.Render(r.BodyMD)
	if err != nil {
		return 0, err
	}
	if r.Areas == nil {
		r.Areas = []string{}
	}
	args := []any{r.Slug, r.Kind, r.Title, r.Summary, r.BodyMD, html, r.Provider, nullID(r.ProviderOrgID), r.URL, r.Lang,
		r.DurationMinutes, r.Level, r.Areas, nullID(r.ProgrammeID), nullDate(r.PublishedOn), nullDate(r.ReviewedOn), r.Visibility}
	id := r.ID
	if id == 0 {
		err = tx.QueryRow(ctx, `INSERT INTO learning_resources (slug, kind, title, summary, body_md, body_html, provider, provider_org_id,
			url, lang, duration_minutes, level, areas, programme_id, published_on, reviewed_on, visibility)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`, args...).Scan(&id)
	} else {
		// A changed URL is checked afresh.
		_, err = tx.Exec(ctx, `UPDATE learning_resources SET slug = $1, kind = $2, title = $3, summary = $4, body_md = $5,
			body_html = $6, provider = $7, provider_org_id = $8,
			link_status = CASE WHEN url = $9 THEN link_status ELSE 0 END,
			link_checked_at = CASE WHEN url = $9 THEN link_checked_at END,
			url = $9, lang = $10, duration_minutes = $11, level = $12, areas = $13, programme_id = $14, published_on = $15,
			reviewed_on = $16, visibility = $17, updated_at = now() WHERE id = $18`, append(args, id)...)
	}
	if err != nil {
		return 0, fmt.Errorf("learning: save resource: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM learning_resource_statements WHERE resource_id = $1`, id); err != nil {
		return 0, fmt.Errorf("learning: save statements: %w", err)
	}
	if len(r.StatementIDs) > 0 {
		_, err := tx.Exec(ctx, `INSERT INTO learning_resource_statements (resource_id, statement_id)
			SELECT $1, s.id FROM assessment_statements s WHERE s.id = ANY($2) ON CONFLICT DO NOTHING`, id, r.StatementIDs)
		if err != nil {
			return 0, fmt.Errorf("learning: save statements: %w", err)
		}
	}
	if err := saveParts(ctx, tx, id, r.Parts); err != nil {
		return 0, err
	}
	// A course with parts lasts as long as its parts together.
	if _, err := tx.Exec(ctx, `UPDATE learning_resources SET duration_minutes = (SELECT sum(duration_minutes) FROM learning_parts WHERE course_id = $1)
		WHERE id = $1 AND EXISTS (SELECT 1 FROM learning_parts WHERE course_id = $1)`, id); err != nil {
		return 0, fmt.Errorf("learning: course duration: %w", err)
	}
	return id, nil
}

// saveParts replaces a course's parts, keeping the rows (and so people's progress)
// of parts whose position is unchanged.
func saveParts(ctx context.Context, tx pgx.Tx, courseID int64, parts []model.LearningPart) error {
	if _, err := tx.Exec(ctx, `DELETE FROM learning_parts WHERE course_id = $1 AND position > $2`, courseID, len(parts)); err != nil {
		return fmt.Errorf("learning: save parts: %w", err)
	}
	for i, p := range parts {
		_, err := tx.Exec(ctx, `INSERT INTO learning_parts (course_id, position, resource_id, title, kind, duration_minutes)
			VALUES ($1, $2, coalesce($3, (SELECT id FROM learning_resources WHERE slug = $7 AND id <> $1)), $4, $5, $6)
			ON CONFLICT (course_id, position) DO UPDATE SET resource_id = excluded.resource_id, title = excluded.title,
				kind = excluded.kind, duration_minutes = excluded.duration_minutes`,
			courseID, i+1, nullID(p.ResourceID), p.Title, p.Kind, p.DurationMinutes, p.ResourceSlug)
		if err != nil {
			return fmt.Errorf("learning: save part %d: %w", i+1, err)
		}
	}
	return nil
}

// SetArchived archives or restores a resource.
func (s *Store) SetArchived(ctx context.Context, id int64, archived bool) error {
	_, err := s.db.Exec(ctx, `UPDATE learning_resources SET archived = $2, updated_at = now() WHERE id = $1`, id, archived)
	return database.Wrap(err, "learning: archive")
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// FullResource is a resource with everything the export writes.
type FullResource struct {
	Resource      model.LearningResource
	ProgrammeSlug string
}

// Full loads list's parts, statements and programme slugs in one round trip.
func (s *Store) Full(ctx context.Context, list []model.LearningResource) ([]FullResource, error) {
	ids := make([]int64, len(list))
	out := make([]FullResource, len(list))
	at := map[int64]int{}
	for i, r := range list {
		ids[i] = r.ID
		out[i].Resource = r
		at[r.ID] = i
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT lp.course_id, lp.id, lp.position, coalesce(lp.resource_id, 0), coalesce(sub.slug, ''), lp.title, lp.kind, lp.duration_minutes, false
		FROM learning_parts lp LEFT JOIN learning_resources sub ON sub.id = lp.resource_id
		WHERE lp.course_id = ANY($1) ORDER BY lp.course_id, lp.position`, ids).Query(func(rows pgx.Rows) error {
		var course int64
		var p model.LearningPart
		_, err := pgx.ForEachRow(rows, []any{&course, &p.ID, &p.Position, &p.ResourceID, &p.ResourceSlug, &p.Title, &p.Kind, &p.DurationMinutes, &p.Done}, func() error {
			r := &out[at[course]].Resource
			r.Parts = append(r.Parts, p)
			return nil
		})
		return err
	})
	b.Queue(`SELECT resource_id, statement_id FROM learning_resource_statements WHERE resource_id = ANY($1) ORDER BY 1, 2`, ids).
		Query(func(rows pgx.Rows) error {
			var rid, sid int64
			_, err := pgx.ForEachRow(rows, []any{&rid, &sid}, func() error {
				r := &out[at[rid]].Resource
				r.StatementIDs = append(r.StatementIDs, sid)
				return nil
			})
			return err
		})
	b.Queue(`SELECT r.id, p.slug FROM learning_resources r JOIN programmes p ON p.id = r.programme_id WHERE r.id = ANY($1)`, ids).
		Query(func(rows pgx.Rows) error {
			var rid int64
			var slug string
			_, err := pgx.ForEachRow(rows, []any{&rid, &slug}, func() error { out[at[rid]].ProgrammeSlug = slug; return nil })
			return err
		})
	return out, database.Wrap(s.db.SendBatch(ctx, b).Close(), "learning: export")
}
