package tracks_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

// newTrack inserts a published track in a test programme and returns its id.
func newTrack(t *testing.T, db *pgxpool.Pool, slug string, open bool, capacity int) int64 {
	t.Helper()
	ctx := context.Background()
	var prog int64
	if err := db.QueryRow(ctx, `INSERT INTO programmes (slug, title, lang) VALUES ('digitalt-forst', 'Digitalt först med användaren i fokus', 'sv')
		ON CONFLICT (slug) DO UPDATE SET title = excluded.title RETURNING id`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	var capArg *int
	if capacity > 0 {
		capArg = &capacity
	}
	var id int64
	if err := db.QueryRow(ctx, `INSERT INTO tracks (programme_id, slug, title, audience, goals, prework_md, prework_html, lang, enrolment_open, capacity)
		VALUES ($1, $2, $3, 'Bibliotekschefer', ARRAY['Förstå begreppen', 'Reflektera'], 'Se [kursen](https://example.org)', '<p>Se <a href="https://example.org">kursen</a></p>', 'sv', $4, $5) RETURNING id`,
		prog, slug, "Spår "+slug, open, capArg).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// addMeeting inserts a two-hour meeting starting at start and returns its id.
func addMeeting(t *testing.T, db *pgxpool.Pool, trackID int64, title string, start time.Time) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), `INSERT INTO track_meetings (track_id, title, description, starts_at, ends_at, zone, online_url)
		VALUES ($1, $2, 'Beskrivning', $3, $4, 'Europe/Stockholm', 'https://meet.example.org/x') RETURNING id`,
		trackID, title, start, start.Add(2*time.Hour)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func join(t *testing.T, db *pgxpool.Pool, trackID, userID int64) {
	t.Helper()
	if _, err := db.Exec(context.Background(), `INSERT INTO track_participants (track_id, user_id) VALUES ($1, $2)`, trackID, userID); err != nil {
		t.Fatal(err)
	}
}

func coordinate(t *testing.T, db *pgxpool.Pool, trackID, userID int64) {
	t.Helper()
	if _, err := db.Exec(context.Background(), `INSERT INTO track_coordinators (track_id, user_id) VALUES ($1, $2)`, trackID, userID); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, stockholm) }
