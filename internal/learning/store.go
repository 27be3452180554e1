// Package learning serves the learning material catalogue: resources and courses
// with their parts, the public catalogue with its filters, coordinators' management
// with CSV export and import, curated lists, each person's learning record,
// recommendations for weak self-assessment areas and the weekly link check.
package learning

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes the learning catalogue.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const resourceColumns = `r.id, r.slug, r.kind, r.title, r.summary, r.body_md, r.body_html,
	coalesce(o.name, r.provider), coalesce(r.provider_org_id, 0), r.url, r.lang, r.duration_minutes, r.level, r.areas,
	coalesce(r.programme_id, 0), coalesce(p.title, ''), coalesce(r.published_on, '0001-01-01'), coalesce(r.reviewed_on, '0001-01-01'),
	r.visibility, r.archived, r.link_status, coalesce(r.link_checked_at, '0001-01-01'), r.updated_at`

const resourceFrom = ` FROM learning_resources r
	LEFT JOIN organisations o ON o.id = r.provider_org_id
	LEFT JOIN programmes p ON p.id = r.programme_id`

func scanResource(row pgx.Row, r *model.LearningResource, extra ...any) error {
	dest := []any{&r.ID, &r.Slug, &r.Kind, &r.Title, &r.Summary, &r.BodyMD, &r.BodyHTML,
		&r.Provider, &r.ProviderOrgID, &r.URL, &r.Lang, &r.DurationMinutes, &r.Level, &r.Areas,
		&r.ProgrammeID, &r.ProgrammeTitle, &r.PublishedOn, &r.ReviewedOn,
		&r.Visibility, &r.Archived, &r.LinkStatus, &r.LinkCheckedAt, &r.UpdatedAt}
	return row.Scan(append(dest, extra...)...)
}

// The catalogue's filters are fixed parameters ($1 kind, $2 lang, $3 level, $4 area,
// $5 programme, $6 max minutes, $7 staff), each condition true when its parameter
// is empty, so the facet counts can leave out exactly one filter each.
var filterConds = map[string]string{
	"kind":      `($1 = '' OR r.kind = $1)`,
	"lang":      `($2 = '' OR r.lang = $2)`,
	"level":     `($3 = '' OR r.level = $3)`,
	"area":      `($4 = '' OR r.areas @> ARRAY[$4::text])`,
	"programme": `($5 = 0 OR r.programme_id = $5)`,
	"duration":  `($6 = 0 OR (r.duration_minutes > 0 AND r.duration_minutes <= $6))`,
}

const visibleCond = `NOT r.archived AND (r.visibility = 'public' OR $7)`

// where joins the visibility condition and every filter but except.
func where(except string) string {
	s := visibleCond
	for _, k := range []string{"kind", "lang", "level", "area", "programme", "duration"} {
		if k != except {
			s += " AND " + filterConds[k]
		}
	}
	return s
}

func filterArgs(f model.LearningFilter) []any {
	return []any{f.Kind, f.Lang, f.Level, f.Area, f.ProgrammeID, f.MaxMinutes, f.Staff}
}

var sortOrders = map[string]string{
	"title":    `r.title, r.id`,
	"newest":   `coalesce(r.published_on, r.created_at::date) DESC, r.id DESC`,
	"shortest": `r.duration_minutes, r.title, r.id`,
	"longest":  `r.duration_minutes DESC, r.title, r.id`,
}

// Catalogue returns one page of the resources f selects, the total, and the
// counts per value of every filter; two round trips whatever the filters.
func (s *Store) Catalogue(ctx context.Context, f model.LearningFilter, pg model.Pager) ([]model.LearningResource, model.Pager, model.LearningFacets, error) {
	order, ok := sortOrders[f.Sort]
	if !ok {
		order = sortOrders["title"]
	}
	var list []model.LearningResource
	var facets model.LearningFacets
	b := &pgx.Batch{}
	args := append(filterArgs(f), pg.PerPage, pg.Offset())
	b.Queue(`SELECT `+resourceColumns+`, count(*) OVER ()`+resourceFrom+` WHERE `+where("")+
		` ORDER BY `+order+` LIMIT $8 OFFSET $9`, args...).Query(func(rows pgx.Rows) error {
		var err error
		list, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.LearningResource, error) {
			var r model.LearningResource
			err := scanResource(row, &r, &pg.Total)
			return r, err
		})
		return err
	})
	b.Queue(`SELECT 'kind', r.kind, '', count(*) FROM learning_resources r WHERE `+where("kind")+` GROUP BY r.kind
		UNION ALL SELECT 'lang', r.lang, '', count(*) FROM learning_resources r WHERE `+where("lang")+` GROUP BY r.lang
		UNION ALL SELECT 'level', r.level, '', count(*) FROM learning_resources r WHERE `+where("level")+` GROUP BY r.level
		UNION ALL SELECT 'area', a, '', count(*) FROM learning_resources r, unnest(r.areas) a WHERE `+where("area")+` GROUP BY a
		UNION ALL SELECT 'programme', p.id::text, p.title, count(*) FROM learning_resources r JOIN programmes p ON p.id = r.programme_id
			WHERE `+where("programme")+` GROUP BY p.id, p.title
		UNION ALL SELECT 'duration', d::text, '', count(*) FROM learning_resources r, unnest($8::int[]) d
			WHERE r.duration_minutes > 0 AND r.duration_minutes <= d AND `+where("duration")+` GROUP BY d`,
		append(filterArgs(f), model.LearningDurations)...).Query(func(rows pgx.Rows) error {
		counts := map[string]map[string]model.FacetCount{}
		var facet string
		var fc model.FacetCount
		_, err := pgx.ForEachRow(rows, []any{&facet, &fc.Value, &fc.Label, &fc.Count}, func() error {
			if counts[facet] == nil {
				counts[facet] = map[string]model.FacetCount{}
			}
			counts[facet][fc.Value] = fc
			return nil
		})
		if err != nil {
			return err
		}
		facets = buildFacets(counts)
		return nil
	})
	if err := s.db.SendBatch(ctx, b).Close(); err != nil {
		return nil, pg, facets, database.Wrap(err, "learning: catalogue")
	}
	return list, pg, facets, nil
}

// buildFacets lists every value of the fixed filters (with 0 where nothing matches,
// so the list does not jump about) and the programmes that have material.
func buildFacets(c map[string]map[string]model.FacetCount) model.LearningFacets {
	fixed := func(facet string, values []string) []model.FacetCount {
		out := make([]model.FacetCount, 0, len(values))
		for _, v := range values {
			out = append(out, model.FacetCount{Value: v, Count: c[facet][v].Count})
		}
		return out
	}
	var f model.LearningFacets
	f.Kind = fixed("kind", model.LearningKinds)
	f.Lang = fixed("lang", model.ContentLangs)
	f.Level = fixed("level", model.LearningLevels)
	f.Area = fixed("area", model.Areas)
	durations := make([]string, len(model.LearningDurations))
	for i, d := range model.LearningDurations {
		durations[i] = strconv.Itoa(d)
	}
	f.Duration = fixed("duration", durations)
	for _, fc := range c["programme"] {
		f.Programme = append(f.Programme, fc)
	}
	sortFacets(f.Programme)
	return f
}

// Resource is a resource page's content: the resource with its parts (and the
// viewer's progress), the statements it helps with, and where it is used.
type Resource struct {
	Resource   model.LearningResource
	Status     string // the viewer's progress state, "" when none
	Statements []model.Statement
	UsedIn     []Usage
}

// Usage is a curated list or a course the resource appears in.
type Usage struct {
	Kind  string // group, track, meeting, course
	Title string
	URL   string
}

// ResourceBySlug loads a resource for userID (0: anonymous) in one round trip.
// Archived resources are not found; staff-only ones only for a logged-in viewer.
func (s *Store) ResourceBySlug(ctx context.Context, slug string, userID int64) (Resource, error) {
	var p Resource
	var id int64
	err := s.db.QueryRow(ctx, `SELECT r.id FROM learning_resources r WHERE r.slug = $1 AND NOT r.archived
		AND (r.visibility = 'public' OR $2 <> 0)`, slug, userID).Scan(&id)
	if err != nil {
		return p, database.Wrap(err, "learning: resource "+slug)
	}
	err = s.loadResource(ctx, id, userID, &p)
	return p, err
}

// loadResource fills p with resource id and its parts, statements, usages and the
// user's progress, in one batch.
func (s *Store) loadResource(ctx context.Context, id, userID int64, p *Resource) error {
	b := &pgx.Batch{}
	b.Queue(`SELECT `+resourceColumns+`, coalesce((SELECT status FROM learning_progress WHERE user_id = $2 AND resource_id = r.id), '')`+
		resourceFrom+` WHERE r.id = $1`, id, userID).QueryRow(func(row pgx.Row) error {
		return scanResource(row, &p.Resource, &p.Status)
	})
	b.Queue(`SELECT lp.id, lp.position, coalesce(lp.resource_id, 0), coalesce(sub.slug, ''), lp.title, lp.kind, lp.duration_minutes,
			EXISTS (SELECT 1 FROM learning_part_progress pp WHERE pp.part_id = lp.id AND pp.user_id = $2)
		FROM learning_parts lp LEFT JOIN learning_resources sub ON sub.id = lp.resource_id AND NOT sub.archived
		WHERE lp.course_id = $1 ORDER BY lp.position`, id, userID).Query(func(rows pgx.Rows) error {
		var err error
		p.Resource.Parts, err = pgx.CollectRows(rows, scanPart)
		return err
	})
	b.Queue(`SELECT s.id, s.version_id, s.position, s.area, s.text_da, s.text_sv, s.text_en
		FROM learning_resource_statements ls JOIN assessment_statements s ON s.id = ls.statement_id
		WHERE ls.resource_id = $1 ORDER BY s.version_id, s.position`, id).Query(func(rows pgx.Rows) error {
		var err error
		p.Statements, err = pgx.CollectRows(rows, scanStatement)
		p.Resource.StatementIDs = nil
		for _, st := range p.Statements {
			p.Resource.StatementIDs = append(p.Resource.StatementIDs, st.ID)
		}
		return err
	})
	b.Queue(`SELECT 'group', g.title, '/groups/' || g.slug FROM learning_list_items i JOIN learning_lists l ON l.id = i.list_id
			JOIN groups g ON g.id = l.group_id WHERE i.resource_id = $1 AND (g.visibility = 'public' OR $2 <> 0)
		UNION ALL SELECT 'track', t.title, '/tracks/' || t.slug FROM learning_list_items i JOIN learning_lists l ON l.id = i.list_id
			JOIN tracks t ON t.id = l.track_id WHERE i.resource_id = $1 AND t.published
		UNION ALL SELECT 'meeting', t.title || ': ' || m.title, '/tracks/' || t.slug || '#meeting-' || m.id
			FROM learning_list_items i JOIN learning_lists l ON l.id = i.list_id
			JOIN track_meetings m ON m.id = l.meeting_id JOIN tracks t ON t.id = m.track_id WHERE i.resource_id = $1 AND t.published
		UNION ALL SELECT 'course', c.title, '/learning/' || c.slug FROM learning_parts lp JOIN learning_resources c ON c.id = lp.course_id
			WHERE lp.resource_id = $1 AND NOT c.archived AND (c.visibility = 'public' OR $2 <> 0)
		ORDER BY 1, 2`, id, userID).Query(func(rows pgx.Rows) error {
		var err error
		p.UsedIn, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Usage])
		return err
	})
	return database.Wrap(s.db.SendBatch(ctx, b).Close(), "learning: load resource "+strconv.FormatInt(id, 10))
}

func scanPart(row pgx.CollectableRow) (model.LearningPart, error) {
	var p model.LearningPart
	return p, row.Scan(&p.ID, &p.Position, &p.ResourceID, &p.ResourceSlug, &p.Title, &p.Kind, &p.DurationMinutes, &p.Done)
}

func scanStatement(row pgx.CollectableRow) (model.Statement, error) {
	var st model.Statement
	var da, sv, en string
	err := row.Scan(&st.ID, &st.VersionID, &st.Position, &st.Area, &da, &sv, &en)
	st.Text = map[string]string{"da": da, "sv": sv, "en": en}
	return st, err
}

// Statements returns the current version's statements (for the form's choices).
func (s *Store) Statements(ctx context.Context) ([]model.Statement, error) {
	rows, err := s.db.Query(ctx, `SELECT s.id, s.version_id, s.position, s.area, s.text_da, s.text_sv, s.text_en
		FROM assessment_statements s WHERE s.version_id = (SELECT max(id) FROM assessment_versions) ORDER BY s.position`)
	if err != nil {
		return nil, database.Wrap(err, "learning: statements")
	}
	list, err := pgx.CollectRows(rows, scanStatement)
	return list, database.Wrap(err, "learning: statements")
}

// today is the date the store stamps, in UTC.
func today() time.Time { return time.Now().UTC().Truncate(24 * time.Hour) }

// ResourceID returns the id of the live (not archived) resource slug.
func (s *Store) ResourceID(ctx context.Context, slug string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM learning_resources WHERE slug = $1 AND NOT archived`, slug).Scan(&id)
	return id, database.Wrap(err, "learning: resource id")
}
