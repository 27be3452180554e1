package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestHeadTags reads <head> with goquery on pages of every kind, in each language:
// description, canonical and language alternates, Open Graph, feeds and icons.
func TestHeadTags(t *testing.T) {
	srv, c := demoServer(t)
	ctx := context.Background()
	fill := routeParams(t, srv)
	const base = "http://localhost:8080" // BASE_URL of test servers
	var newsPath string
	if err := srv.DB.QueryRow(ctx, `SELECT '/groups/' || g.slug || '/news/' || n.id FROM news n JOIN groups g ON g.id = n.group_id
		WHERE g.visibility = 'public' AND n.publish_at < now() ORDER BY n.id LIMIT 1`).Scan(&newsPath); err != nil {
		t.Fatal(err)
	}
	group := fill("/groups/{slug}")
	pages := []struct {
		path   string
		feeds  map[string]string // type → path
		ogType string
	}{
		{"/", nil, "website"},
		{"/groups", nil, "website"},
		{group, map[string]string{"application/atom+xml": group + "/feed.atom", "text/calendar": group + "/events.ics"}, "website"},
		{fill("/tracks/{slug}"), map[string]string{"text/calendar": fill("/tracks/{slug}/schedule.ics")}, "website"},
		{fill("/events/{id}"), map[string]string{"text/calendar": fill("/events/{id}") + ".ics"}, "website"},
		{newsPath, map[string]string{"application/atom+xml": strings.Split(newsPath, "/news/")[0] + "/feed.atom"}, "article"},
	}
	for _, lang := range []string{"da", "sv", "en"} {
		for _, p := range pages {
			res := c.Get(p.path + "?lang=" + lang)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d", p.path, res.Status)
			}
			doc := res.Doc(t)
			head := doc.Find("head")
			attr := func(sel, name string) string {
				v, _ := head.Find(sel).Attr(name)
				return v
			}
			where := p.path + " (" + lang + ")"
			if d := attr(`meta[name="description"]`, "content"); len(d) < 20 {
				t.Errorf("%s: meta description %q", where, d)
			}
			canonical := base + p.path + "?lang=" + lang
			if got := attr(`link[rel="canonical"]`, "href"); got != canonical {
				t.Errorf("%s: canonical %q, want %q", where, got, canonical)
			}
			for _, l := range []string{"da", "sv", "en"} {
				if got := attr(`link[rel="alternate"][hreflang="`+l+`"]`, "href"); got != base+p.path+"?lang="+l {
					t.Errorf("%s: hreflang %s → %q", where, l, got)
				}
			}
			if got := attr(`link[rel="alternate"][hreflang="x-default"]`, "href"); got != base+p.path {
				t.Errorf("%s: x-default → %q", where, got)
			}
			title := strings.TrimSuffix(doc.Find("title").Text(), " · Spor")
			og := map[string]string{"og:site_name": "Spor", "og:title": title, "og:url": canonical, "og:type": p.ogType,
				"og:description": attr(`meta[name="description"]`, "content")}
			for prop, want := range og {
				if got := attr(`meta[property="`+prop+`"]`, "content"); got != want || got == "" {
					t.Errorf("%s: %s = %q, want %q", where, prop, got, want)
				}
			}
			feeds := map[string]string{}
			head.Find(`link[rel="alternate"][type]`).Each(func(_ int, s *goquery.Selection) {
				typ, _ := s.Attr("type")
				href, _ := s.Attr("href")
				if title, _ := s.Attr("title"); title == "" {
					t.Errorf("%s: feed %s has no title", where, href)
				}
				feeds[typ] = strings.TrimPrefix(href, base)
			})
			if len(feeds) != len(p.feeds) {
				t.Errorf("%s: feeds %v, want %v", where, feeds, p.feeds)
			}
			for typ, want := range p.feeds {
				if feeds[typ] != want {
					t.Errorf("%s: %s feed %q, want %q", where, typ, feeds[typ], want)
				} else if res := c.Get(want); res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), typ) {
					t.Errorf("%s: advertised feed %s answers %d %s", where, want, res.Status, res.Header.Get("Content-Type"))
				}
			}
		}
	}
	// The icons the head names exist and are what they say.
	doc := c.Get("/").Doc(t)
	icons := map[string]string{`link[rel="icon"][type="image/svg+xml"]`: "image/svg+xml", `link[rel="icon"][sizes="32x32"]`: "image/png",
		`link[rel="icon"][sizes="192x192"]`: "image/png", `link[rel="apple-touch-icon"]`: "image/png"}
	for sel, typ := range icons {
		href, ok := doc.Find(sel).Attr("href")
		if !ok {
			t.Errorf("no %s", sel)
			continue
		}
		if res := c.Get(href); res.Status != http.StatusOK || res.Header.Get("Content-Type") != typ {
			t.Errorf("%s: %d %s", href, res.Status, res.Header.Get("Content-Type"))
		}
	}
}
