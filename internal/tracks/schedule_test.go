package tracks_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"spor/internal/model"
	"spor/internal/testutil"
	"spor/internal/tracks"
)

func TestScheduleByTermNumberedInOrder(t *testing.T) {
	srv := testutil.NewServer(t)
	id := newTrack(t, srv.DB, "dalasparet", true, 0)
	// Inserted out of order: the page orders by time.
	addMeeting(t, srv.DB, id, "Driva frågor uppåt", at(2021, time.May, 20, 13))
	addMeeting(t, srv.DB, id, "Kick off", at(2020, time.September, 17, 13))
	addMeeting(t, srv.DB, id, "En lärande organisation", at(2021, time.March, 18, 13))
	addMeeting(t, srv.DB, id, "Det digitala samhället", at(2020, time.October, 15, 13))
	addMeeting(t, srv.DB, id, "Vårt digitala uppdrag", at(2021, time.February, 11, 13))
	addMeeting(t, srv.DB, id, "Vad är digitalisering?", at(2020, time.November, 19, 13))

	c := srv.Client(t)
	res := c.Get("/tracks/dalasparet?lang=sv")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	doc := res.Doc(t)
	var terms []string
	doc.Find("#track-schedule ~ h3, section[aria-labelledby=track-schedule] h3").Each(func(_ int, s *goquery.Selection) {
		terms = append(terms, s.Text())
	})
	if got := strings.Join(terms, ","); got != "Hösten 2020,Våren 2021" {
		t.Errorf("terms = %q", got)
	}
	want := []string{"Kick off", "Det digitala samhället", "Vad är digitalisering?", "Vårt digitala uppdrag", "En lärande organisation", "Driva frågor uppåt"}
	items := doc.Find(".schedule .meeting")
	if items.Length() != 6 {
		t.Fatalf("%d meetings shown", items.Length())
	}
	items.Each(func(i int, s *goquery.Selection) {
		if got := s.Find("h4").Text(); got != want[i] {
			t.Errorf("meeting %d = %q, want %q", i+1, got, want[i])
		}
		if got := s.Find(".meeting__number").Text(); got != fmt.Sprintf("%d/6", i+1) {
			t.Errorf("meeting %d numbered %q", i+1, got)
		}
		if !s.HasClass("meeting--past") {
			t.Errorf("meeting %d not marked past", i+1)
		}
	})
	if doc.Find(".meeting--next").Length() != 0 {
		t.Error("a past meeting is highlighted as next")
	}
	if got := doc.Find(".prose a").AttrOr("href", ""); got != "https://example.org" {
		t.Errorf("pre-work link = %q", got)
	}

	t.Run("Danish and English name the terms", func(t *testing.T) {
		for lang, want := range map[string]string{"da": "Efteråret 2020", "en": "Autumn 2020"} {
			doc := c.Get("/tracks/dalasparet?lang=" + lang).Doc(t)
			if got := doc.Find("section[aria-labelledby=track-schedule] h3").First().Text(); got != want {
				t.Errorf("%s: %q, want %q", lang, got, want)
			}
		}
	})

	t.Run("the next meeting is highlighted", func(t *testing.T) {
		soon := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
		later := soon.Add(30 * 24 * time.Hour)
		addMeeting(t, srv.DB, id, "Uppföljning", later)
		next := addMeeting(t, srv.DB, id, "Extra träff", soon)
		doc := c.Get("/tracks/dalasparet?lang=sv").Doc(t)
		hl := doc.Find(".meeting--next")
		if hl.Length() != 1 || hl.AttrOr("id", "") != fmt.Sprintf("meeting-%d", next) {
			t.Fatalf("highlighted %d meetings, id %q", hl.Length(), hl.AttrOr("id", ""))
		}
		if hl.AttrOr("aria-current", "") == "" || !strings.Contains(hl.Text(), "Nästa träff") {
			t.Errorf("next meeting not announced: %q", hl.Text())
		}
		if got := hl.Find(".meeting__number").Text(); got != "7/8" {
			t.Errorf("next meeting numbered %q", got)
		}
	})
}

func TestTrackPageQueriesDoNotGrow(t *testing.T) {
	srv := testutil.NewServer(t)
	small := newTrack(t, srv.DB, "small", true, 0)
	big := newTrack(t, srv.DB, "big", true, 0)
	addMeeting(t, srv.DB, small, "Ett", at(2021, time.March, 1, 10))
	for i := range 12 {
		m := addMeeting(t, srv.DB, big, fmt.Sprintf("Träff %d", i), at(2021, time.March, 1+i, 10))
		if _, err := srv.DB.Exec(t.Context(), `INSERT INTO track_speakers (meeting_id, position, name) VALUES ($1, 1, 'A'), ($1, 2, 'B')`, m); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.DB.Exec(t.Context(), `INSERT INTO track_materials (meeting_id, position, title, url) VALUES ($1, 1, 'Bilder', 'https://example.org')`, m); err != nil {
			t.Fatal(err)
		}
	}
	for range 25 {
		u := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
		join(t, srv.DB, big, u.ID)
	}
	viewer := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	c := srv.Client(t)
	c.Login(viewer.Email)
	c.Get("/me") // the first page after login writes the session once; measure after it
	a := c.Get("/tracks/small")
	b := c.Get("/tracks/big")
	if a.Status != 200 || b.Status != 200 {
		t.Fatalf("status %d, %d", a.Status, b.Status)
	}
	qa, qb := a.Header.Get("X-Spor-Queries"), b.Header.Get("X-Spor-Queries")
	if qa == "" || qa != qb {
		t.Errorf("queries: small track %s, big track %s", qa, qb)
	}
	if !strings.Contains(b.Body, "25 deltagare") && !strings.Contains(b.Body, "25 deltagere") {
		t.Error("participant count not shown")
	}
}

func TestTracksListedOnHomeAndTracks(t *testing.T) {
	srv := testutil.NewServer(t)
	id := newTrack(t, srv.DB, "bibliotekschefsspar", true, 0)
	addMeeting(t, srv.DB, id, "Att leda förändring", time.Now().Add(14*24*time.Hour))
	hidden := newTrack(t, srv.DB, "utkast", true, 0)
	if _, err := srv.DB.Exec(t.Context(), `UPDATE tracks SET published = false WHERE id = $1`, hidden); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	for _, path := range []string{"/?lang=en", "/tracks?lang=en"} {
		res := c.Get(path)
		doc := res.Doc(t)
		card := doc.Find(`.card a[href="/tracks/bibliotekschefsspar"]`).Closest(".card")
		if res.Status != 200 || card.Length() != 1 || !strings.Contains(card.Text(), "Next meeting") {
			t.Errorf("%s: status %d, card %q", path, res.Status, card.Text())
		}
		if strings.Contains(res.Body, "/tracks/utkast") {
			t.Errorf("%s lists an unpublished track", path)
		}
	}
	if res := c.Get("/tracks/utkast"); res.Status != http.StatusNotFound {
		t.Errorf("unpublished track: %d", res.Status)
	}
}

func TestQueueProgrammeTracks(t *testing.T) {
	db := testutil.NewDB(t)
	id := newTrack(t, db, "dalasparet", true, 0)
	addMeeting(t, db, id, "Kick off", time.Now().Add(48*time.Hour))
	join(t, db, id, testutil.CreateUser(t, db, "staff", "Falu stadsbibliotek").ID)
	var prog int64
	if err := db.QueryRow(t.Context(), `SELECT programme_id FROM tracks WHERE id = $1`, id).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	var list []model.TrackSummary
	var b pgx.Batch
	tracks.QueueProgrammeTracks(&b, prog, &list)
	if err := db.SendBatch(t.Context(), &b).Close(); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Slug != "dalasparet" || list[0].Participants != 1 || list[0].NextMeeting == nil {
		t.Errorf("programme tracks = %+v", list)
	}
}
