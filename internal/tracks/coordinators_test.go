package tracks_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"spor/internal/testutil"
)

func TestOnlyCoordinatorsCanBeAssignedToTracks(t *testing.T) {
	srv := testutil.NewServer(t)
	id := newTrack(t, srv.DB, "roller", true, 0)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Region Dalarna")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	var prog int64
	if err := srv.DB.QueryRow(t.Context(), `SELECT programme_id FROM tracks WHERE id = $1`, id).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(admin.Email)
	form := func(emails ...string) url.Values {
		return url.Values{"title": {"Roller"}, "slug": {"roller"}, "programme": {fmt.Sprint(prog)}, "lang": {"sv"},
			"published": {"on"}, "coordinators": {strings.Join(emails, "\n")}}
	}
	path := fmt.Sprintf("/manage/tracks/%d/?lang=sv", id)
	res := c.Post(path, form(coord.Email, staff.Email))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "rollen samordnare eller administratör") {
		t.Errorf("staff as coordinator: %d, want 422 naming the role", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM track_coordinators WHERE track_id = $1`, id); n != 0 {
		t.Errorf("%d assignments after a refused form", n)
	}
	if res := c.Post(path, form(coord.Email)); res.Status != http.StatusSeeOther {
		t.Fatalf("a coordinator: %d, want 303", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM track_coordinators WHERE track_id = $1 AND user_id = $2`, id, coord.ID); n != 1 {
		t.Error("coordinator not assigned")
	}
}

func TestMeetingZoneValidatedBeforeUse(t *testing.T) {
	srv := testutil.NewServer(t)
	id := newTrack(t, srv.DB, "zoner", true, 0)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, id, coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	for _, zone := range []string{"America/New_York", "Local", strings.Repeat("Europe/Stockholm/", 4000)} {
		form := meetingForm("Kick off", "2020-09-17T13:00", "2020-09-17T15:00", "planned")
		form.Set("zone", zone)
		res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings", id), form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("zone %.30q: %d, want 422", zone, res.Status)
		}
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM track_meetings WHERE track_id = $1`, id); n != 0 {
		t.Errorf("%d meetings saved with a zone Spor does not offer", n)
	}
}
