package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

const secretLink = "https://meet.example.org/spor-secret-room"

func TestOnlineLinkOnlyForConfirmed(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	id := newEvent(t, srv.DB, g.GroupID, ev{Capacity: 1, OnlineURL: secretLink})
	path := fmt.Sprintf("/events/%d", id)

	confirmed := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	waiting := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	cc := srv.Client(t)
	cc.Login(confirmed.Email)
	if res := cc.Post(path+"/register", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d", res.Status)
	}
	wc := srv.Client(t)
	wc.Login(waiting.Email)
	wc.Post(path+"/register", url.Values{})

	cases := []struct {
		name     string
		client   *testutil.Client
		seesLink bool
		state    string
	}{
		{"anonymous sees no link", srv.Client(t), false, "Log ind med din medarbejderkonto"},
		{"waitlisted sees no link, and their position", wc, false, "Du er nummer 1 på ventelisten."},
		{"confirmed sees the link", cc, true, "Du har en plads."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := c.client.Get(path)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d", res.Status)
			}
			if got := strings.Contains(res.Body, secretLink); got != c.seesLink {
				t.Errorf("link shown: %v, want %v", got, c.seesLink)
			}
			doc := res.Doc(t)
			if !strings.Contains(doc.Find("aside").Text(), c.state) {
				t.Errorf("state %q not shown in %q", c.state, doc.Find("aside").Text())
			}
			if got := doc.Find(".facts").Text(); !strings.Contains(got, "1 af 1 plads taget") || !strings.Contains(got, "1 på ventelisten") {
				t.Errorf("places not shown: %q", got)
			}
		})
	}
	// The .ics is public: it never carries the link either.
	if res := srv.Client(t).Get(path + ".ics"); strings.Contains(res.Body, secretLink) {
		t.Error("the public .ics carries the online link")
	}
}

func TestRegisterOverHTTP(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	open := newEvent(t, srv.DB, g.GroupID, ev{})
	cancelled := newEvent(t, srv.DB, g.GroupID, ev{Status: "cancelled"})
	draft := newEvent(t, srv.DB, g.GroupID, ev{Status: "draft"})

	res := c.Post(fmt.Sprintf("/events/%d/register", open), url.Values{})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d", res.Status)
	}
	if page := c.Get(fmt.Sprintf("/events/%d", open)); !strings.Contains(page.Body, "Du er tilmeldt.") {
		t.Error("no confirmation message after registering")
	}
	res = c.Post(fmt.Sprintf("/events/%d/register", open), url.Values{})
	if res.Status != http.StatusConflict || !strings.Contains(res.Body, "allerede tilmeldt") {
		t.Errorf("second registration: %d, want 409 with the reason", res.Status)
	}
	res = c.Post(fmt.Sprintf("/events/%d/register", cancelled), url.Values{})
	if res.Status != http.StatusConflict || !strings.Contains(res.Body, "Aflyst") {
		t.Errorf("cancelled event: %d, want 409 on a page marked cancelled", res.Status)
	}
	if res := c.Post(fmt.Sprintf("/events/%d/register", draft), url.Values{}); res.Status != http.StatusNotFound {
		t.Errorf("draft event: %d, want 404", res.Status)
	}
	res = c.Post(fmt.Sprintf("/events/%d/cancel", open), url.Values{})
	if res.Status != http.StatusSeeOther || regStatus(t, srv.DB, open, u.ID) != "none" {
		t.Errorf("cancel: %d, registration %s", res.Status, regStatus(t, srv.DB, open, u.ID))
	}
	anon := srv.Client(t)
	if res := anon.Post(fmt.Sprintf("/events/%d/register", open), url.Values{}); res.Status != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous register: %d %s, want the login page", res.Status, res.Header.Get("Location"))
	}
}

func TestVisibility(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	staffEvent := newEvent(t, srv.DB, g.GroupID, ev{Audience: "staff", Title: "Kun for ansatte"})
	draft := newEvent(t, srv.DB, g.GroupID, ev{Status: "draft", Title: "Hemmelig kladde"})
	cancelled := newEvent(t, srv.DB, g.GroupID, ev{Status: "cancelled", Title: "Aflyst seminar"})
	anon := srv.Client(t)
	if res := anon.Get(fmt.Sprintf("/events/%d", staffEvent)); res.Status != http.StatusSeeOther {
		t.Errorf("anonymous on a staff event: %d, want a redirect to login", res.Status)
	}
	if res := anon.Get(fmt.Sprintf("/events/%d", draft)); res.Status != http.StatusNotFound {
		t.Errorf("anonymous on a draft: %d, want 404", res.Status)
	}
	list := anon.Get("/events")
	if strings.Contains(list.Body, "Kun for ansatte") || strings.Contains(list.Body, "Hemmelig kladde") {
		t.Error("/events lists a staff event or a draft to an anonymous visitor")
	}
	if !strings.Contains(list.Body, "Aflyst seminar") || list.Doc(t).Find("li.status--cancelled").Length() != 1 {
		t.Error("/events does not show the cancelled event, marked")
	}
	staff := srv.Client(t)
	staff.Login(testutil.CreateUser(t, srv.DB, "staff", "Mora bibliotek").Email)
	if res := staff.Get("/events"); !strings.Contains(res.Body, "Kun for ansatte") || strings.Contains(res.Body, "Hemmelig kladde") {
		t.Error("/events for staff: want the staff event, not the draft")
	}
	if res := staff.Get(fmt.Sprintf("/events/%d", draft)); res.Status != http.StatusNotFound {
		t.Errorf("staff on a draft: %d, want 404", res.Status)
	}
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, g.GroupID, coord.ID)
	cc := srv.Client(t)
	cc.Login(coord.Email)
	if res := cc.Get(fmt.Sprintf("/events/%d", draft)); res.Status != http.StatusOK {
		t.Errorf("coordinator on their draft: %d, want 200", res.Status)
	}
	_ = cancelled
}

func TestListFilters(t *testing.T) {
	srv := testutil.NewServer(t)
	g1 := newGroup(t, srv.DB, "public")
	g2 := newGroup(t, srv.DB, "public")
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	next := time.Now().In(loc).AddDate(0, 2, 0)
	month := time.Date(next.Year(), next.Month(), 10, 10, 0, 0, 0, loc)
	newEvent(t, srv.DB, g1.GroupID, ev{Title: "Online i gruppe 1", OnlineURL: secretLink, Start: month})
	newEvent(t, srv.DB, g2.GroupID, ev{Title: "Fysisk i gruppe 2"})
	c := srv.Client(t)
	cases := []struct {
		name, query string
		want, not   string
	}{
		{"by group", "group=" + g1.GroupSlug, "Online i gruppe 1", "Fysisk i gruppe 2"},
		{"by programme", fmt.Sprintf("programme=programme-%s", strings.TrimPrefix(g2.GroupSlug, "group-")), "Fysisk i gruppe 2", "Online i gruppe 1"},
		{"online only", "mode=online", "Online i gruppe 1", "Fysisk i gruppe 2"},
		{"on site only", "mode=onsite", "Fysisk i gruppe 2", "Online i gruppe 1"},
		{"by month", "month=" + month.Format("2006-01"), "Online i gruppe 1", "Fysisk i gruppe 2"},
		{"by language", "lang_content=sv", "", "Online i gruppe 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Get("/events?" + tc.query)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d", res.Status)
			}
			titles := res.Doc(t).Find(".event-list").Text()
			if tc.want != "" && !strings.Contains(titles, tc.want) {
				t.Errorf("missing %q", tc.want)
			}
			if strings.Contains(titles, tc.not) {
				t.Errorf("lists %q", tc.not)
			}
		})
	}
}

func TestJSONLD(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	id := newEvent(t, srv.DB, g.GroupID, ev{Title: `Læring </script><script>alert(1)</script> & "mere"`, Status: "cancelled", OnlineURL: secretLink, Place: "Vejle Bibliotek"})
	res := srv.Client(t).Get(fmt.Sprintf("/events/%d", id))
	if strings.Contains(res.Body, "<script>alert(1)") {
		t.Fatal("the title broke out of the JSON-LD block")
	}
	if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP weakened: %q", csp)
	}
	blocks := res.Doc(t).Find(`script[type="application/ld+json"]`)
	if blocks.Length() != 1 {
		t.Fatalf("%d JSON-LD blocks, want 1", blocks.Length())
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(blocks.Text()), &data); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, blocks.Text())
	}
	checks := map[string]string{
		"@type": "Event", "name": `Læring </script><script>alert(1)</script> & "mere"`,
		"eventStatus":         "https://schema.org/EventCancelled",
		"eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
	}
	for k, want := range checks {
		if data[k] != want {
			t.Errorf("%s = %v, want %q", k, data[k], want)
		}
	}
	start, err := time.Parse(time.RFC3339, fmt.Sprint(data["startDate"]))
	if err != nil || start.IsZero() {
		t.Errorf("startDate %v: %v", data["startDate"], err)
	}
	if org, _ := data["organizer"].(map[string]any); org["name"] == "" || org["@type"] != "Organization" {
		t.Errorf("organizer %v", data["organizer"])
	}
	locs, _ := data["location"].([]any)
	if len(locs) != 2 || strings.Contains(blocks.Text(), secretLink) {
		t.Errorf("location %v: want a Place and a VirtualLocation without the secret link", data["location"])
	}
}

// The event page costs the same number of round trips with 5 and 300 registrations.
func TestEventPageQueriesConstant(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	viewer := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(viewer.Email)
	count := func(n int) string {
		id := newEvent(t, srv.DB, g.GroupID, ev{Capacity: 100})
		_, err := srv.DB.Exec(context.Background(), `INSERT INTO users (email, name, organisation_id, password_hash)
			SELECT 'bulk' || $2::text || '-' || i || '@example.org', 'Bulk ' || i, $3, 'x' FROM generate_series(1, $1) i`, n, fmt.Sprint(id), viewer.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = srv.DB.Exec(context.Background(), `INSERT INTO event_registrations (event_id, user_id, organisation_id, status)
			SELECT $1, id, organisation_id, CASE WHEN row_number() OVER (ORDER BY id) <= 100 THEN 'confirmed' ELSE 'waitlisted' END
			FROM users WHERE email LIKE 'bulk' || $1::bigint || '-%'`, id)
		if err != nil {
			t.Fatal(err)
		}
		c.Post(fmt.Sprintf("/events/%d/register", id), url.Values{})
		res := c.Get(fmt.Sprintf("/events/%d", id))
		if res.Status != http.StatusOK {
			t.Fatalf("status %d", res.Status)
		}
		return res.Header.Get("X-Spor-Queries")
	}
	small, large := count(5), count(300)
	if small == "" || small != large {
		t.Errorf("queries with 5 registrations: %q, with 300: %q", small, large)
	}
}
