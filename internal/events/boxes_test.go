package events_test

import (
	"context"
	"strings"
	"testing"

	"spor/internal/testutil"
)

// The group and programme pages list upcoming events through events'
// QueueGroupUpcoming and QueueProgrammeUpcoming; staff-only events must not show
// their titles to anonymous visitors there either.
func TestUpcomingBoxesHideStaffEventsFromAnonymous(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	group := testutil.CreateGroup(t, srv.DB, "boxes", "public")
	var prog int64
	if err := srv.DB.QueryRow(ctx, `INSERT INTO programmes (slug, title) VALUES ('boxes-programme', 'Boxes') RETURNING id`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Exec(ctx, `UPDATE groups SET programme_id = $1 WHERE id = $2`, prog, group); err != nil {
		t.Fatal(err)
	}
	newEvent(t, srv.DB, group, ev{Title: "Open seminar for everyone"})
	newEvent(t, srv.DB, group, ev{Title: "Internal staff workshop", Audience: "staff"})

	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	logged := srv.Client(t)
	logged.Login(staff.Email)
	for _, path := range []string{"/groups/boxes", "/programmes/boxes-programme"} {
		anon := srv.Client(t).Get(path).Body
		if !strings.Contains(anon, "Open seminar for everyone") || strings.Contains(anon, "Internal staff workshop") {
			t.Errorf("%s anonymous: public shown %v, staff-only shown %v", path,
				strings.Contains(anon, "Open seminar for everyone"), strings.Contains(anon, "Internal staff workshop"))
		}
		if body := logged.Get(path).Body; !strings.Contains(body, "Internal staff workshop") {
			t.Errorf("%s: logged-in staff do not see the staff-only event", path)
		}
	}
}
