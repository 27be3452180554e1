package tracks

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/markdown"
	"spor/internal/model"
)

// CanEdit reports whether u may edit the track and its meetings: admins always,
// otherwise only coordinators (the role) listed in track_coordinators for this very
// track (the assignment). It is checked against the record on every request.
func (s *Store) CanEdit(ctx context.Context, u *model.User, trackID int64) (bool, error) {
	if u == nil {
		return false, nil
	}
	if u.IsAdmin() {
		return true, nil
	}
	if u.Role != model.RoleCoordinator {
		return false, nil
	}
	var ok bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM track_coordinators WHERE track_id = $1 AND user_id = $2)`,
		trackID, u.ID).Scan(&ok)
	return ok, database.Wrap(err, "tracks: can edit")
}

// SaveTrack creates (ID 0) or updates t with its coordinators and returns its id. A
// new track made by a non-admin lists its maker as coordinator, so they can go on
// editing it. Addresses that are not coordinators come back as model.Errors.
func (s *Store) SaveTrack(ctx context.Context, t model.Track, by *model.User) (int64, error) {
	html, err := markdown.RenderField("prework", t.PreworkMD)
	if err != nil {
		return 0, err
	}
	var capacity *int
	if t.Capacity > 0 {
		capacity = &t.Capacity
	}
	var group *int64
	if t.GroupID > 0 {
		group = &t.GroupID
	}
	if t.Goals == nil {
		t.Goals = []string{}
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if t.ID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO tracks (programme_id, group_id, slug, title, audience, summary, goals,
				prework_md, prework_html, lang, enrolment_open, capacity, published, remind_days)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $14::int < 0 THEN 1 ELSE $14 END) RETURNING id`,
				t.ProgrammeID, group, t.Slug, t.Title, t.Audience, t.Summary, t.Goals, t.PreworkMD, html, t.Lang,
				t.EnrolmentOpen, capacity, t.Published, t.RemindDays).Scan(&t.ID); err != nil {
				return err
			}
		} else {
			tag, err := tx.Exec(ctx, `UPDATE tracks SET programme_id = $2, group_id = $3, slug = $4, title = $5, audience = $6,
				summary = $7, goals = $8, prework_md = $9, prework_html = $10, lang = $11, enrolment_open = $12,
				capacity = $13, published = $14, updated_at = now(),
				remind_days = CASE WHEN $15::int < 0 THEN remind_days ELSE $15 END WHERE id = $1`,
				t.ID, t.ProgrammeID, group, t.Slug, t.Title, t.Audience, t.Summary, t.Goals, t.PreworkMD, html, t.Lang,
				t.EnrolmentOpen, capacity, t.Published, t.RemindDays)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return pgx.ErrNoRows
			}
		}
		emails := make([]string, 0, len(t.Coordinators)+1)
		for _, e := range t.Coordinators {
			emails = append(emails, strings.ToLower(e))
		}
		if len(emails) == 0 && !by.IsAdmin() {
			emails = append(emails, strings.ToLower(by.Email))
		}
		// Only people whose role is coordinator or admin (and enabled) can be
		// coordinators: rights follow the role.
		if _, err := tx.Exec(ctx, `WITH wanted AS (SELECT id FROM users WHERE lower(email) = ANY($2) AND `+coordinatorRole+`)
			, gone AS (DELETE FROM track_coordinators WHERE track_id = $1 AND user_id NOT IN (SELECT id FROM wanted))
			INSERT INTO track_coordinators (track_id, user_id) SELECT $1, id FROM wanted ON CONFLICT DO NOTHING`, t.ID, emails); err != nil {
			return err
		}
		var known int
		if err := tx.QueryRow(ctx, `SELECT count(DISTINCT lower(email)) FROM users WHERE lower(email) = ANY($1) AND `+coordinatorRole, emails).Scan(&known); err != nil {
			return err
		}
		if known != len(dedupe(emails)) {
			return model.Errors{"coordinators": "rights.error.not_coordinator"}
		}
		return nil
	})
	var invalid model.Errors
	if errors.As(err, &invalid) {
		return 0, invalid
	}
	if database.IsUniqueViolation(err, "tracks_slug_key") {
		return 0, model.Errors{"slug": "tracks.error.slug_taken"}
	}
	return t.ID, database.Wrap(err, "tracks: save")
}

// coordinatorRole is the SQL condition on users that may be assigned as coordinators.
const coordinatorRole = `role IN ('coordinator', 'admin') AND NOT disabled`

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Meeting loads one meeting of a track with its speakers and materials.
func (s *Store) Meeting(ctx context.Context, trackID, id int64) (model.Meeting, error) {
	var m model.Meeting
	var b pgx.Batch
	b.Queue(`SELECT `+meetingColumns+` FROM track_meetings m WHERE m.id = $1 AND m.track_id = $2`, id, trackID).
		Query(func(rows pgx.Rows) error {
			var err error
			m, err = pgx.CollectExactlyOneRow(rows, scanMeeting)
			return err
		})
	b.Queue(`SELECT name, affiliation, talk_title FROM track_speakers WHERE meeting_id = $1 ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			m.Speakers, err = pgx.CollectRows(rows, pgx.RowToStructByPos[model.Speaker])
			return err
		})
	b.Queue(`SELECT title, url FROM track_materials WHERE meeting_id = $1 ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			m.Materials, err = pgx.CollectRows(rows, pgx.RowToStructByPos[model.Material])
			return err
		})
	files := map[int64][]model.MaterialFile{}
	queueFiles(&b, files, `m.id = $1 AND m.track_id = $2`, id, trackID)
	err := s.db.SendBatch(ctx, &b).Close()
	m.Files = files[m.ID]
	return m, database.Wrap(err, "tracks: meeting")
}

// SaveMeeting creates (ID 0) or updates a meeting of m.TrackID. An update always
// raises the meeting's SEQUENCE, so subscribed calendars take the change. When the
// time changes, the old time is kept in track_meeting_moves and the meeting is marked
// moved (unless it is cancelled); the row lock keeps two editors from both recording
// the same old time.
func (s *Store) SaveMeeting(ctx context.Context, m model.Meeting, by int64) (int64, error) {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if m.ID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO track_meetings (track_id, title, description, starts_at, ends_at, zone,
				online_url, place, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				m.TrackID, m.Title, m.Description, m.StartsAt, m.EndsAt, m.Zone, m.OnlineURL, m.Place, m.Status).Scan(&m.ID); err != nil {
				return err
			}
		} else {
			old, err := readMeetingState(ctx, tx, m.TrackID, m.ID)
			if err != nil {
				return err
			}
			if !old.starts.Equal(m.StartsAt) || !old.ends.Equal(m.EndsAt) {
				if _, err := tx.Exec(ctx, `INSERT INTO track_meeting_moves (meeting_id, starts_at, ends_at, moved_by)
					VALUES ($1, $2, $3, $4)`, m.ID, old.starts, old.ends, by); err != nil {
					return err
				}
				if m.Status != model.MeetingCancelled {
					m.Status = model.MeetingMoved
				}
			}
			var sequence int
			if err := tx.QueryRow(ctx, `UPDATE track_meetings SET title = $2, description = $3, starts_at = $4, ends_at = $5,
				zone = $6, online_url = $7, place = $8, status = $9, sequence = sequence + 1, updated_at = now() WHERE id = $1
				RETURNING sequence`,
				m.ID, m.Title, m.Description, m.StartsAt, m.EndsAt, m.Zone, m.OnlineURL, m.Place, m.Status).Scan(&sequence); err != nil {
				return err
			}
			cur := meetingState{title: m.Title, zone: m.Zone, place: m.Place, online: m.OnlineURL, status: m.Status,
				starts: m.StartsAt, ends: m.EndsAt}
			if err := s.notifyMeeting(ctx, tx, m.TrackID, m.ID, old, cur, sequence); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM track_speakers WHERE meeting_id = $1`, m.ID); err != nil {
				return err
			}
			added, err := addedMaterials(ctx, tx, m)
			if err != nil {
				return err
			}
			if err := s.notifyMaterials(ctx, tx, m.ID, sequence, by, added); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM track_materials WHERE meeting_id = $1`, m.ID); err != nil {
				return err
			}
		}
		for i, sp := range m.Speakers {
			if _, err := tx.Exec(ctx, `INSERT INTO track_speakers (meeting_id, position, name, affiliation, talk_title)
				VALUES ($1, $2, $3, $4, $5)`, m.ID, i+1, sp.Name, sp.Affiliation, sp.TalkTitle); err != nil {
				return err
			}
		}
		for i, mt := range m.Materials {
			if _, err := tx.Exec(ctx, `INSERT INTO track_materials (meeting_id, position, title, url) VALUES ($1, $2, $3, $4)`,
				m.ID, i+1, mt.Title, mt.URL); err != nil {
				return err
			}
		}
		return nil
	})
	return m.ID, database.Wrap(err, "tracks: save meeting")
}
