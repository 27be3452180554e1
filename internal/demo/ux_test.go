package demo_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/demo"
	"spor/internal/testutil"
)

// The group page lists its following libraries in the main column, not the narrow
// sidebar, largest first, with a link naming how many there are in all.
func TestGroupFollowersInMainColumn(t *testing.T) {
	srv := testutil.NewServer(t)
	if _, err := demo.Load(context.Background(), srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	doc := srv.Client(t).Get("/groups/digital-transformation").Doc(t)
	if doc.Find("aside .followers").Length() != 0 || doc.Find(".layout-2col > div:first-child .followers.org-columns").Length() != 1 {
		t.Fatal("the following libraries are not listed in the main column")
	}
	count := regexp.MustCompile(`\((\d+)\)$`)
	prev := 1 << 30
	items := doc.Find(".followers li")
	for i := range items.Length() {
		m := count.FindStringSubmatch(items.Eq(i).Text())
		if m == nil {
			t.Fatalf("library %d reads %q, want a count", i+1, items.Eq(i).Text())
		}
		n, _ := strconv.Atoi(m[1])
		if n > prev {
			t.Errorf("library %d (%q) has more followers than the one before it", i+1, items.Eq(i).Text())
		}
		prev = n
	}
	var orgs int
	if err := srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM group_org_followers c JOIN groups g ON g.id = c.group_id
		WHERE g.slug = 'digital-transformation' AND c.followers > 0`).Scan(&orgs); err != nil {
		t.Fatal(err)
	}
	want := "Se alle " + strconv.Itoa(orgs) + " biblioteker og følgerne"
	if got := doc.Find(`#g-followers ~ p a[href="/groups/digital-transformation/followers"]`).Text(); got != want {
		t.Errorf("the link to the full list reads %q, want %q", got, want)
	}
}

// States a librarian can read: a finished track or event says so and offers no way
// to join; a programme without groups says it has none yet; a group named as its
// programme does not repeat the name above its heading.
func TestFinishedAndEmptyStates(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)

	past := c.Get("/events/1").Doc(t)
	if got := past.Find("main .badge").Text(); !strings.Contains(got, "Afsluttet") {
		t.Errorf("a past event's badges read %q, want Afsluttet", got)
	}
	if past.Find(`form[action$="/register"], a[href^="/login?next=/events/"]`).Length() != 0 {
		t.Error("a past event offers to register")
	}

	if _, err := srv.DB.Exec(ctx, `UPDATE track_meetings SET starts_at = starts_at - interval '3 years', ends_at = ends_at - interval '3 years'
		WHERE track_id = (SELECT id FROM tracks WHERE slug = 'dalasparet')`); err != nil {
		t.Fatal(err)
	}
	track := c.Get("/tracks/dalasparet").Doc(t)
	if got := track.Find("main .badge").Text(); !strings.Contains(got, "Afsluttet") {
		t.Errorf("a finished track's badges read %q, want Afsluttet", got)
	}
	if track.Find(`form[action$="/join"], a[href^="/login?next=/tracks/"]`).Length() != 0 {
		t.Error("a finished track offers to join")
	}
	if sv := c.Get("/tracks/dalasparet?lang=sv").Doc(t).Find("main .badge").Text(); !strings.Contains(sv, "Genomförd") {
		t.Errorf("in Swedish a finished track's badges read %q, want Genomförd", sv)
	}

	if got := c.Get("/programmes/kompetenceloeft?lang=da").Doc(t).Find("main .empty").Text(); !strings.Contains(got, "ingen grupper i dette program endnu") {
		t.Errorf("a programme without groups says %q", got)
	}

	group := c.Get("/groups/digital-transformation").Doc(t)
	if h1, crumb := group.Find("main h1").Text(), group.Find("main > p.muted a").First().Text(); strings.TrimSpace(crumb) == h1 {
		t.Errorf("the link above the heading repeats it: %q", crumb)
	}
}

// A place on the waiting list is told as information, not as a green success.
func TestWaitlistIsNotASuccess(t *testing.T) {
	srv := testutil.NewServer(t)
	if _, err := demo.Load(context.Background(), srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	if res := c.Post("/events/3/register", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("register for the full event: status %d", res.Status)
	}
	flash := c.Get("/events/3").Doc(t).Find("p.flash")
	if !strings.Contains(flash.Text(), "venteliste") {
		t.Fatalf("after joining the waiting list the message reads %q", flash.Text())
	}
	if !flash.HasClass("flash--info") {
		t.Error("the waiting-list message is styled as a success")
	}
}

// Norwegian Bokmål is the fourth interface language: chosen by ?lang=nb or by a
// Norwegian browser, named in the page, and offered in the language switch.
func TestNorwegianBokmal(t *testing.T) {
	srv := testutil.NewServer(t)
	doc := srv.Client(t).Get("/?lang=nb").Doc(t)
	if lang, _ := doc.Find("html").Attr("lang"); lang != "nb" {
		t.Errorf("<html lang=%q>, want nb", lang)
	}
	if got := doc.Find(".site-nav a[href='/events']").Text(); got != "Arrangementer" {
		t.Errorf("the menu reads %q", got)
	}
	if got := doc.Find(".hero h1").Text(); got != "Kompetanseprogrammer for Nordens bibliotek" {
		t.Errorf("the heading reads %q", got)
	}
	var names []string
	doc.Find(".lang-switch a").Each(func(_ int, a *goquery.Selection) { names = append(names, a.Text()) })
	if strings.Join(names, ",") != "Dansk,Svenska,English,Norsk" {
		t.Errorf("the language switch offers %v", names)
	}
	for accept, want := range map[string]string{"nb-NO,nb;q=0.9": "nb", "nn": "nb", "fi-FI,fi": "en", "fi,sv;q=0.8": "sv"} {
		res := srv.Client(t).Get("/", "Accept-Language", accept)
		if lang, _ := res.Doc(t).Find("html").Attr("lang"); lang != want {
			t.Errorf("Accept-Language %q: <html lang=%q>, want %q", accept, lang, want)
		}
	}
}

// A coordinator sees each participant's e-mail address and one field with all the
// addresses of those with a place, to paste into a mail.
func TestParticipantsShowEmails(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	if res := c.Post("/login", map[string][]string{"email": {"koordinator@example.org"}, "password": {demo.Password}}); res.Status != http.StatusSeeOther {
		t.Fatalf("log in: %d", res.Status)
	}
	res := c.Get("/manage/events/3/participants")
	if res.Status != http.StatusOK {
		t.Fatalf("participants: status %d", res.Status)
	}
	doc := res.Doc(t)
	rows, err := srv.DB.Query(ctx, `SELECT u.email FROM event_registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = 3 AND r.status = 'confirmed' ORDER BY r.id`)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
	}
	if len(want) == 0 {
		t.Fatal("the demo's full event has no confirmed participants")
	}
	if got := doc.Find("textarea#all-emails").Text(); got != strings.Join(want, "; ") {
		t.Errorf("the copy field holds %q, want %q", got, strings.Join(want, "; "))
	}
	if label := doc.Find(`label[for="all-emails"]`).Text(); label == "" {
		t.Error("the copy field has no label")
	}
	for _, e := range want {
		if doc.Find(`table a[href="mailto:`+e+`"]`).Length() != 1 {
			t.Errorf("the table does not link %s", e)
		}
	}
}

// Every line of a form's error summary names its field and links to it.
func TestErrorSummaryNamesFields(t *testing.T) {
	srv := testutil.NewServer(t)
	if _, err := demo.Load(context.Background(), srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	if res := c.Post("/login", map[string][]string{"email": {"admin@example.org"}, "password": {demo.Password}}); res.Status != http.StatusSeeOther {
		t.Fatalf("log in: %d", res.Status)
	}
	res := c.Post("/manage/programmes", map[string][]string{"title": {""}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty programme: status %d, want 422", res.Status)
	}
	doc := res.Doc(t)
	link := doc.Find(`.error-summary a[href="#f-title"]`)
	if got := strings.Join(strings.Fields(link.Text()), " "); got != "Titel: Udfyld feltet." {
		t.Errorf("the summary's line for the title reads %q, want \"Titel: Udfyld feltet.\"", got)
	}
	if doc.Find("#f-title").Length() != 1 {
		t.Error("the summary links to a field that is not there")
	}
	if doc.Find(".error-summary").Length() != 1 || doc.Find(".error-summary + form, .error-summary ~ form").Length() == 0 {
		t.Error("the summary is not above the form")
	}
}

// Time zones in forms are named as people say them, in the page's language.
func TestZonesByName(t *testing.T) {
	srv := testutil.NewServer(t)
	if _, err := demo.Load(context.Background(), srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ who, path, zone, want string }{
		{"koordinator@example.org", "/manage/events/new?group=1&lang=da", "Europe/Copenhagen", "Dansk tid (København)"},
		{"samordnare@example.org", "/manage/tracks/1/meetings/new?lang=sv", "Europe/Helsinki", "Finsk tid (Helsingfors)"},
		{"samordnare@example.org", "/manage/tracks/1/meetings/new?lang=en", "UTC", "UTC (universal time)"},
	} {
		cl := srv.Client(t)
		if res := cl.Post("/login", map[string][]string{"email": {c.who}, "password": {demo.Password}}); res.Status != http.StatusSeeOther {
			t.Fatalf("log in %s: %d", c.who, res.Status)
		}
		doc := cl.Get(c.path).Doc(t)
		if got := doc.Find(`select[name=zone] option[value="` + c.zone + `"]`).Text(); got != c.want {
			t.Errorf("%s: the zone %s reads %q, want %q", c.path, c.zone, got, c.want)
		}
	}
}

// A new contact goes to the end of the group's list, and "Move up"/"Move down"
// change the order; a coordinator of another group cannot move them.
func TestContactsOrder(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	if res := c.Post("/login", map[string][]string{"email": {"koordinator@example.org"}, "password": {demo.Password}}); res.Status != http.StatusSeeOther {
		t.Fatalf("log in: %d", res.Status)
	}
	names := func() []string {
		var out []string
		c.Get("/manage/groups/1").Doc(t).Find("#m-contacts ~ ul li > a:first-child, section[aria-labelledby=m-contacts] ul li > a:first-child").Each(func(_ int, a *goquery.Selection) {
			out = append(out, a.Text())
		})
		return out
	}
	before := names()
	if len(before) < 2 {
		t.Fatalf("the demo group has %d contacts, want at least 2", len(before))
	}
	res := c.Post("/manage/groups/1/contacts", map[string][]string{"name": {"Nina Ny"}, "email": {"nina@example.org"}, "visibility": {"public"}, "checked_on": {"2026-11-01"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("new contact: status %d", res.Status)
	}
	after := names()
	if len(after) != len(before)+1 || after[len(after)-1] != "Nina Ny" {
		t.Fatalf("after adding Nina Ny the list is %v, want her last", after)
	}
	var nina, first int64
	if err := srv.DB.QueryRow(ctx, `SELECT (SELECT id FROM contacts WHERE name = 'Nina Ny'), (SELECT id FROM contacts WHERE group_id = 1 AND name = $1)`, before[0]).Scan(&nina, &first); err != nil {
		t.Fatal(err)
	}
	if res := c.Post("/manage/groups/1/contacts/"+strconv.FormatInt(nina, 10)+"/move", map[string][]string{"dir": {"up"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("move up: status %d", res.Status)
	}
	if got := names(); got[len(got)-2] != "Nina Ny" {
		t.Errorf("after moving Nina Ny up the list is %v", got)
	}
	if res := c.Post("/manage/groups/1/contacts/"+strconv.FormatInt(first, 10)+"/move", map[string][]string{"dir": {"down"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("move down: status %d", res.Status)
	}
	if got := names(); got[1] != before[0] {
		t.Errorf("after moving %s down the list is %v", before[0], got)
	}
	other := srv.Client(t)
	u := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	other.Login(u.Email)
	if res := other.Post("/manage/groups/1/contacts/"+strconv.FormatInt(nina, 10)+"/move", map[string][]string{"dir": {"down"}}); res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
		t.Errorf("a coordinator of no group moved a contact: status %d", res.Status)
	}
}
