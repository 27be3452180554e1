package app_test

import (
	"strings"
	"testing"

	"spor/internal/testutil"
)

// TestCalendarSubscriptionHelp: group and track pages offer their calendar as a
// webcal:// link and as the https address in a labelled read-only field (usable
// without JavaScript), with help for Outlook, Google and Apple in each language;
// a staff-only group, whose calendar is not public, offers none.
func TestCalendarSubscriptionHelp(t *testing.T) {
	srv, c := demoServer(t)
	fill := routeParams(t, srv)
	const base = "http://localhost:8080"
	testutil.CreateGroup(t, srv.DB, "intern-gruppe", "staff")
	staffGroup := "/groups/intern-gruppe"
	feeds := map[string]string{
		fill("/groups/{slug}"): fill("/groups/{slug}/events.ics"),
		fill("/tracks/{slug}"): fill("/tracks/{slug}/schedule.ics"),
	}
	summaries := map[string]bool{}
	for _, lang := range []string{"da", "sv", "en"} {
		for page, feed := range feeds {
			doc := c.Get(page + "?lang=" + lang).Doc(t)
			box := doc.Find(".subscribe")
			if box.Length() != 1 {
				t.Fatalf("%s (%s): %d subscription boxes", page, lang, box.Length())
			}
			if href, _ := box.Find(`a[href^="webcal:"]`).Attr("href"); href != "webcal://localhost:8080"+feed {
				t.Errorf("%s (%s): webcal link %q", page, lang, href)
			}
			field := box.Find("input.copy-field")
			id, _ := field.Attr("id")
			value, _ := field.Attr("value")
			_, readonly := field.Attr("readonly")
			if value != base+feed || !readonly || box.Find(`label[for="`+id+`"]`).Length() != 1 {
				t.Errorf("%s (%s): field value %q readonly %v label for %q", page, lang, value, readonly, id)
			}
			help := box.Find("details")
			summaries[strings.TrimSpace(help.Find("summary").Text())] = true
			for _, app := range []string{"Outlook", "Google", "Apple"} {
				if !strings.Contains(help.Text(), app) {
					t.Errorf("%s (%s): no help for %s", page, lang, app)
				}
			}
		}
	}
	if len(summaries) != 3 {
		t.Errorf("help summaries %v: want one per language", summaries)
	}
	if n := c.Get(staffGroup).Doc(t).Find(".subscribe").Length(); n != 0 {
		t.Errorf("staff-only group %s offers a calendar subscription", staffGroup)
	}
}
