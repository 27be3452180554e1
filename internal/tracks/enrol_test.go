package tracks_test

import (
	"context"
	csvpkg "encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

func TestEnrolment(t *testing.T) {
	srv := testutil.NewServer(t)
	open := newTrack(t, srv.DB, "open", true, 0)
	closed := newTrack(t, srv.DB, "closed", false, 0)
	full := newTrack(t, srv.DB, "full", true, 1)
	join(t, srv.DB, full, testutil.CreateUser(t, srv.DB, "staff", "Mora bibliotek").ID)
	staff := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	member := func(track int64) int {
		return count(t, srv.DB, `SELECT count(*) FROM track_participants WHERE track_id = $1 AND user_id = $2`, track, staff.ID)
	}

	t.Run("anonymous is sent to log in", func(t *testing.T) {
		res := srv.Client(t).Post("/tracks/open/join", nil)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("status %d location %q", res.Status, res.Header.Get("Location"))
		}
		if n := count(t, srv.DB, `SELECT count(*) FROM track_participants WHERE track_id = $1`, open); n != 0 {
			t.Errorf("%d participants", n)
		}
		if !strings.Contains(srv.Client(t).Get("/tracks/open?lang=en").Body, "Log in to join") {
			t.Error("no login button for anonymous visitors")
		}
	})

	c := srv.Client(t)
	c.Login(staff.Email)
	for _, tc := range []struct {
		name  string
		slug  string
		track int64
		msg   string
	}{
		{"refused when enrolment is closed", "closed", closed, "enrolment is closed"},
		{"refused when the track is full", "full", full, "every place is taken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Post("/tracks/"+tc.slug+"/join?lang=en", nil)
			if res.Status != http.StatusConflict {
				t.Fatalf("status %d", res.Status)
			}
			if got := res.Doc(t).Find("[role=alert]").Text(); !strings.Contains(got, tc.msg) {
				t.Errorf("message %q, want %q", got, tc.msg)
			}
			if member(tc.track) != 0 {
				t.Error("joined anyway")
			}
		})
	}

	t.Run("joins an open track, twice is harmless", func(t *testing.T) {
		for range 2 {
			res := c.Post("/tracks/open/join", nil)
			if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/tracks/open" {
				t.Fatalf("status %d location %q", res.Status, res.Header.Get("Location"))
			}
		}
		if member(open) != 1 {
			t.Fatalf("membership rows = %d", member(open))
		}
		page := c.Get("/tracks/open?lang=en")
		if !strings.Contains(page.Body, "You are in") || !strings.Contains(page.Body, "1 participant") {
			t.Error("page does not show the membership")
		}
	})

	t.Run("leaves, twice is harmless", func(t *testing.T) {
		for range 2 {
			if res := c.Post("/tracks/open/leave", nil); res.Status != http.StatusSeeOther {
				t.Fatalf("status %d", res.Status)
			}
		}
		if member(open) != 0 {
			t.Error("still a participant")
		}
	})

	t.Run("the last place goes to one of two at once", func(t *testing.T) {
		last := newTrack(t, srv.DB, "last", true, 1)
		a := testutil.CreateUser(t, srv.DB, "staff", "Mora bibliotek")
		b := testutil.CreateUser(t, srv.DB, "staff", "Mora bibliotek")
		ca, cb := srv.Client(t), srv.Client(t)
		ca.Login(a.Email)
		cb.Login(b.Email)
		done := make(chan int, 2)
		for _, cl := range []*testutil.Client{ca, cb} {
			go func() { done <- cl.Post("/tracks/last/join", url.Values{}).Status }()
		}
		statuses := []int{<-done, <-done}
		if n := count(t, srv.DB, `SELECT count(*) FROM track_participants WHERE track_id = $1`, last); n != 1 {
			t.Errorf("%d participants for one place (statuses %v)", n, statuses)
		}
	})
}

func TestCoordinatorPermissions(t *testing.T) {
	srv := testutil.NewServer(t)
	mine := newTrack(t, srv.DB, "mine", true, 0)
	other := newTrack(t, srv.DB, "other", true, 0)
	meeting := addMeeting(t, srv.DB, other, "Kick off", at(2020, time.September, 17, 13))
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, mine, coord.ID)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Kungliga biblioteket")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")

	for _, tc := range []struct {
		name, who, path string
		want            int
	}{
		{"anonymous goes to login", "", "/manage/tracks", http.StatusSeeOther},
		{"staff are refused the list", staff.Email, "/manage/tracks", http.StatusForbidden},
		{"coordinator sees the list", coord.Email, "/manage/tracks", http.StatusOK},
		{"coordinator edits own track", coord.Email, fmt.Sprintf("/manage/tracks/%d", mine), http.StatusOK},
		{"coordinator is refused another track", coord.Email, fmt.Sprintf("/manage/tracks/%d", other), http.StatusForbidden},
		{"coordinator is refused another track's attendance", coord.Email, fmt.Sprintf("/manage/tracks/%d/attendance.csv", other), http.StatusForbidden},
		{"admin edits any track", admin.Email, fmt.Sprintf("/manage/tracks/%d", other), http.StatusOK},
		{"admin opens a meeting", admin.Email, fmt.Sprintf("/manage/tracks/%d/meetings/%d", other, meeting), http.StatusOK},
		{"a meeting of another track is not found", coord.Email, fmt.Sprintf("/manage/tracks/%d/meetings/%d", mine, meeting), http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := srv.Client(t)
			if tc.who != "" {
				c.Login(tc.who)
			}
			if res := c.Get(tc.path); res.Status != tc.want {
				t.Errorf("status %d, want %d", res.Status, tc.want)
			}
		})
	}

	t.Run("coordinator cannot move another track's meeting", func(t *testing.T) {
		c := srv.Client(t)
		c.Login(coord.Email)
		res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d", other, meeting), meetingForm("Hijack", "2020-10-01T10:00", "2020-10-01T12:00", "planned"))
		if res.Status != http.StatusForbidden {
			t.Errorf("status %d", res.Status)
		}
		if n := count(t, srv.DB, `SELECT count(*) FROM track_meetings WHERE id = $1 AND title = 'Kick off' AND sequence = 0`, meeting); n != 1 {
			t.Error("meeting changed")
		}
	})

	t.Run("coordinator creates a track and may edit it", func(t *testing.T) {
		c := srv.Client(t)
		c.Login(coord.Email)
		var prog int64
		if err := srv.DB.QueryRow(context.Background(), `SELECT id FROM programmes LIMIT 1`).Scan(&prog); err != nil {
			t.Fatal(err)
		}
		res := c.Post("/manage/tracks", url.Values{"title": {"Ambassadörsträffar"}, "programme": {fmt.Sprint(prog)}, "lang": {"sv"},
			"goals": {"Ett\nTvå"}, "prework": {"Läs [detta](https://example.org)"}, "enrolment_open": {"on"}, "published": {"on"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", res.Status, res.Doc(t).Find(".error-summary").Text())
		}
		if c.Get(res.Header.Get("Location")).Status != http.StatusOK {
			t.Error("creator cannot edit the new track")
		}
		page := c.Get("/tracks/ambassadorstraffar")
		if page.Status != 200 || !strings.Contains(page.Body, `<a href="https://example.org" rel="noreferrer">detta</a>`) {
			t.Errorf("pre-work not rendered: %d", page.Status)
		}
	})
}

func TestAttendanceCSV(t *testing.T) {
	srv := testutil.NewServer(t)
	id := newTrack(t, srv.DB, "dalasparet", true, 0)
	m1 := addMeeting(t, srv.DB, id, "Kick off", at(2020, time.September, 17, 13))
	addMeeting(t, srv.DB, id, "Det digitala samhället", at(2020, time.October, 15, 13))
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, id, coord.ID)
	a := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	b := testutil.CreateUser(t, srv.DB, "staff", "Borlänge bibliotek")
	outsider := testutil.CreateUser(t, srv.DB, "staff", "Mora bibliotek")
	join(t, srv.DB, id, a.ID)
	join(t, srv.DB, id, b.ID)
	if _, err := srv.DB.Exec(t.Context(), `UPDATE users SET name = 'Åsa Öberg' WHERE id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}

	c := srv.Client(t)
	c.Login(coord.Email)
	res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d/attendance", id, m1), url.Values{"user": {fmt.Sprint(a.ID), fmt.Sprint(outsider.ID)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("record: %d", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM track_attendance WHERE meeting_id = $1`, m1); n != 1 {
		t.Errorf("%d attendance rows, want 1 (outsiders are ignored)", n)
	}
	grid := c.Get(fmt.Sprintf("/manage/tracks/%d/attendance?lang=sv", id))
	if grid.Status != 200 || grid.Doc(t).Find("tbody tr").Length() != 2 {
		t.Fatalf("grid: %d", grid.Status)
	}

	csv := c.Get(fmt.Sprintf("/manage/tracks/%d/attendance.csv?lang=sv", id))
	if csv.Status != 200 || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d type %q", csv.Status, csv.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(csv.Body, "\ufeff") {
		t.Error("no byte-order mark")
	}
	rd := csvpkg.NewReader(strings.NewReader(strings.TrimPrefix(csv.Body, "\ufeff")))
	rd.Comma = ';' // Swedish Excel's list separator
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Namn", "Organisation", "1/2 Kick off (2020-09-17)", "2/2 Det digitala samhället (2020-10-15)", "Antal träffar"},
		{"Åsa Öberg", "Falu stadsbibliotek", "1", "0", "1"},
	}
	if len(rows) != 3 || !slices.Equal(rows[0], want[0]) || !slices.Equal(rows[2], want[1]) ||
		!slices.Equal(rows[1][1:], []string{"Borlänge bibliotek", "0", "0", "0"}) {
		t.Errorf("CSV: %q", rows)
	}
	if !strings.Contains(csv.Body, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	_, params, err := mime.ParseMediaType(csv.Header.Get("Content-Disposition"))
	if err != nil || !strings.HasPrefix(params["filename"], "närvaro-dalasparet-") || !strings.HasSuffix(params["filename"], ".csv") {
		t.Errorf("file name %q: %v", params["filename"], err)
	}

	t.Run("unticking removes the mark", func(t *testing.T) {
		c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d/attendance", id, m1), url.Values{})
		if n := count(t, srv.DB, `SELECT count(*) FROM track_attendance WHERE meeting_id = $1`, m1); n != 0 {
			t.Errorf("%d rows left", n)
		}
	})
}
