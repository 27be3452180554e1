package me

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/ical"
	"spor/internal/model"
)

// trackMeetings is the personal feed's source for seminar tracks: every meeting of
// every track the user joined, with the same UID and SEQUENCE as the track's own
// schedule.ics, so a calendar subscribed to both sees one event that moves.
func trackMeetings(ctx context.Context, db *pgxpool.Pool, userID int64, baseURL string) ([]ical.Event, error) {
	// Number and Of count every meeting of the track, as the track's own schedule does.
	rows, err := db.Query(ctx, `SELECT m.id, t.slug, t.title, m.title, m.description, m.starts_at, m.ends_at,
			m.online_url, m.place, m.status, m.sequence, m.updated_at,
			row_number() OVER (PARTITION BY m.track_id ORDER BY m.starts_at, m.id),
			count(*) OVER (PARTITION BY m.track_id)
		FROM track_meetings m
		JOIN tracks t ON t.id = m.track_id
		JOIN track_participants p ON p.track_id = t.id AND p.user_id = $1
		ORDER BY m.starts_at, m.id LIMIT 2000`, userID)
	if err != nil {
		return nil, database.Wrap(err, "me: track meetings")
	}
	base := strings.TrimRight(baseURL, "/")
	events, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ical.Event, error) {
		var id int64
		var slug, track, online, place, status string
		var e ical.Event
		var m model.Meeting
		if err := row.Scan(&id, &slug, &track, &m.Title, &e.Description, &e.Start, &e.End, &online, &place,
			&status, &e.Sequence, &e.Updated, &m.Number, &m.Of); err != nil {
			return e, err
		}
		m.TrackTitle = track
		e.Summary = m.CalendarSummary()
		e.UID = ical.UID("meeting", id, baseURL)
		e.URL = base + "/tracks/" + slug + "#meeting-" + strconv.FormatInt(id, 10)
		e.Location = place
		if e.Location == "" {
			e.Location = online
		}
		e.Categories = []string{track}
		e.Status = ical.StatusConfirmed
		if status == model.MeetingCancelled {
			e.Status = ical.StatusCancelled
		}
		return e, nil
	})
	return events, database.Wrap(err, "me: track meetings")
}
