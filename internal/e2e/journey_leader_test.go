package e2e

import (
	"strings"
	"testing"

	"spor/internal/model"
	"spor/internal/testutil"
)

// leaderJourney: a library director who is in no track yet finds the directors'
// track on /tracks, joins it, and sees its meetings on /me.
func leaderJourney(t *testing.T, e *Env) {
	u := testutil.CreateUser(t, e.Srv.DB, string(model.RoleStaff), "Falu stadsbibliotek")
	b := e.Tab(t, Anonymous)
	if status := b.Login(u.Email, testutil.Password); status != 200 {
		t.Fatalf("log in: status %d", status)
	}
	b.Open("/me")
	if mine := b.Text("section[aria-labelledby=me-tracks]"); strings.Contains(mine, "Bibliotekschefsspåret") {
		t.Fatalf("before joining, /me already lists the track:\n%s", mine)
	}

	b.Click(`.site-nav a[href="/tracks"]`)
	b.Click(`main a[href="/tracks/bibliotekschefsspar"]`)
	meetings := Eval[[]string](b, `[...document.querySelectorAll("main .schedule .meeting:not(.meeting--past) h4")].map(e => e.innerText.trim())`)
	b.Click(`main form[action="/tracks/bibliotekschefsspar/join"] button`)
	if b.Path() != "/tracks/bibliotekschefsspar" {
		t.Errorf("after joining: at %s", b.Path())
	}
	if flash := b.Flash(); !strings.Contains(flash, "Du er med i forløbet") {
		t.Errorf("after joining the message reads %q", flash)
	}
	if !b.Has(`main form[action="/tracks/bibliotekschefsspar/leave"]`) {
		t.Error("after joining there is no way to leave")
	}

	b.Click(`.site-tools__me`)
	mine := b.Text("section[aria-labelledby=me-tracks]")
	if !strings.Contains(mine, "Bibliotekschefsspåret") || !strings.Contains(mine, "Næste møde") {
		t.Errorf("/me does not show the track with its next meeting:\n%s", mine)
	}
	schedule := b.Text("section[aria-labelledby=me-tracks] .my-schedule")
	if schedule == "" {
		t.Fatal("/me shows no schedule of my meetings")
	}
	for _, m := range meetings {
		if !strings.Contains(schedule, m) {
			t.Errorf("/me's schedule lacks the meeting %q:\n%s", m, schedule)
		}
	}
	if !b.Has(`section[aria-labelledby=me-tracks] a[href="/tracks/bibliotekschefsspar/schedule.ics"]`) {
		t.Error("/me has no calendar link for the track's meetings")
	}
}
