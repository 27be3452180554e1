package home

import (
	"github.com/jackc/pgx/v5"

	"spor/internal/model"
)

// queueTracks queues the front page's "Tracks" box: published tracks, those with
// the nearest coming meeting first.
func queueTracks(b *pgx.Batch, into *[]model.TrackSummary) {
	b.Queue(`SELECT t.slug, t.title, t.audience, t.lang,
			(SELECT min(m.starts_at) FROM track_meetings m WHERE m.track_id = t.id AND m.status <> 'cancelled' AND m.ends_at > now()),
			(SELECT count(*) FROM track_participants p WHERE p.track_id = t.id)
		FROM tracks t WHERE t.published ORDER BY 5 NULLS LAST, t.title LIMIT 6`).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.TrackSummary, error) {
			var s model.TrackSummary
			return s, row.Scan(&s.Slug, &s.Title, &s.Audience, &s.Lang, &s.NextMeeting, &s.Participants)
		})
		*into = list
		return err
	})
}
