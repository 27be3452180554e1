package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"spor/internal/testutil"
)

// Bad bytes anywhere in a request are the client's mistake: 400 (413 for too many
// fields) in the page's language, never a 500, on every route the router has.
func TestBadInputIsRefusedOnEveryRoute(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	type route struct{ method, path string }
	var routes []route
	err := chi.Walk(srv.App.Handler.(chi.Routes), func(method, r string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		p := strings.ReplaceAll(paramRE.ReplaceAllString(r, "1"), "/*", "/x")
		routes = append(routes, route{method, p})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	many := url.Values{}
	for i := range 1001 {
		many.Add("f"+strconv.Itoa(i), "x")
	}
	bad := []struct {
		name   string
		path   func(string) string
		body   string
		status int
	}{
		{"NUL in path", func(p string) string { return p + "%00" }, "", 400},
		{"invalid UTF-8 in path", func(p string) string { return p + "%FF%FE" }, "", 400},
		{"NUL in query", func(p string) string { return p + "?q=a%00b" }, "", 400},
		{"invalid UTF-8 in query", func(p string) string { return p + "?q=%C3%28" }, "", 400},
		{"invalid UTF-8 in query key", func(p string) string { return p + "?%FF=1" }, "", 400},
		{"broken escape in query", func(p string) string { return p + "?q=%ZZ" }, "", 400},
		{"too many query values", func(p string) string { return p + "?" + many.Encode() }, "", 413},
		{"NUL in form", nil, "title=a%00b", 400},
		{"invalid UTF-8 in form", nil, "title=%E2%82", 400},
		{"broken escape in form", nil, "title=%G1", 400},
		{"too many form fields", nil, many.Encode(), 413},
	}
	n := 0
	for _, rt := range routes {
		for _, b := range bad {
			if b.path == nil && rt.method != http.MethodPost {
				continue
			}
			if b.path != nil && rt.method != http.MethodGet {
				continue
			}
			path := rt.path
			body := b.body
			if b.path != nil {
				path = b.path(path)
			}
			req, _ := http.NewRequest(rt.method, c.URL(path), strings.NewReader(body))
			req.Header.Set("Accept-Language", "sv")
			if b.path == nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", c.URL(""))
			}
			res := c.Do(req)
			n++
			if res.Status != b.status {
				t.Errorf("%s %s (%s): status %d, want %d", rt.method, rt.path, b.name, res.Status, b.status)
				continue
			}
			want := map[int]string{400: "Ogiltig förfrågan", 413: "För stort"}[b.status]
			if !strings.Contains(res.Body, want) || res.Header.Get("Content-Language") != "sv" {
				t.Errorf("%s %s (%s): not the Swedish %d page", rt.method, rt.path, b.name, b.status)
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d requests made", n)
	}
	// Ordinary input still works, Nordic letters included.
	if res := c.Get("/groups?q=" + url.QueryEscape("bøger & læsning")); res.Status != http.StatusOK {
		t.Errorf("a normal query: %d", res.Status)
	}
}

// Upload forms are read as a stream by the handler, not by the middleware: the same
// rules hold there (text only, a bounded number of fields).
func TestBadUploadFormsAreRefused(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Odense Bibliotekerne")
	g := testutil.CreateGroup(t, srv.DB, "upload-gruppe", "public")
	c := srv.Client(t)
	c.Login(admin.Email)
	path := "/manage/groups/" + strconv.FormatInt(g, 10) + "/documents?lang=en"
	pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	many := map[string]string{"title": "Mange", "lang": "da"}
	for i := range 150 {
		many["f"+strconv.Itoa(i)] = "x"
	}
	cases := []struct {
		name   string
		fields map[string]string
		status int
		text   string
	}{
		{"NUL in a field", map[string]string{"title": "a\x00b", "lang": "da"}, 400, "Bad request"},
		{"invalid UTF-8 in a field", map[string]string{"title": "ok", "description": "a\xffb", "lang": "da"}, 400, "Bad request"},
		{"too many fields", many, 413, "Too large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Upload(path, tc.fields, "file", "a.pdf", pdf)
			if res.Status != tc.status || !strings.Contains(res.Body, tc.text) {
				t.Errorf("status %d, want %d with %q", res.Status, tc.status, tc.text)
			}
		})
	}
	var n int
	if err := srv.DB.QueryRow(t.Context(), `SELECT count(*) FROM documents`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d documents stored (%v)", n, err)
	}
}
