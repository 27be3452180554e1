package events_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

func eventForm(groupID int64, title string) url.Values {
	start := time.Now().AddDate(0, 1, 0)
	return url.Values{
		"group": {fmt.Sprint(groupID)}, "title": {title}, "description": {"Om **læring**"},
		"zone": {"Europe/Stockholm"}, "starts_at": {start.Format("2006-01-02") + "T10:00"},
		"ends_at": {start.Format("2006-01-02") + "T12:00"}, "place": {"Falu stadsbibliotek"},
		"lang": {"sv"}, "audience": {"public"}, "status": {"published"}, "capacity": {"30"},
	}
}

// Only coordinators of the event's own group (and admins) may manage its events.
func TestManagePermissions(t *testing.T) {
	srv := testutil.NewServer(t)
	own := newGroup(t, srv.DB, "public")
	other := newGroup(t, srv.DB, "public")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, own.GroupID, coord.ID)
	otherCoord := testutil.CreateUser(t, srv.DB, "coordinator", "Falu stadsbibliotek")
	coordinate(t, srv.DB, other.GroupID, otherCoord.ID)
	staff := testutil.CreateUser(t, srv.DB, "staff", "Mora bibliotek")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	// Still listed on the group, but demoted to staff: rights follow the role.
	demoted := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, own.GroupID, demoted.ID)
	if _, err := srv.DB.Exec(context.Background(), `UPDATE users SET role = 'staff' WHERE id = $1`, demoted.ID); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name  string
		email string
		want  int
	}{
		{"coordinator of the group may", coord.Email, http.StatusOK},
		{"coordinator of another group may not", otherCoord.Email, http.StatusForbidden},
		{"staff may not", staff.Email, http.StatusForbidden},
		{"demoted coordinator of the group may not", demoted.Email, http.StatusForbidden},
		{"admin may", admin.Email, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := newEvent(t, srv.DB, own.GroupID, ev{})
			var before int
			srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM events`).Scan(&before)
			cl := srv.Client(t)
			cl.Login(c.email)
			gets := []string{
				fmt.Sprintf("/manage/events/new?group=%d", own.GroupID),
				fmt.Sprintf("/manage/events/%d/edit", id),
				fmt.Sprintf("/manage/events/%d/participants", id),
				fmt.Sprintf("/manage/events/%d/participants.csv", id),
			}
			for _, p := range gets {
				if res := cl.Get(p); res.Status != c.want {
					t.Errorf("GET %s: %d, want %d", p, res.Status, c.want)
				}
			}
			ok := c.want == http.StatusOK
			posted := map[int]bool{http.StatusSeeOther: true}
			check := func(what string, res testutil.Response) {
				t.Helper()
				if posted[res.Status] != ok || (!ok && res.Status != http.StatusForbidden) {
					t.Errorf("%s: %d (allowed: %v)", what, res.Status, ok)
				}
			}
			check("create", cl.Post("/manage/events", eventForm(own.GroupID, "Nyt seminar "+c.name)))
			check("edit", cl.Post(fmt.Sprintf("/manage/events/%d/edit", id), eventForm(own.GroupID, "Rettet "+c.name)))
			check("duplicate", cl.Post(fmt.Sprintf("/manage/events/%d/duplicate", id), url.Values{}))
			check("cancel", cl.Post(fmt.Sprintf("/manage/events/%d/cancel", id), url.Values{}))
			var title, status string
			var n int
			srv.DB.QueryRow(context.Background(), `SELECT title, status, (SELECT count(*) FROM events) FROM events WHERE id = $1`, id).Scan(&title, &status, &n)
			if ok && (title != "Rettet "+c.name || status != "cancelled" || n != before+2) {
				t.Errorf("after managing: title %q, status %s, %d events in the group", title, status, n)
			}
			if !ok && (strings.HasPrefix(title, "Rettet") || status != "published" || n != before) {
				t.Errorf("refused, yet the event changed: %q %s", title, status)
			}
		})
	}
}

func TestEventFormValidation(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)
	form := eventForm(g.GroupID, "")
	form.Set("online_url", "javascript:alert(1)")
	form.Set("ends_at", "2020-01-01T10:00")
	res := c.Post("/manage/events", form)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.Status)
	}
	doc := res.Doc(t)
	for _, f := range []string{"title", "online_url", "ends_at"} {
		if doc.Find("#f-"+f+"-error").Length() != 1 {
			t.Errorf("no message for %s", f)
		}
	}
	if v, _ := doc.Find("#f-place").Attr("value"); v != "Falu stadsbibliotek" {
		t.Errorf("the user's input was lost: place %q", v)
	}
	// A valid form saves, with the times in the zone it names.
	res = c.Post("/manage/events", eventForm(g.GroupID, "Workshop"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("valid form: %d", res.Status)
	}
	var zone, html string
	var start time.Time
	srv.DB.QueryRow(context.Background(), `SELECT zone, starts_at, description_html FROM events WHERE title = 'Workshop'`).Scan(&zone, &start, &html)
	loc, _ := time.LoadLocation("Europe/Stockholm")
	if zone != "Europe/Stockholm" || start.In(loc).Hour() != 10 || !strings.Contains(html, "<strong>læring</strong>") {
		t.Errorf("saved zone %s, start %v, html %q", zone, start.In(loc), html)
	}
}

func TestParticipantsCSVAndAttendance(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, g.GroupID, coord.ID)
	id := newEvent(t, srv.DB, g.GroupID, ev{Capacity: 1})
	first := testutil.CreateUser(t, srv.DB, "staff", "Æbeltoft Bibliotek")
	second := testutil.CreateUser(t, srv.DB, "staff", "=HYPERLINK(\"x\") Bibliotek")
	for _, u := range []testutil.User{first, second} {
		cl := srv.Client(t)
		cl.Login(u.Email)
		cl.Post(fmt.Sprintf("/events/%d/register", id), url.Values{})
	}
	c := srv.Client(t)
	c.Login(coord.Email)
	res := c.Get(fmt.Sprintf("/manage/events/%d/participants.csv?lang=en", id))
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(res.Body, "\uFEFF") {
		t.Fatal("no UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Name" || rows[0][2] != "Organisation" || rows[0][3] != "Status" {
		t.Fatalf("rows %q", rows)
	}
	if rows[1][2] != "Æbeltoft Bibliotek" || rows[1][3] != "Confirmed" {
		t.Errorf("row 1 %q", rows[1])
	}
	if rows[2][2] != `'=HYPERLINK("x") Bibliotek` || rows[2][3] != "Waitlisted" || rows[2][4] != "1" {
		t.Errorf("row 2 %q", rows[2])
	}
	// Danish Excel: ';' separator, the name of a field cut out by a naive split is
	// no formula either, and the file says what and which event.
	srv.DB.Exec(context.Background(), `UPDATE users SET name = 'Bo;=1+1' WHERE id = $1`, first.ID)
	srv.DB.Exec(context.Background(), `UPDATE events SET title = 'Digital dannelse: kick-off', starts_at = '2031-03-04 09:00+01', ends_at = '2031-03-04 12:00+01' WHERE id = $1`, id)
	da := c.Get(fmt.Sprintf("/manage/events/%d/participants.csv?lang=da", id))
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(da.Body, "\uFEFF")))
	r.Comma = ';'
	rows, err = r.ReadAll()
	if err != nil || len(rows) != 3 || len(rows[0]) != 7 || rows[0][0] != "Navn" || rows[0][2] != "Organisation" {
		t.Fatalf("Danish rows %q: %v", rows, err)
	}
	if rows[1][0] != "Bo;'=1+1" || rows[2][2] != `'=HYPERLINK("x") Bibliotek` {
		t.Errorf("not neutralised: %q %q", rows[1][0], rows[2][2])
	}
	if !strings.Contains(da.Body, "\r\n") || da.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("line ends or caching: %q", da.Header.Get("Cache-Control"))
	}
	_, params, err := mime.ParseMediaType(da.Header.Get("Content-Disposition"))
	if err != nil || params["filename"] != "deltagere-digital-dannelse-kick-off-2031-03-04.csv" {
		t.Errorf("file name %q: %v", params["filename"], err)
	}

	// Moving someone off the waitlist by hand.
	var regID int64
	srv.DB.QueryRow(context.Background(), `SELECT id FROM event_registrations WHERE user_id = $1`, second.ID).Scan(&regID)
	if res := c.Post(fmt.Sprintf("/manage/events/%d/participants/%d/promote", id, regID), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("promote: %d", res.Status)
	}
	if got := regStatus(t, srv.DB, id, second.ID); got != "confirmed" {
		t.Errorf("promoted by hand: %s", got)
	}
	// Afterwards: attendance.
	srv.DB.Exec(context.Background(), `UPDATE events SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, id)
	page := c.Get(fmt.Sprintf("/manage/events/%d/participants", id))
	if page.Doc(t).Find(`input[name="attended"]`).Length() != 2 {
		t.Fatalf("no attendance checkboxes after the event")
	}
	c.Post(fmt.Sprintf("/manage/events/%d/attendance", id), url.Values{"attended": {fmt.Sprint(regID)}})
	var came, missed *bool
	srv.DB.QueryRow(context.Background(), `SELECT (SELECT attended FROM event_registrations WHERE id = $1),
		(SELECT attended FROM event_registrations WHERE user_id = $2)`, regID, first.ID).Scan(&came, &missed)
	if came == nil || !*came || missed == nil || *missed {
		t.Errorf("attendance: came %v, missed %v", came, missed)
	}
}

// A meeting nobody came to is recorded as "did not come" for everyone, not left
// unrecorded (an empty form must not send NULL to the database).
func TestAttendanceWhenNobodyCame(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, g.GroupID, coord.ID)
	id := newEvent(t, srv.DB, g.GroupID, ev{})
	var ids []int64
	for range 2 {
		u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
		cl := srv.Client(t)
		cl.Login(u.Email)
		cl.Post(fmt.Sprintf("/events/%d/register", id), url.Values{})
		ids = append(ids, u.ID)
	}
	srv.DB.Exec(context.Background(), `UPDATE events SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, id)
	c := srv.Client(t)
	c.Login(coord.Email)
	if res := c.Post(fmt.Sprintf("/manage/events/%d/attendance", id), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("attendance: %d", res.Status)
	}
	rows, err := srv.DB.Query(context.Background(), `SELECT attended FROM event_registrations WHERE event_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var attended *bool
		if err := rows.Scan(&attended); err != nil {
			t.Fatal(err)
		}
		if attended == nil || *attended {
			t.Errorf("attended = %v, want false (did not come)", attended)
		}
		n++
	}
	if n != len(ids) {
		t.Fatalf("%d registrations, want %d", n, len(ids))
	}
}
