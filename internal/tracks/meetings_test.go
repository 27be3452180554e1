package tracks_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"spor/internal/testutil"
)

// meetingForm is the meeting form as a coordinator submits it.
func meetingForm(title, start, end, status string) url.Values {
	return url.Values{"title": {title}, "description": {"Vi reflekterar tillsammans."}, "zone": {"Europe/Stockholm"},
		"starts_at": {start}, "ends_at": {end}, "online_url": {"https://meet.example.org/dala"}, "status": {status},
		"speaker_name_0": {"Eva Exempel"}, "speaker_org_0": {"ett universitet i Sundsvall"}, "speaker_title_0": {"Digitalisering i vardagen"},
		"speaker_name_1": {"Ola Prov"}, "speaker_org_1": {"Regionen"}, "speaker_title_1": {""},
		"speaker_name_2": {""}, "speaker_org_2": {""}, "speaker_title_2": {""},
		"material_title_0": {"Bilder"}, "material_url_0": {"https://example.org/bilder.pdf"},
		"material_title_1": {""}, "material_url_1": {""}}
}

func parseFeed(t *testing.T, body string) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("decode feed: %v\n%s", err, body)
	}
	return cal
}

func eventByUID(t *testing.T, cal *goical.Calendar, uid string) goical.Event {
	t.Helper()
	for _, e := range cal.Events() {
		if v, _ := e.Props.Text(goical.PropUID); v == uid {
			return e
		}
	}
	t.Fatalf("no event %s in feed", uid)
	return goical.Event{}
}

func TestMeetingChangesReachTheFeed(t *testing.T) {
	srv := testutil.NewServer(t)
	id := newTrack(t, srv.DB, "dalasparet", true, 0)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, id, coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)

	res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings", id), meetingForm("Kick off", "2020-09-17T13:00", "2020-09-17T15:00", "planned"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create meeting: %d\n%s", res.Status, res.Body)
	}
	var mid int64
	if err := srv.DB.QueryRow(t.Context(), `SELECT id FROM track_meetings WHERE track_id = $1`, id).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	uid := fmt.Sprintf("meeting-%d@localhost:8080", mid)

	t.Run("the feed carries every field", func(t *testing.T) {
		res := srv.Client(t).Get("/tracks/dalasparet/schedule.ics")
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("status %d, type %q", res.Status, res.Header.Get("Content-Type"))
		}
		cal := parseFeed(t, res.Body)
		if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Spår dalasparet" {
			t.Errorf("X-WR-CALNAME = %q", name)
		}
		if len(cal.Events()) != 1 {
			t.Fatalf("%d events", len(cal.Events()))
		}
		e := eventByUID(t, cal, uid)
		start, err := e.DateTimeStart(time.UTC)
		if err != nil || !start.Equal(at(2020, time.September, 17, 13)) {
			t.Errorf("DTSTART = %v (%v)", start, err)
		}
		end, err := e.DateTimeEnd(time.UTC)
		if err != nil || !end.Equal(at(2020, time.September, 17, 15)) {
			t.Errorf("DTEND = %v (%v)", end, err)
		}
		checks := map[string]string{
			goical.PropSummary: "Kick off", goical.PropSequence: "0", goical.PropStatus: "CONFIRMED",
			goical.PropDescription: "Vi reflekterar tillsammans.", goical.PropLocation: "Online", // the link itself only in participants' feeds
			goical.PropURL: fmt.Sprintf("/tracks/dalasparet#meeting-%d", mid),
		}
		for prop, want := range checks {
			p := e.Props.Get(prop)
			if p == nil || !strings.HasSuffix(p.Value, want) {
				t.Errorf("%s = %v, want %q", prop, p, want)
			}
		}
	})

	t.Run("a moved meeting shows both times and raises SEQUENCE", func(t *testing.T) {
		res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d", id, mid), meetingForm("Kick off", "2020-09-24T14:00", "2020-09-24T16:00", "planned"))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("move: %d", res.Status)
		}
		doc := srv.Client(t).Get("/tracks/dalasparet?lang=sv").Doc(t)
		m := doc.Find(fmt.Sprintf("#meeting-%d", mid))
		old := m.Find("s.meeting__old").Text()
		if !strings.Contains(old, "17 september 2020, 13:00–15:00") {
			t.Errorf("old time struck through = %q", old)
		}
		if got := m.Find("time").Text(); !strings.Contains(got, "torsdag 24 september 2020, 14:00–16:00") {
			t.Errorf("new time = %q", got)
		}
		if !strings.Contains(m.Text(), "Flyttad") {
			t.Error("not marked as moved")
		}
		if n := count(t, srv.DB, `SELECT count(*) FROM track_meeting_moves WHERE meeting_id = $1`, mid); n != 1 {
			t.Errorf("%d history rows", n)
		}
		e := eventByUID(t, parseFeed(t, srv.Client(t).Get("/tracks/dalasparet/schedule.ics").Body), uid)
		if seq := e.Props.Get(goical.PropSequence).Value; seq != "1" {
			t.Errorf("SEQUENCE = %s, want 1", seq)
		}
		if start, _ := e.DateTimeStart(time.UTC); !start.Equal(at(2020, time.September, 24, 14)) {
			t.Errorf("DTSTART = %v", start)
		}
	})

	t.Run("a cancelled meeting shows cancelled and is STATUS:CANCELLED", func(t *testing.T) {
		res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d", id, mid), meetingForm("Kick off", "2020-09-24T14:00", "2020-09-24T16:00", "cancelled"))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.Status)
		}
		doc := srv.Client(t).Get("/tracks/dalasparet?lang=en").Doc(t)
		m := doc.Find(fmt.Sprintf("#meeting-%d", mid))
		if !m.HasClass("status--cancelled") || !strings.Contains(m.Find(".badge--danger").Text(), "Cancelled") {
			t.Errorf("not shown as cancelled: %q", m.Text())
		}
		feed := srv.Client(t).Get("/tracks/dalasparet/schedule.ics").Body
		if !strings.Contains(feed, "STATUS:CANCELLED\r\n") {
			t.Error("feed lacks STATUS:CANCELLED")
		}
		e := eventByUID(t, parseFeed(t, feed), uid)
		if seq := e.Props.Get(goical.PropSequence).Value; seq != "2" {
			t.Errorf("SEQUENCE = %s, want 2", seq)
		}
	})

	t.Run("speakers are listed in order", func(t *testing.T) {
		doc := srv.Client(t).Get("/tracks/dalasparet").Doc(t)
		sp := doc.Find(".speakers li")
		if sp.Length() != 2 || !strings.Contains(sp.First().Text(), "Eva Exempel") || !strings.Contains(sp.First().Text(), "Digitalisering i vardagen") {
			t.Errorf("speakers: %q", sp.Text())
		}
	})

	t.Run("an invalid meeting is shown again with messages", func(t *testing.T) {
		res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings", id), meetingForm("", "2020-09-24T14:00", "2020-09-24T12:00", "planned"))
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.Status)
		}
		if res.Doc(t).Find(".error-summary li").Length() != 2 {
			t.Errorf("messages: %q", res.Doc(t).Find(".error-summary").Text())
		}
	})
}

func TestMeetingLinkOnlyForParticipants(t *testing.T) {
	srv := testutil.NewServer(t)
	track := newTrack(t, srv.DB, "hemligt", true, 0)
	addMeeting(t, srv.DB, track, "Träff", time.Now().Add(48*time.Hour))
	if _, err := srv.DB.Exec(context.Background(), `UPDATE track_meetings SET online_url = 'https://meet.example.org/secret-room'`); err != nil {
		t.Fatal(err)
	}
	anon := srv.Client(t).Get("/tracks/hemligt")
	if anon.Status != 200 || strings.Contains(anon.Body, "secret-room") {
		t.Errorf("anonymous visitors: status %d, link shown: %v", anon.Status, strings.Contains(anon.Body, "secret-room"))
	}
	if ics := srv.Client(t).Get("/tracks/hemligt/schedule.ics"); strings.Contains(ics.Body, "secret-room") {
		t.Error("the public schedule feed carries the meeting link")
	}
	staff := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	c := srv.Client(t)
	c.Login(staff.Email)
	if strings.Contains(c.Get("/tracks/hemligt").Body, "secret-room") {
		t.Error("staff who have not joined see the meeting link")
	}
	join(t, srv.DB, track, staff.ID)
	if !strings.Contains(c.Get("/tracks/hemligt").Body, "secret-room") {
		t.Error("a participant does not see the meeting link")
	}
}
