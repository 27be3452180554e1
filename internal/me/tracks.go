package me

import (
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/model"
	views "spor/templates/me"
)

// queueTracks queues "My tracks": the tracks the user joined with each one's next
// meeting, and one combined schedule of all their meetings in time order.
func queueTracks(b *pgx.Batch, userID int64, p *views.MePage) {
	b.Queue(`SELECT t.slug, t.title, t.audience, t.lang,
			(SELECT min(m.starts_at) FROM track_meetings m WHERE m.track_id = t.id AND m.status <> 'cancelled' AND m.ends_at > now()),
			(SELECT count(*) FROM track_participants x WHERE x.track_id = t.id)
		FROM tracks t JOIN track_participants p ON p.track_id = t.id AND p.user_id = $1
		ORDER BY 5 NULLS LAST, t.title`, userID).Query(func(rows pgx.Rows) error {
		var err error
		p.Tracks, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.TrackSummary, error) {
			var s model.TrackSummary
			return s, row.Scan(&s.Slug, &s.Title, &s.Audience, &s.Lang, &s.NextMeeting, &s.Participants)
		})
		return err
	})
	b.Queue(`SELECT m.id, m.track_id, t.slug, t.title, t.lang, m.title, m.starts_at, m.ends_at, m.zone, m.status,
			m.online_url, m.place, n.number, n.of, mv.starts_at, mv.ends_at
		FROM track_meetings m
		JOIN tracks t ON t.id = m.track_id
		JOIN track_participants p ON p.track_id = t.id AND p.user_id = $1
		JOIN LATERAL (SELECT count(*) FILTER (WHERE (o.starts_at, o.id) <= (m.starts_at, m.id)) AS number, count(*) AS of
			FROM track_meetings o WHERE o.track_id = m.track_id) n ON true
		LEFT JOIN LATERAL (SELECT x.starts_at, x.ends_at FROM track_meeting_moves x WHERE x.meeting_id = m.id
			ORDER BY x.moved_at DESC, x.id DESC LIMIT 1) mv ON true
		ORDER BY m.starts_at, m.id LIMIT 300`, userID).Query(func(rows pgx.Rows) error {
		var err error
		p.TrackMeetings, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Meeting, error) {
			var m model.Meeting
			var oldStart, oldEnd *time.Time
			err := row.Scan(&m.ID, &m.TrackID, &m.TrackSlug, &m.TrackTitle, &m.TrackLang, &m.Title, &m.StartsAt, &m.EndsAt,
				&m.Zone, &m.Status, &m.OnlineURL, &m.Place, &m.Number, &m.Of, &oldStart, &oldEnd)
			if oldStart != nil && oldEnd != nil {
				m.Moves = []model.TimeSpan{{StartsAt: *oldStart, EndsAt: *oldEnd}}
			}
			return m, err
		})
		return err
	})
}
