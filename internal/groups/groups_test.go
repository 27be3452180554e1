package groups_test

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/groups"
	"spor/internal/testutil"
)

func TestFollowAndUnfollow(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	testutil.CreateGroup(t, srv.DB, "digital-transformation", "public")
	c := srv.Client(t)
	c.Login(u.Email)

	for range 2 { // idempotent: a second click changes nothing
		if res := c.Post("/groups/digital-transformation/follow", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("follow: status %d", res.Status)
		}
	}
	page := c.Get("/groups/digital-transformation")
	if !strings.Contains(page.Body, "You follow this group") && !strings.Contains(page.Body, "Du følger denne gruppe") {
		t.Errorf("group page does not say the user follows it")
	}
	if !strings.Contains(page.Body, "Vejle Bibliotekerne (1)") {
		t.Errorf("followers box does not show the organisation with its count")
	}
	me := c.Get("/me")
	if !strings.Contains(me.Body, "Group digital-transformation") {
		t.Errorf("/me does not list the followed group")
	}
	var n int
	srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM group_followers`).Scan(&n)
	if n != 1 {
		t.Errorf("followers = %d, want 1", n)
	}

	anon := srv.Client(t).Get("/groups/digital-transformation/followers")
	if !strings.Contains(anon.Body, "Vejle Bibliotekerne (1)") || strings.Contains(anon.Body, "Test staff") {
		t.Errorf("anonymous followers page must show organisations with counts and no names")
	}
	if staffView := c.Get("/groups/digital-transformation/followers"); !strings.Contains(staffView.Body, "Test staff") {
		t.Errorf("staff see no names on the followers page")
	}

	c.Post("/groups/digital-transformation/unfollow", url.Values{})
	c.Post("/groups/digital-transformation/unfollow", url.Values{})
	srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM group_followers`).Scan(&n)
	if n != 0 {
		t.Errorf("followers after unfollow = %d, want 0", n)
	}
	if res := srv.Client(t).Post("/groups/digital-transformation/follow", url.Values{}); !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous follow: status %d location %q, want the login page", res.Status, res.Header.Get("Location"))
	}
}

func TestFiftyUsersFollowAtOnce(t *testing.T) {
	db := testutil.NewDB(t)
	store := groups.NewStore(db)
	g := testutil.CreateGroup(t, db, "busy", "public")
	var users []int64
	for i := range 50 {
		users = append(users, testutil.CreateUser(t, db, "staff", fmt.Sprintf("Bibliotek %d", i%7)).ID)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, 100)
	for _, u := range users {
		for range 2 { // every user double-clicks
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- store.Follow(context.Background(), g, u)
			}()
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	n, err := store.FollowerCount(context.Background(), g)
	if err != nil || n != 50 {
		t.Fatalf("follower count = %d (%v), want exactly 50", n, err)
	}
}

func TestOldSlugRedirects(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	id := testutil.CreateGroup(t, srv.DB, "old-name", "public")
	testutil.CreateDocument(t, srv.DB, id, "a.txt", "a")
	c := srv.Client(t)
	c.Login(admin.Email)
	res := c.Post(fmt.Sprintf("/manage/groups/%d", id), url.Values{"title": {"Renamed"}, "slug": {"new-name"}, "lang": {"da"}, "visibility": {"public"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("rename: status %d", res.Status)
	}
	cases := []struct{ name, path, want string }{
		{"group page", "/groups/old-name", "/groups/new-name"},
		{"followers page", "/groups/old-name/followers", "/groups/new-name/followers"},
		{"feed", "/groups/old-name/feed.atom", "/groups/new-name/feed.atom"},
		{"calendar subscription", "/groups/old-name/events.ics", "/groups/new-name/events.ics"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.Client(t).Get(tc.path)
			if (res.Status != http.StatusMovedPermanently && res.Status != http.StatusPermanentRedirect) || res.Header.Get("Location") != tc.want {
				t.Errorf("GET %s: %d → %q, want 301/308 → %q", tc.path, res.Status, res.Header.Get("Location"), tc.want)
			}
		})
	}
	if res := srv.Client(t).Get("/groups/new-name"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Renamed") {
		t.Errorf("new slug: status %d", res.Status)
	}
}

func TestMarkdownIsNeutralised(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	id := testutil.CreateGroup(t, srv.DB, "md", "public", coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	body := "# Velkommen\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1))\n\n<a href=\"https://example.org\" onclick=\"steal()\">link</a>\n\n<img src=x onerror=\"steal()\">\n\n**fed**"
	res := c.Post(fmt.Sprintf("/manage/groups/%d", id), url.Values{"title": {"MD"}, "body": {body}, "lang": {"da"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: status %d", res.Status)
	}
	page := srv.Client(t).Get("/groups/md")
	doc := page.Doc(t)
	prose := doc.Find(".prose")
	html, _ := prose.Html()
	for _, bad := range []string{"<script", "javascript:", "onclick", "onerror", "alert("} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("rendered description contains %q: %s", bad, html)
		}
	}
	if prose.Find("strong").Text() != "fed" || prose.Find("h1").Length() != 0 && prose.Find("h1").Text() != "Velkommen" {
		t.Errorf("ordinary Markdown lost: %s", html)
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if src, ok := s.Attr("src"); !ok || !strings.HasPrefix(src, "/static/") {
			t.Errorf("page has a script that is not the site's own file: %v", s.Text())
		}
	})
}

func TestGroupFormErrorsKeepInput(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)
	res := c.Post("/manage/groups", url.Values{"title": {"Netværk"}, "slug": {"Bad Slug!"}, "project_url": {"ftp://x"}, "lang": {"da"}, "visibility": {"public"}, "summary": {"Kept summary"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.Status)
	}
	doc := res.Doc(t)
	if v, _ := doc.Find("#f-title").Attr("value"); v != "Netværk" {
		t.Errorf("title not kept: %q", v)
	}
	if doc.Find("#f-slug-error").Length() != 1 || doc.Find("#f-project_url-error").Length() != 1 {
		t.Errorf("messages beside the fields missing")
	}
	if !strings.Contains(doc.Find("#f-summary").Text(), "Kept summary") {
		t.Errorf("summary not kept")
	}
}

func TestContacts(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	id := testutil.CreateGroup(t, srv.DB, "kontakt", "public", coord.ID)
	ctx := context.Background()
	var public, hidden int64
	srv.DB.QueryRow(ctx, `INSERT INTO contacts (group_id, name, role, organisation, email, phone, checked_on)
		VALUES ($1, 'Ida Eksempel', 'Projektleder', 'Vejle Bibliotekerne', 'ida@example.org', '+45 12 34 56 78', current_date - 400) RETURNING id`, id).Scan(&public)
	srv.DB.QueryRow(ctx, `INSERT INTO contacts (group_id, name, email, visibility) VALUES ($1, 'Skjult Person', 'skjult@example.org', 'staff') RETURNING id`, id).Scan(&hidden)

	anon := srv.Client(t)
	page := anon.Get("/groups/kontakt").Doc(t)
	if href, _ := page.Find(`a[href^="mailto:"]`).Attr("href"); href != "mailto:ida@example.org" {
		t.Errorf("mailto link = %q", href)
	}
	if href, _ := page.Find(`a[href^="tel:"]`).Attr("href"); href != "tel:+4512345678" {
		t.Errorf("tel link = %q", href)
	}
	if strings.Contains(page.Text(), "Skjult Person") {
		t.Errorf("staff-only contact shown to an anonymous visitor")
	}
	if page.Find(".badge--warn").Length() != 0 {
		t.Errorf("stale flag shown to an anonymous visitor")
	}
	vcf := anon.Get(fmt.Sprintf("/groups/kontakt/contacts/%d.vcf", public))
	if vcf.Status != http.StatusOK || !strings.HasPrefix(vcf.Header.Get("Content-Type"), "text/vcard") ||
		!strings.Contains(vcf.Body, "FN:Ida Eksempel\r\n") || !strings.Contains(vcf.Body, "EMAIL;TYPE=INTERNET:ida@example.org\r\n") {
		t.Errorf("vCard: %d %q %q", vcf.Status, vcf.Header.Get("Content-Type"), vcf.Body)
	}
	if res := anon.Get(fmt.Sprintf("/groups/kontakt/contacts/%d.vcf", hidden)); outcome(res) != "login" {
		t.Errorf("staff-only vCard for anonymous: %d", res.Status)
	}

	c := srv.Client(t)
	c.Login(coord.Email)
	if !strings.Contains(c.Get("/groups/kontakt").Body, "Skjult Person") {
		t.Errorf("staff-only contact hidden from staff")
	}
	if c.Get("/groups/kontakt").Doc(t).Find(".contact .badge--warn").Length() != 1 {
		t.Errorf("the contact not checked for 12 months is not flagged to the coordinator on the group page")
	}
	if c.Get(fmt.Sprintf("/manage/groups/%d", id)).Doc(t).Find(".badge--warn").Length() != 1 {
		t.Errorf("stale contact not flagged in manage")
	}
	res := c.Post(fmt.Sprintf("/manage/groups/%d/contacts", id), url.Values{"name": {""}, "email": {"not-an-email"}, "visibility": {"public"}, "checked_on": {"2026-01-01"}})
	if res.Status != http.StatusUnprocessableEntity || res.Doc(t).Find("#f-email-error").Length() != 1 {
		t.Errorf("invalid contact: status %d", res.Status)
	}
	if confirm := c.Get(fmt.Sprintf("/manage/groups/%d/contacts/%d/delete", id, public)); confirm.Status != http.StatusOK ||
		confirm.Doc(t).Find(`form[method="post"][action$="/delete"] button`).Length() != 1 {
		t.Errorf("delete confirmation page: %d", confirm.Status)
	}
	if res := c.Post(fmt.Sprintf("/manage/groups/%d/contacts/%d/delete", id, public), url.Values{}); res.Status != http.StatusSeeOther {
		t.Errorf("delete contact: %d", res.Status)
	}
}

// A vCard of a long Nordic name: the download name is cut between characters and
// carries an ASCII fallback, and the card's lines are folded at 75 octets without
// splitting a character (RFC 6350 3.2).
func TestVCardLongNames(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	id := testutil.CreateGroup(t, srv.DB, "lang-kontakt", "public", coord.ID)
	name := "A" + strings.Repeat("Å", 60) + " Ørsted-Præstø"
	org := strings.Repeat("Københavns Biblioteker og Kulturhuse, ", 4)
	var cid int64
	if err := srv.DB.QueryRow(context.Background(), `INSERT INTO contacts (group_id, name, organisation, email)
		VALUES ($1, $2, $3, 'lang@example.org') RETURNING id`, id, name, org).Scan(&cid); err != nil {
		t.Fatal(err)
	}
	res := srv.Client(t).Get(fmt.Sprintf("/groups/lang-kontakt/contacts/%d.vcf", cid))
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	header := res.Header.Get("Content-Disposition")
	_, params, err := mime.ParseMediaType(header)
	if err != nil {
		t.Fatalf("%q: %v", header, err)
	}
	if fn := params["filename"]; !utf8.ValidString(fn) || !strings.HasSuffix(fn, ".vcf") || len(fn) > 104 || !strings.HasPrefix(fn, "AÅÅ") {
		t.Errorf("filename* %q", fn)
	}
	plain, _, _ := strings.Cut(header, "; filename*=")
	_, params, err = mime.ParseMediaType(plain)
	if err != nil || !strings.HasPrefix(params["filename"], "AAaAa") {
		t.Errorf("ASCII fallback %q: %v", plain, err)
	}
	// Unfold as a reader does (CRLF followed by a space) and check every physical line.
	for _, l := range strings.Split(strings.TrimSuffix(res.Body, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line of %d octets or split character: %q", len(l), l)
		}
	}
	unfolded := strings.ReplaceAll(res.Body, "\r\n ", "")
	if !strings.Contains(unfolded, "\r\nFN:"+name+"\r\n") || !strings.Contains(unfolded, "\r\nORG:"+strings.ReplaceAll(org, ",", `\,`)+"\r\n") {
		t.Errorf("unfolded card lost text:\n%s", unfolded)
	}
}
