// Package tracks serves seminar tracks: a leaders' series of meetings inside a
// programme (Dalaspåret), its schedule by term, enrolment, the track's calendar feed,
// and the coordinators' pages for tracks, meetings and attendance.
package tracks

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes tracks and their meetings.
type Store struct {
	db   *pgxpool.Pool
	mail Enqueuer // nil: no mails (see WithMail)
}

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// Page is everything the track page shows, loaded in one round trip.
type Page struct {
	Track    model.Track
	Meetings []model.Meeting
	Joined   bool // the viewer is a participant
	IsCoord  bool // the viewer is listed as a coordinator
}

const summaryColumns = `t.slug, t.title, t.audience, t.lang,
	(SELECT min(m.starts_at) FROM track_meetings m WHERE m.track_id = t.id AND m.status <> 'cancelled' AND m.ends_at > now()),
	(SELECT count(*) FROM track_participants p WHERE p.track_id = t.id)`

func scanSummary(row pgx.CollectableRow) (model.TrackSummary, error) {
	var s model.TrackSummary
	return s, row.Scan(&s.Slug, &s.Title, &s.Audience, &s.Lang, &s.NextMeeting, &s.Participants)
}

// QueueProgrammeTracks adds the query for a programme's published tracks to b, for
// programme pages that load everything in one batch.
func QueueProgrammeTracks(b *pgx.Batch, programmeID int64, into *[]model.TrackSummary) {
	b.Queue(`SELECT `+summaryColumns+` FROM tracks t WHERE t.programme_id = $1 AND t.published ORDER BY t.title`, programmeID).
		Query(func(rows pgx.Rows) error {
			list, err := pgx.CollectRows(rows, scanSummary)
			*into = list
			return err
		})
}

// Tracks lists the published tracks, those with a coming meeting first.
func (s *Store) Tracks(ctx context.Context) ([]model.TrackSummary, error) {
	rows, err := s.db.Query(ctx, `SELECT `+summaryColumns+` FROM tracks t WHERE t.published
		ORDER BY 5 NULLS LAST, t.title LIMIT 500`)
	if err != nil {
		return nil, database.Wrap(err, "tracks: list")
	}
	list, err := pgx.CollectRows(rows, scanSummary)
	return list, database.Wrap(err, "tracks: list")
}

const trackColumns = `t.id, t.programme_id, p.slug, p.title, coalesce(t.group_id, 0), t.slug, t.title, t.audience, t.summary,
	t.goals, t.prework_md, t.prework_html, t.lang, t.enrolment_open, coalesce(t.capacity, 0), t.published,
	(SELECT count(*) FROM track_participants tp WHERE tp.track_id = t.id), t.remind_days`

func scanTrack(row pgx.Row, t *model.Track, extra ...any) error {
	dest := []any{&t.ID, &t.ProgrammeID, &t.ProgrammeSlug, &t.ProgrammeTitle, &t.GroupID, &t.Slug, &t.Title, &t.Audience, &t.Summary,
		&t.Goals, &t.PreworkMD, &t.PreworkHTML, &t.Lang, &t.EnrolmentOpen, &t.Capacity, &t.Published, &t.Participants, &t.RemindDays}
	return row.Scan(append(dest, extra...)...)
}

const meetingColumns = `m.id, m.track_id, m.title, m.description, m.starts_at, m.ends_at, m.zone, m.online_url, m.place,
	m.status, m.sequence, m.updated_at`

func scanMeeting(row pgx.CollectableRow) (model.Meeting, error) {
	var m model.Meeting
	return m, row.Scan(&m.ID, &m.TrackID, &m.Title, &m.Description, &m.StartsAt, &m.EndsAt, &m.Zone, &m.OnlineURL, &m.Place,
		&m.Status, &m.Sequence, &m.UpdatedAt)
}

// TrackPage loads a track by slug with its meetings, their speakers, materials (links
// and uploaded files) and earlier times, and what the viewer (userID, 0 for
// anonymous) has to do with it: one batch, so the page costs the same however many
// meetings, participants and files.
// extra queues more queries (other features' parts of the page) on the same batch.
func (s *Store) TrackPage(ctx context.Context, slug string, userID int64, extra ...func(*pgx.Batch)) (Page, error) {
	var p Page
	var b pgx.Batch
	b.Queue(`SELECT `+trackColumns+`,
			EXISTS (SELECT 1 FROM track_participants x WHERE x.track_id = t.id AND x.user_id = $2),
			EXISTS (SELECT 1 FROM track_coordinators x WHERE x.track_id = t.id AND x.user_id = $2)
		FROM tracks t JOIN programmes p ON p.id = t.programme_id WHERE t.slug = $1`, slug, userID).
		QueryRow(func(row pgx.Row) error { return scanTrack(row, &p.Track, &p.Joined, &p.IsCoord) })
	const bySlug = ` JOIN track_meetings m ON m.id = x.meeting_id JOIN tracks t ON t.id = m.track_id WHERE t.slug = $1`
	b.Queue(`SELECT `+meetingColumns+` FROM track_meetings m JOIN tracks t ON t.id = m.track_id
		WHERE t.slug = $1 ORDER BY m.starts_at, m.id`, slug).Query(func(rows pgx.Rows) error {
		var err error
		p.Meetings, err = pgx.CollectRows(rows, scanMeeting)
		return err
	})
	speakers := map[int64][]model.Speaker{}
	b.Queue(`SELECT x.meeting_id, x.name, x.affiliation, x.talk_title FROM track_speakers x`+bySlug+` ORDER BY x.meeting_id, x.position`, slug).
		Query(func(rows pgx.Rows) error {
			var id int64
			var sp model.Speaker
			_, err := pgx.ForEachRow(rows, []any{&id, &sp.Name, &sp.Affiliation, &sp.TalkTitle}, func() error {
				speakers[id] = append(speakers[id], sp)
				return nil
			})
			return err
		})
	materials := map[int64][]model.Material{}
	b.Queue(`SELECT x.meeting_id, x.title, x.url FROM track_materials x`+bySlug+` ORDER BY x.meeting_id, x.position`, slug).
		Query(func(rows pgx.Rows) error {
			var id int64
			var mt model.Material
			_, err := pgx.ForEachRow(rows, []any{&id, &mt.Title, &mt.URL}, func() error {
				materials[id] = append(materials[id], mt)
				return nil
			})
			return err
		})
	files := map[int64][]model.MaterialFile{}
	queueFiles(&b, files, `m.track_id = (SELECT id FROM tracks WHERE slug = $1)`, slug)
	moves := map[int64][]model.TimeSpan{}
	b.Queue(`SELECT x.meeting_id, x.starts_at, x.ends_at FROM track_meeting_moves x`+bySlug+` ORDER BY x.meeting_id, x.moved_at, x.id`, slug).
		Query(func(rows pgx.Rows) error {
			var id int64
			var ts model.TimeSpan
			_, err := pgx.ForEachRow(rows, []any{&id, &ts.StartsAt, &ts.EndsAt}, func() error {
				moves[id] = append(moves[id], ts)
				return nil
			})
			return err
		})
	for _, q := range extra {
		q(&b)
	}
	if err := s.db.SendBatch(ctx, &b).Close(); err != nil {
		return p, database.Wrap(err, "tracks: page "+slug)
	}
	for i := range p.Meetings {
		m := &p.Meetings[i]
		m.Number, m.Of = i+1, len(p.Meetings)
		m.TrackSlug, m.TrackTitle, m.TrackLang = p.Track.Slug, p.Track.Title, p.Track.Lang
		m.Speakers, m.Materials, m.Files, m.Moves = speakers[m.ID], materials[m.ID], files[m.ID], moves[m.ID]
	}
	return p, nil
}

// TrackByID loads a track with its coordinators' e-mail addresses, for the edit form.
func (s *Store) TrackByID(ctx context.Context, id int64) (model.Track, error) {
	var t model.Track
	row := s.db.QueryRow(ctx, `SELECT `+trackColumns+`,
		ARRAY(SELECT u.email FROM track_coordinators c JOIN users u ON u.id = c.user_id WHERE c.track_id = t.id ORDER BY u.email)
		FROM tracks t JOIN programmes p ON p.id = t.programme_id WHERE t.id = $1`, id)
	err := scanTrack(row, &t, &t.Coordinators)
	return t, database.Wrap(err, "tracks: get")
}

// ManagedTracks lists the tracks u may edit: every track for an admin, otherwise
// those u coordinates.
func (s *Store) ManagedTracks(ctx context.Context, u *model.User) ([]model.Track, error) {
	rows, err := s.db.Query(ctx, `SELECT `+trackColumns+` FROM tracks t JOIN programmes p ON p.id = t.programme_id
		WHERE $1 OR EXISTS (SELECT 1 FROM track_coordinators c WHERE c.track_id = t.id AND c.user_id = $2)
		ORDER BY t.title LIMIT 500`, u.IsAdmin(), u.ID)
	if err != nil {
		return nil, database.Wrap(err, "tracks: managed")
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Track, error) {
		var t model.Track
		return t, scanTrack(row, &t)
	})
	return list, database.Wrap(err, "tracks: managed")
}

// Option is a programme or group to choose in the track form.
type Option struct {
	ID    int64
	Title string
}

// Choices lists the programmes and groups a track may belong to.
func (s *Store) Choices(ctx context.Context) (programmes, groups []Option, err error) {
	var b pgx.Batch
	collect := func(into *[]Option) func(pgx.Rows) error {
		return func(rows pgx.Rows) error {
			var err error
			*into, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
			return err
		}
	}
	b.Queue(`SELECT id, title FROM programmes ORDER BY title LIMIT 500`).Query(collect(&programmes))
	b.Queue(`SELECT id, title FROM groups ORDER BY title LIMIT 1000`).Query(collect(&groups))
	err = s.db.SendBatch(ctx, &b).Close()
	return programmes, groups, database.Wrap(err, "tracks: choices")
}
