// Package programmes serves the competence programmes: /programmes, each
// programme's page with its groups (and, from the features that own them, its
// tracks and upcoming events), and the admins' pages under /manage/programmes.
package programmes

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
	views "spor/templates/programmes"
)

// ProgrammeEventsFunc queues the query for a programme's upcoming events on b.
type ProgrammeEventsFunc func(b *pgx.Batch, programmeID int64, staff bool, into *[]model.EventSummary)

// ProgrammeTracksFunc queues the query for a programme's seminar tracks on b.
type ProgrammeTracksFunc func(b *pgx.Batch, programmeID int64, into *[]model.TrackSummary)

// Extras are what other features contribute to a programme's page, injected by
// app; nil leaves the list empty.
type Extras struct {
	ProgrammeEvents ProgrammeEventsFunc
	ProgrammeTracks ProgrammeTracksFunc
}

// Store reads and writes programmes.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const columns = `p.id, p.slug, p.title, p.summary, p.body_md, p.body_html, p.funder, p.coordinator_org,
	p.starts_on, p.ends_on, p.lang, p.website, p.updated_at, (SELECT count(*) FROM groups g WHERE g.programme_id = p.id)`

func scan(row pgx.CollectableRow) (model.Programme, error) {
	var p model.Programme
	err := row.Scan(&p.ID, &p.Slug, &p.Title, &p.Summary, &p.BodyMD, &p.BodyHTML, &p.Funder, &p.CoordinatorOrg,
		&p.StartsOn, &p.EndsOn, &p.Lang, &p.Website, &p.UpdatedAt, &p.Groups)
	return p, err
}

// Programmes returns every programme, the newest period first.
func (s *Store) Programmes(ctx context.Context) ([]model.Programme, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM programmes p ORDER BY p.starts_on DESC NULLS LAST, p.title`)
	list, err := pgx.CollectRows(rows, scan)
	return list, database.Wrap(err, "programmes: list")
}

// Programme returns the programme with id.
func (s *Store) Programme(ctx context.Context, id int64) (model.Programme, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM programmes p WHERE p.id = $1`, id)
	p, err := pgx.CollectExactlyOneRow(rows, scan)
	return p, database.Wrap(err, "programmes: get")
}

// Page loads a programme's page in two round trips: the programme, then one batch
// with its groups, tracks and upcoming events. Staff-only groups are listed for
// logged-in staff only.
func (s *Store) Page(ctx context.Context, slug string, staff bool, extras Extras) (views.ProgrammePage, error) {
	var v views.ProgrammePage
	rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM programmes p WHERE p.slug = $1`, slug)
	p, err := pgx.CollectExactlyOneRow(rows, scan)
	if err != nil {
		return v, database.Wrap(err, "programmes: page")
	}
	v.Programme = p
	var b pgx.Batch
	b.Queue(`SELECT g.slug, g.title, g.summary, g.lang, g.visibility,
			coalesce((SELECT followers FROM group_follower_totals t WHERE t.group_id = g.id), 0)
		FROM groups g WHERE g.programme_id = $1 AND ($2 OR g.visibility = 'public') ORDER BY g.title`, p.ID, staff).
		Query(func(rows pgx.Rows) error {
			var err error
			v.Groups, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Group, error) {
				var g model.Group
				return g, row.Scan(&g.Slug, &g.Title, &g.Summary, &g.Lang, &g.Visibility, &g.Followers)
			})
			return err
		})
	if extras.ProgrammeEvents != nil {
		extras.ProgrammeEvents(&b, p.ID, staff, &v.Events)
	}
	if extras.ProgrammeTracks != nil {
		extras.ProgrammeTracks(&b, p.ID, &v.Tracks)
	}
	err = s.db.SendBatch(ctx, &b).Close()
	return v, database.Wrap(err, "programmes: page")
}

// Save creates (ID 0) or updates a programme and returns its id.
func (s *Store) Save(ctx context.Context, p model.Programme) (int64, error) {
	if p.ID == 0 {
		err := s.db.QueryRow(ctx, `INSERT INTO programmes (slug, title, summary, body_md, body_html, funder, coordinator_org, starts_on, ends_on, lang, website)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			p.Slug, p.Title, p.Summary, p.BodyMD, p.BodyHTML, p.Funder, p.CoordinatorOrg, p.StartsOn, p.EndsOn, p.Lang, p.Website).Scan(&p.ID)
		return p.ID, database.Wrap(err, "programmes: create")
	}
	tag, err := s.db.Exec(ctx, `UPDATE programmes SET slug = $2, title = $3, summary = $4, body_md = $5, body_html = $6, funder = $7,
		coordinator_org = $8, starts_on = $9, ends_on = $10, lang = $11, website = $12, updated_at = now() WHERE id = $1`,
		p.ID, p.Slug, p.Title, p.Summary, p.BodyMD, p.BodyHTML, p.Funder, p.CoordinatorOrg, p.StartsOn, p.EndsOn, p.Lang, p.Website)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return p.ID, database.Wrap(err, "programmes: update")
}

// Delete removes a programme; its groups stay, without a programme.
func (s *Store) Delete(ctx context.Context, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM programmes WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "programmes: delete")
}
