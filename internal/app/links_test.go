package app_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/model"
	"spor/internal/testutil"
)

// Every link the chrome builds from the request (language switch, login next=) must
// stay on the site, whatever path was asked for.
func TestSelfLinksStayOnTheSite(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	for _, path := range []string{"//evil.example/x", "///evil.example/x", "/%5Cevil.example/x", "/%5C%5Cevil.example", "//evil.example/%2F..", "/%09/evil.example"} {
		t.Run(path, func(t *testing.T) {
			res := c.Get(path)
			if res.Status >= 500 {
				t.Fatalf("status %d", res.Status)
			}
			doc := res.Doc(t)
			n := 0
			doc.Find("a[href], link[href], form[action]").Each(func(_ int, s *goquery.Selection) {
				href, ok := s.Attr("href")
				if !ok {
					href, _ = s.Attr("action")
				}
				n++
				// Head tags name the page absolutely, on the site's own BASE_URL.
				href = strings.TrimPrefix(href, "http://localhost:8080")
				if !model.ValidLocalPath(href) && !strings.HasPrefix(href, "#") {
					t.Errorf("link %q leaves the site", href)
				}
				if strings.Contains(href, "evil.example") {
					t.Errorf("link %q carries the hostile host", href)
				}
			})
			if doc.Find(`a[hreflang]`).Length() != 3 {
				t.Errorf("want 3 language links, %d links in all", n)
			}
		})
	}
}

func TestContactMailtoIsAPlainAddress(t *testing.T) {
	srv := testutil.NewServer(t)
	gid := testutil.CreateGroup(t, srv.DB, "mailto-gruppe", "public")
	// Stored before validation was strict: the page must not make it a link.
	if _, err := srv.DB.Exec(t.Context(), `INSERT INTO contacts (group_id, name, email) VALUES ($1, 'Ida', 'ida@example.org?cc=boss@example.org')`, gid); err != nil {
		t.Fatal(err)
	}
	res := srv.Client(t).Get("/groups/mailto-gruppe")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	doc := res.Doc(t)
	if doc.Find(`a[href^="mailto:"]`).Length() != 0 {
		t.Error("a mailto link with ?cc= was rendered")
	}
	if !strings.Contains(doc.Text(), "ida@example.org?cc=boss@example.org") {
		t.Error("the stored address is not shown as text")
	}
}

// An alert link stored before the rule was strict is not rendered as a link; a good
// one is. Saving a hostile one through the form is refused on the link field.
func TestAlertLinksStayOnTheSite(t *testing.T) {
	srv := testutil.NewServer(t)
	for i, link := range []string{"/\\evil.example", "//evil.example", "javascript:alert(1)", "/groups"} {
		if _, err := srv.DB.Exec(t.Context(), `INSERT INTO alerts (message_da, message_sv, message_en, level, link, starts_at, ends_at)
			VALUES ($1, 'x', 'x', 'info', $2, now() - interval '1 hour', now() + interval '1 hour')`, "Besked "+strconv.Itoa(i), link); err != nil {
			t.Fatal(err)
		}
	}
	doc := srv.Client(t).Get("/").Doc(t)
	var hrefs []string
	doc.Find(`a[href]`).Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		hrefs = append(hrefs, href)
		if strings.Contains(href, "evil") || strings.HasPrefix(strings.ToLower(href), "javascript") {
			t.Errorf("alert link %q rendered", href)
		}
	})
	if !slices.Contains(hrefs, "/groups") {
		t.Errorf("the good alert link is missing: %v", hrefs)
	}

	admin := testutil.CreateUser(t, srv.DB, "admin", "Odense Bibliotekerne")
	c := srv.Client(t)
	c.Login(admin.Email)
	res := c.Post("/manage/alerts?lang=en", url.Values{"message_da": {"a"}, "message_sv": {"a"}, "message_en": {"a"}, "level": {"info"},
		"link": {"/\\evil.example"}, "starts_at": {"2026-01-01T10:00"}, "ends_at": {"2026-01-02T10:00"}})
	if res.Status != http.StatusUnprocessableEntity || res.Doc(t).Find("#f-link-error").Length() != 1 {
		t.Errorf("hostile link saved: status %d", res.Status)
	}
}
