package events_test

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

// parseICS checks the stream's framing and parses it back with go-ical.
func parseICS(t *testing.T, res testutil.Response) *goical.Calendar {
	t.Helper()
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("status %d, type %q", res.Status, res.Header.Get("Content-Type"))
	}
	for _, line := range strings.Split(strings.TrimSuffix(res.Body, "\r\n"), "\r\n") {
		if strings.Contains(line, "\n") {
			t.Fatalf("bare LF in %q", line)
		}
		if len(line) > 75 {
			t.Fatalf("line longer than 75 octets: %q", line)
		}
	}
	cal, err := goical.NewDecoder(strings.NewReader(res.Body)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, res.Body)
	}
	return cal
}

// text is a TEXT property unescaped.
func text(t *testing.T, e goical.Event, name string) string {
	t.Helper()
	v, err := e.Props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func prop(t *testing.T, e goical.Event, name string) string {
	t.Helper()
	p := e.Props.Get(name)
	if p == nil {
		t.Fatalf("%s missing", name)
	}
	return p.Value
}

// Times entered on the days the clocks change come out right in UTC.
func TestEventICSAcrossDaylightSaving(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)
	cases := []struct {
		name, zone, start, end string
		wantStart, wantEnd     string
	}{
		{"Copenhagen, last Sunday of March (CEST)", "Europe/Copenhagen", "2027-03-28T10:00", "2027-03-28T12:00", "20270328T080000Z", "20270328T100000Z"},
		{"Copenhagen, across the spring change", "Europe/Copenhagen", "2027-03-28T01:30", "2027-03-28T03:30", "20270328T003000Z", "20270328T013000Z"},
		{"Copenhagen, last Sunday of October (CET)", "Europe/Copenhagen", "2027-10-31T10:00", "2027-10-31T12:00", "20271031T090000Z", "20271031T110000Z"},
		{"Stockholm, the Saturday before October's change (CEST)", "Europe/Stockholm", "2027-10-30T10:00", "2027-10-30T11:00", "20271030T080000Z", "20271030T090000Z"},
		{"Helsinki, last Sunday of March (EEST)", "Europe/Helsinki", "2027-03-28T10:00", "2027-03-28T12:00", "20270328T070000Z", "20270328T090000Z"},
		{"Oslo, last Sunday of October (CET)", "Europe/Oslo", "2027-10-31T18:00", "2027-10-31T20:30", "20271031T170000Z", "20271031T193000Z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := eventForm(g.GroupID, "Seminar "+tc.name)
			form.Set("zone", tc.zone)
			form.Set("starts_at", tc.start)
			form.Set("ends_at", tc.end)
			form.Set("registration_closes", "2027-03-01T12:00")
			res := c.Post("/manage/events", form)
			if res.Status != http.StatusSeeOther {
				t.Fatalf("create: %d", res.Status)
			}
			path := res.Header.Get("Location")
			cal := parseICS(t, c.Get(path+".ics"))
			evs := cal.Events()
			if len(evs) != 1 {
				t.Fatalf("%d events", len(evs))
			}
			e := evs[0]
			id := strings.TrimPrefix(path, "/events/")
			if got := prop(t, e, goical.PropUID); got != "event-"+id+"@localhost:8080" {
				t.Errorf("UID %q", got)
			}
			if got := prop(t, e, goical.PropDateTimeStart); got != tc.wantStart {
				t.Errorf("DTSTART %s, want %s", got, tc.wantStart)
			}
			if got := prop(t, e, goical.PropDateTimeEnd); got != tc.wantEnd {
				t.Errorf("DTEND %s, want %s", got, tc.wantEnd)
			}
			if got := text(t, e, goical.PropSummary); got != "Seminar "+tc.name {
				t.Errorf("SUMMARY %q", got)
			}
			if got := prop(t, e, goical.PropStatus); got != "CONFIRMED" {
				t.Errorf("STATUS %q", got)
			}
			if got := prop(t, e, goical.PropSequence); got != "0" {
				t.Errorf("SEQUENCE %q", got)
			}
			if prop(t, e, goical.PropDateTimeStamp) == "" || !strings.HasSuffix(prop(t, e, goical.PropURL), path) {
				t.Error("DTSTAMP or URL missing")
			}
			// The page names the zone and shows the local time.
			page := c.Get(path)
			if !strings.Contains(page.Body, tc.start[11:]) || !strings.Contains(page.Body, "tid)") {
				t.Errorf("page does not show %s with the zone named", tc.start[11:])
			}
		})
	}
}

func TestSequenceAndCancelledInFeeds(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, g.GroupID, coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	id := newEvent(t, srv.DB, g.GroupID, ev{Title: "Kick-off, digital transformation og læring: en meget lang titel der skal foldes pænt"})
	staffOnly := newEvent(t, srv.DB, g.GroupID, ev{Audience: "staff", Title: "Intern workshop"})
	newEvent(t, srv.DB, g.GroupID, ev{Status: "draft", Title: "Kladde"})
	allDay := newEvent(t, srv.DB, g.GroupID, ev{AllDay: true, Title: "Temadag",
		Start: time.Date(2027, 10, 31, 0, 0, 0, 0, time.FixedZone("CET", 3600)), End: time.Date(2027, 11, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600))})

	form := eventForm(g.GroupID, "Kick-off, rettet")
	if res := c.Post(fmt.Sprintf("/manage/events/%d/edit", id), form); res.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.Status)
	}
	c.Post(fmt.Sprintf("/manage/events/%d/cancel", id), url.Values{})

	cal := parseICS(t, srv.Client(t).Get("/groups/"+g.GroupSlug+"/events.ics"))
	if got := cal.Props.Get("X-WR-CALNAME"); got == nil || !strings.HasPrefix(got.Value, "Group ") {
		t.Errorf("X-WR-CALNAME %v", got)
	}
	byUID := map[string]goical.Event{}
	for _, e := range cal.Events() {
		byUID[prop(t, e, goical.PropUID)] = e
	}
	if len(byUID) != 2 {
		t.Fatalf("%d events in the group feed, want 2 (not the staff event, not the draft)", len(byUID))
	}
	if _, ok := byUID[fmt.Sprintf("event-%d@localhost:8080", staffOnly)]; ok {
		t.Error("the public group feed carries a staff-only event")
	}
	e := byUID[fmt.Sprintf("event-%d@localhost:8080", id)]
	if prop(t, e, goical.PropStatus) != "CANCELLED" || prop(t, e, goical.PropSequence) != "2" || text(t, e, goical.PropSummary) != "Kick-off, rettet" {
		t.Errorf("edited and cancelled: STATUS %s SEQUENCE %s SUMMARY %s", prop(t, e, goical.PropStatus),
			prop(t, e, goical.PropSequence), text(t, e, goical.PropSummary))
	}
	cats, err := e.Props.Get(goical.PropCategories).TextList()
	if err != nil || len(cats) != 2 || !strings.HasPrefix(cats[0], "Programme ") || !strings.HasPrefix(cats[1], "Group ") {
		t.Errorf("CATEGORIES %v (%v)", cats, err)
	}
	d := byUID[fmt.Sprintf("event-%d@localhost:8080", allDay)]
	if prop(t, d, goical.PropDateTimeStart) != "20271031" || prop(t, d, goical.PropDateTimeEnd) != "20271102" {
		t.Errorf("all-day: %s – %s, want 20271031 – 20271102 (exclusive end)", prop(t, d, goical.PropDateTimeStart), prop(t, d, goical.PropDateTimeEnd))
	}
	if res := srv.Client(t).Get("/groups/no-such-group/events.ics"); res.Status != http.StatusNotFound {
		t.Errorf("unknown group: %d", res.Status)
	}
	staffGroup := newGroup(t, srv.DB, "staff")
	if res := srv.Client(t).Get("/groups/" + staffGroup.GroupSlug + "/events.ics"); res.Status != http.StatusNotFound {
		t.Errorf("staff group feed: %d, want 404", res.Status)
	}
	_ = context.Background
}
