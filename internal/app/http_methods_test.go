package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"spor/internal/demo"
	"spor/internal/testutil"
)

// demoServer is a server with the demo content and a client logged in as the demo
// admin, so that most routes find a record and answer 200.
func demoServer(t *testing.T) (*testutil.Server, *testutil.Client) {
	t.Helper()
	srv := testutil.NewServer(t)
	if _, err := demo.Load(context.Background(), srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	if res := c.Post("/login", url.Values{"email": {"admin@example.org"}, "password": {"spor-demo-2026"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("demo admin login: %d", res.Status)
	}
	return srv, c
}

// routeParams fills a route pattern's parameters with records of the demo content.
func routeParams(t *testing.T, srv *testutil.Server) func(pattern string) string {
	t.Helper()
	ctx := context.Background()
	one := func(q string) string {
		var v string
		if err := srv.DB.QueryRow(ctx, q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	group := one(`SELECT slug FROM groups ORDER BY id LIMIT 1`)
	values := map[string]map[string]string{
		"groups":     {"slug": group, "id": one(`SELECT c.id::text FROM contacts c JOIN groups g ON g.id = c.group_id WHERE g.slug = '` + group + `' ORDER BY c.id LIMIT 1`)},
		"tracks":     {"slug": one(`SELECT slug FROM tracks ORDER BY id LIMIT 1`)},
		"programmes": {"slug": one(`SELECT slug FROM programmes ORDER BY id LIMIT 1`)},
		"events":     {"id": one(`SELECT id::text FROM events ORDER BY id LIMIT 1`)},
	}
	param := regexp.MustCompile(`\{([a-z]+)(:[^}]*)?\}`)
	return func(pattern string) string {
		first := strings.Split(strings.TrimPrefix(pattern, "/"), "/")[0]
		return param.ReplaceAllStringFunc(strings.TrimSuffix(pattern, "/*"), func(p string) string {
			name := param.FindStringSubmatch(p)[1]
			if v, ok := values[first][name]; ok {
				return v
			}
			return "1"
		})
	}
}

// TestHeadAnsweredWhereverGetIs walks every GET route and sends HEAD with net/http:
// the same status and headers as GET, never 405, and no body.
func TestHeadAnsweredWhereverGetIs(t *testing.T) {
	srv, c := demoServer(t)
	fill := routeParams(t, srv)
	var paths []string
	err := chi.Walk(srv.App.Handler.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodGet && !strings.HasSuffix(route, "/logout") {
			paths = append(paths, fill(route))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 40 {
		t.Fatalf("only %d GET routes found", len(paths))
	}
	for _, p := range paths {
		get := c.Get(p)
		req, _ := http.NewRequest(http.MethodHead, c.URL(p), nil)
		head := c.Do(req)
		if head.Status == http.StatusMethodNotAllowed || head.Status != get.Status {
			t.Errorf("HEAD %s: %d, GET: %d", p, head.Status, get.Status)
			continue
		}
		if head.Body != "" {
			t.Errorf("HEAD %s sent a body of %d bytes", p, len(head.Body))
		}
		for _, h := range []string{"Content-Type", "Allow"} {
			if head.Header.Get(h) != get.Header.Get(h) {
				t.Errorf("HEAD %s: %s %q, GET: %q", p, h, head.Header.Get(h), get.Header.Get(h))
			}
		}
	}
}

// TestMethodNotAllowedSaysAllow: a 405 names the methods the path does answer.
func TestMethodNotAllowedSaysAllow(t *testing.T) {
	srv, c := demoServer(t)
	group := routeParams(t, srv)("/groups/{slug}")
	cases := []struct{ method, path, allow string }{
		{http.MethodGet, group + "/follow", "POST"},
		{http.MethodHead, group + "/follow", "POST"},
		{http.MethodPost, "/healthz", "GET, HEAD"},
		{http.MethodPost, group + "/feed.atom", "GET, HEAD"},
		{http.MethodDelete, "/login", "GET, HEAD, POST"},
		{http.MethodPut, "/events", "GET, HEAD"},
		{http.MethodPut, "/manage/alerts", "GET, HEAD, POST"},
		{http.MethodDelete, "/manage/alerts/5/end", "POST"},
		{http.MethodPost, "/me/calendar/0123456789abcdef0123456789abcdef.ics", "GET, HEAD"},
	}
	for _, tc := range cases {
		req, _ := http.NewRequest(tc.method, c.URL(tc.path), nil)
		req.Header.Set("Origin", c.URL(""))
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res := c.Do(req)
		if res.Status != http.StatusMethodNotAllowed || res.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", tc.method, tc.path, res.Status, res.Header.Get("Allow"), tc.allow)
		}
		if tc.method != http.MethodHead && !strings.Contains(res.Body, `<main id="main"`) {
			t.Errorf("%s %s: the 405 is not the translated page inside the chrome", tc.method, tc.path)
		}
	}
}

// TestFeedsAndDownloadsAnswerConditionalRequests: every feed and download has an
// ETag and a Last-Modified, and either condition alone gets a bodiless 304.
func TestFeedsAndDownloadsAnswerConditionalRequests(t *testing.T) {
	srv, c := demoServer(t)
	ctx := context.Background()
	fill := routeParams(t, srv)
	var doc, material, participantsEvent, track, token string
	if err := srv.DB.QueryRow(ctx, `SELECT '/groups/' || g.slug || '/documents/' || d.id || '/' || d.filename
		FROM documents d JOIN groups g ON g.id = d.group_id ORDER BY d.id LIMIT 1`).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	if err := srv.DB.QueryRow(ctx, `SELECT '/tracks/' || t.slug || '/materials/' || f.id || '/' || f.filename
		FROM track_material_files f JOIN track_meetings m ON m.id = f.meeting_id JOIN tracks t ON t.id = m.track_id ORDER BY f.id LIMIT 1`).Scan(&material); err != nil {
		t.Fatal(err)
	}
	if err := srv.DB.QueryRow(ctx, `SELECT id::text FROM events ORDER BY id LIMIT 1`).Scan(&participantsEvent); err != nil {
		t.Fatal(err)
	}
	if err := srv.DB.QueryRow(ctx, `SELECT id::text FROM tracks ORDER BY id LIMIT 1`).Scan(&track); err != nil {
		t.Fatal(err)
	}
	// The personal feed's token is issued on /me.
	c.Get("/me")
	_ = srv.DB.QueryRow(ctx, `SELECT calendar_token FROM users WHERE email = 'admin@example.org'`).Scan(&token)
	// Generated exports have no stored modification time: Last-Modified is when they
	// were made, so only their ETag can match (exports lists them).
	exports := map[string]bool{}
	paths := []string{
		fill("/groups/{slug}/feed.atom"),
		fill("/groups/{slug}/events.ics"),
		fill("/events/{id}.ics"),
		fill("/tracks/{slug}/schedule.ics"),
		fill("/groups/{slug}/contacts/{id}.vcf"),
		doc, material,
		"/manage/events/" + participantsEvent + "/participants.csv",
		"/manage/tracks/" + track + "/attendance.csv",
		"/manage/assessment/export.csv",
	}
	for _, p := range paths[len(paths)-4:] {
		exports[p] = true
	}
	if token != "" {
		paths = append(paths, "/me/calendar/"+token+".ics")
	}
	for _, p := range paths {
		res := c.Get(p)
		etag, lm := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if res.Status != http.StatusOK || etag == "" || lm == "" {
			t.Errorf("GET %s: %d ETag %q Last-Modified %q", p, res.Status, etag, lm)
			continue
		}
		modified, err := http.ParseTime(lm)
		if err != nil || modified.After(time.Now()) {
			t.Errorf("GET %s: Last-Modified %q is not a past HTTP date", p, lm)
		}
		conds := [][]string{{"If-None-Match", etag}, {"If-None-Match", `"other", W/` + etag}}
		if !exports[p] {
			conds = append(conds, []string{"If-Modified-Since", lm})
		}
		for _, cond := range conds {
			if again := c.Get(p, cond...); again.Status != http.StatusNotModified || again.Body != "" {
				t.Errorf("GET %s with %s: %d, %d bytes; want 304 and no body", p, cond[0], again.Status, len(again.Body))
			}
		}
		if stale := c.Get(p, "If-None-Match", `"stale"`); stale.Status != http.StatusOK || stale.Body != res.Body {
			t.Errorf("GET %s with a stale ETag: %d, want the full 200", p, stale.Status)
		}
		old := modified.Add(-time.Hour).Format(http.TimeFormat)
		if stale := c.Get(p, "If-Modified-Since", old); stale.Status != http.StatusOK {
			t.Errorf("GET %s modified since an hour before: %d, want 200", p, stale.Status)
		}
	}
}
