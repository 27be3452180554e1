package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"spor/internal/testutil"
)

func TestSecurityHeaders(t *testing.T) {
	srv := testutil.NewServer(t)
	res := srv.Client(t).Get("/")
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
	}
	for h, v := range want {
		if got := res.Header.Get(h); got != v {
			t.Errorf("%s = %q, want %q", h, got, v)
		}
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline script")
	}
}

func TestOperationsEndpoints(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	c.Get("/")
	for _, path := range []string{"/healthz", "/readyz"} {
		if res := c.Get(path); res.Status != http.StatusOK || strings.TrimSpace(res.Body) != "ok" {
			t.Errorf("%s: %d %q", path, res.Status, res.Body)
		}
	}
	if res := c.Get("/metrics"); res.Status != http.StatusNotFound {
		t.Errorf("public /metrics: %d, want 404 (metrics have their own listener)", res.Status)
	}
	// Invented methods must not each add a series that is never freed.
	for _, m := range []string{"FOOBAR", "X-1", "PROPFIND"} {
		req, _ := http.NewRequest(m, c.URL("/"), nil)
		c.Do(req)
	}
	metrics := httptest.NewServer(srv.App.Metrics)
	defer metrics.Close()
	res, err := http.Get(metrics.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := string(body)
	for _, want := range []string{`spor_http_requests_total{method="GET",route="/",status="200"}`, `method="OTHER"`, "spor_db_pool_connections", "spor_http_request_duration_seconds"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, bad := range []string{"FOOBAR", "PROPFIND", `"X-1"`} {
		if strings.Contains(m, bad) {
			t.Errorf("metrics carry the invented method %s as a label", bad)
		}
	}
	// The database goes away: no new connections, the open ones ended.
	admin, err := pgx.Connect(context.Background(), testutil.ServerURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	name := srv.DB.Config().ConnConfig.Database
	if _, err := admin.Exec(context.Background(), `ALTER DATABASE `+pgx.Identifier{name}.Sanitize()+` ALLOW_CONNECTIONS false`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
		t.Fatal(err)
	}
	if res := c.Get("/readyz"); res.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database gone: %d, want 503", res.Status)
	}
}

func TestErrorPagesAreTranslatedInsideTheChrome(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	cases := []struct{ lang, want string }{
		{"da", "Siden findes ikke"},
		{"sv", "Sidan finns inte"},
		{"en", "Page not found"},
	}
	for _, tc := range cases {
		res := c.Get("/no/such/page?lang=" + tc.lang)
		doc := res.Doc(t)
		if res.Status != http.StatusNotFound || !strings.Contains(doc.Find("h1").Text(), tc.want) {
			t.Errorf("%s: %d %q", tc.lang, res.Status, doc.Find("h1").Text())
		}
		if lang, _ := doc.Find("html").Attr("lang"); lang != tc.lang {
			t.Errorf("html lang = %q, want %q", lang, tc.lang)
		}
		if doc.Find("a.skip-link[href='#main']").Length() != 1 || doc.Find("main#main").Length() != 1 {
			t.Error("error page lacks the chrome (skip link, main)")
		}
	}
}

func TestLanguageIsRemembered(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	c.Get("/?lang=sv")
	doc := c.Get("/").Doc(t)
	if lang, _ := doc.Find("html").Attr("lang"); lang != "sv" {
		t.Errorf("after ?lang=sv the next page is %q", lang)
	}
	if cur := doc.Find(".lang-switch a[aria-current]").Text(); cur != "Svenska" {
		t.Errorf("switcher marks %q as current", cur)
	}
	fresh := srv.Client(t).Get("/", "Accept-Language", "en-GB,en;q=0.8").Doc(t)
	if lang, _ := fresh.Find("html").Attr("lang"); lang != "en" {
		t.Errorf("Accept-Language en gives %q", lang)
	}
}

func TestOversizedBodyRefused(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	big := strings.Repeat("x", 2<<20)
	req, _ := http.NewRequest(http.MethodPost, c.URL("/login"), strings.NewReader("email="+big))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.URL(""))
	if res := c.Do(req); res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB login form: %d, want 413", res.Status)
	}
}
