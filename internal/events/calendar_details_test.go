package events_test

import (
	"net/http"
	"strings"
	"testing"

	goical "github.com/emersion/go-ical"

	"spor/internal/app"
	"spor/internal/testutil"
)

// TestCalendarDetails reads a group feed with go-ical the way calendar clients do:
// REFRESH-INTERVAL typed as a duration (RFC 7986), a UID in this installation's
// domain, LAST-MODIFIED, and the description as plain text, not Markdown.
func TestCalendarDetails(t *testing.T) {
	srv := testutil.NewServer(t, func(o *app.Options) { o.Config.BaseURL = "https://spor.example.org" })
	g := newGroup(t, srv.DB, "public")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)
	form := eventForm(g.GroupID, "Læringsdag")
	form.Set("description", "Om **læring** og _leg_.\n\nLæs [programmet](https://example.org/program) først.")
	res := c.Post("/manage/events", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.Status)
	}
	id := strings.TrimPrefix(res.Header.Get("Location"), "/events/")

	feed := c.Get("/groups/" + g.GroupSlug + "/events.ics")
	cal := parseICS(t, feed)
	refresh := cal.Props.Get("REFRESH-INTERVAL")
	if refresh == nil || refresh.Value != "PT1H" || refresh.Params.Get(goical.ParamValue) != "DURATION" {
		t.Errorf("REFRESH-INTERVAL = %+v, want VALUE=DURATION:PT1H", refresh)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	if got := prop(t, e, goical.PropUID); got != "event-"+id+"@spor.example.org" {
		t.Errorf("UID %q, want the BASE_URL host as its domain", got)
	}
	if _, err := e.Props.DateTime(goical.PropLastModified, nil); err != nil {
		t.Errorf("LAST-MODIFIED: %v", err)
	}
	want := "Om læring og leg.\n\nLæs programmet (https://example.org/program) først."
	if got := text(t, e, goical.PropDescription); got != want {
		t.Errorf("DESCRIPTION %q, want plain text %q", got, want)
	}
	if feed.Header.Get("Last-Modified") == "" {
		t.Error("the feed has no Last-Modified header")
	}
}
