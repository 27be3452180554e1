package me_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/ical"
	"spor/internal/me"
	"spor/internal/testutil"
)

// seedTrack makes a track with two meetings (the second moved, then cancelled) and
// returns the track id and the meetings' ids.
func seedTrack(t *testing.T, db *pgxpool.Pool, slug string) (int64, [2]int64) {
	t.Helper()
	ctx := context.Background()
	var prog, track int64
	if err := db.QueryRow(ctx, `INSERT INTO programmes (slug, title) VALUES ('digitalt-forst', 'Digitalt först')
		ON CONFLICT (slug) DO UPDATE SET title = excluded.title RETURNING id`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `INSERT INTO tracks (programme_id, slug, title, lang) VALUES ($1, $2, $3, 'sv') RETURNING id`,
		prog, slug, "Spår "+slug).Scan(&track); err != nil {
		t.Fatal(err)
	}
	var ids [2]int64
	start := time.Date(2020, 9, 17, 11, 0, 0, 0, time.UTC)
	for i, title := range []string{"Kick off", "Det digitala samhället"} {
		s := start.AddDate(0, i, 0)
		if err := db.QueryRow(ctx, `INSERT INTO track_meetings (track_id, title, starts_at, ends_at, online_url)
			VALUES ($1, $2, $3, $4, 'https://meet.example.org/x') RETURNING id`, track, title, s, s.Add(2*time.Hour)).Scan(&ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, `UPDATE track_meetings SET status = 'cancelled', sequence = 2 WHERE id = $1`, ids[1]); err != nil {
		t.Fatal(err)
	}
	return track, ids
}

func TestTrackMeetingsFeedSource(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	joined, ids := seedTrack(t, db, "dalasparet")
	seedTrack(t, db, "annat") // not joined: must not appear
	u := testutil.CreateUser(t, db, "staff", "Falu stadsbibliotek")
	if _, err := db.Exec(ctx, `INSERT INTO track_participants (track_id, user_id) VALUES ($1, $2)`, joined, u.ID); err != nil {
		t.Fatal(err)
	}

	events, err := me.TrackMeetings(ctx, db, u.ID, "https://spor.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("%d events, want the 2 meetings of the joined track", len(events))
	}
	var buf bytes.Buffer
	if err := ical.Encode(&buf, ical.Calendar{Name: "Spor", Events: events}, time.Now()); err != nil {
		t.Fatal(err)
	}
	cal, err := goical.NewDecoder(&buf).Decode()
	if err != nil {
		t.Fatal(err)
	}
	got := cal.Events()
	for i, want := range []struct{ uid, summary, status, seq string }{
		// The UID's domain is BASE_URL's host; the summary names the track and place.
		{"meeting-" + itoa(ids[0]) + "@spor.example.org", "Spår dalasparet 1/2: Kick off", "CONFIRMED", "0"},
		{"meeting-" + itoa(ids[1]) + "@spor.example.org", "Spår dalasparet 2/2: Det digitala samhället", "CANCELLED", "2"},
	} {
		e := got[i]
		uid, _ := e.Props.Text(goical.PropUID)
		summary, _ := e.Props.Text(goical.PropSummary)
		status, _ := e.Props.Text(goical.PropStatus)
		seq := e.Props.Get(goical.PropSequence).Value
		if uid != want.uid || summary != want.summary || status != want.status || seq != want.seq {
			t.Errorf("event %d: %s %q %s %s, want %+v", i, uid, summary, status, seq, want)
		}
		if u := e.Props.Get(goical.PropURL).Value; !strings.HasPrefix(u, "https://spor.example.org/tracks/dalasparet#meeting-") {
			t.Errorf("URL = %q", u)
		}
	}

	t.Run("nothing for a user without tracks", func(t *testing.T) {
		other := testutil.CreateUser(t, db, "staff", "Mora bibliotek")
		if events, err := me.TrackMeetings(ctx, db, other.ID, ""); err != nil || len(events) != 0 {
			t.Errorf("%d events, %v", len(events), err)
		}
	})
}

func TestMyTracksOnMe(t *testing.T) {
	srv := testutil.NewServer(t)
	joined, ids := seedTrack(t, srv.DB, "dalasparet")
	u := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	if _, err := srv.DB.Exec(context.Background(), `INSERT INTO track_participants (track_id, user_id) VALUES ($1, $2)`, joined, u.ID); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(u.Email)
	doc := c.Get("/me?lang=sv").Doc(t)
	if got := doc.Find("#me-tracks ~ ul h3, section[aria-labelledby=me-tracks] .card h3").Text(); got != "Spår dalasparet" {
		t.Errorf("my tracks = %q", got)
	}
	items := doc.Find(".my-schedule > li")
	if items.Length() != 2 {
		t.Fatalf("%d meetings in the combined schedule", items.Length())
	}
	if !strings.Contains(items.Eq(0).Text(), "Kick off") || !strings.Contains(items.Eq(0).Find(".meeting__number").Text(), "1/2") {
		t.Errorf("first meeting: %q", items.Eq(0).Text())
	}
	if !strings.Contains(items.Eq(1).Text(), "Inställd") || items.Eq(1).AttrOr("id", "") != "my-meeting-"+itoa(ids[1]) {
		t.Errorf("second meeting: %q", items.Eq(1).Text())
	}
}
