package app_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"spor/internal/testutil"
)

// outsideChrome are the routes mounted before sessions: nothing personal there.
var outsideChrome = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true, "/static/*": true,
	"/favicon.ico": true, "/bench/trivial": true}

var paramRE = regexp.MustCompile(`\{[^}]*\}`)

// getRoutes lists every GET route of the router inside the chrome, with its
// parameters filled in with value (an id, slug or token that may not exist).
func getRoutes(t *testing.T, h http.Handler, value string) []string {
	t.Helper()
	routes, ok := h.(chi.Routes)
	if !ok {
		t.Fatalf("handler %T is not a chi router", h)
	}
	var paths []string
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodGet && !outsideChrome[route] {
			p := paramRE.ReplaceAllString(route, value)
			paths = append(paths, strings.ReplaceAll(p, "/*", "/x"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 30 {
		t.Fatalf("only %d GET routes found", len(paths))
	}
	return paths
}

// Every page and export a logged-in person gets, whatever its status, must not be
// kept by a cache: the walk covers routes added later too.
func TestPersonalResponsesAreNotStored(t *testing.T) {
	srv := testutil.NewServer(t)
	for _, role := range []string{"staff", "coordinator", "admin"} {
		t.Run(role, func(t *testing.T) {
			u := testutil.CreateUser(t, srv.DB, role, "Odense Bibliotekerne")
			c := srv.Client(t)
			c.Login(u.Email)
			ok := 0
			for _, p := range getRoutes(t, srv.App.Handler, "1") {
				res := c.Get(p)
				if res.Status == http.StatusOK {
					ok++
				}
				if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
					t.Errorf("GET %s (%d): Cache-Control %q", p, res.Status, cc)
				}
			}
			if ok < 10 {
				t.Errorf("only %d pages answered 200: the walk tests little", ok)
			}
		})
	}
	t.Run("anonymous public page may be cached", func(t *testing.T) {
		if cc := srv.Client(t).Get("/groups").Header.Get("Cache-Control"); strings.Contains(cc, "no-store") {
			t.Errorf("public page Cache-Control %q", cc)
		}
	})
}

// The personal calendar is fetched without a login: its secret address makes it
// personal, so it is not stored, and the token never reaches the access log.
func TestCalendarTokenIsNotStoredNorLogged(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Odense Bibliotekerne")
	var token string
	if err := srv.DB.QueryRow(t.Context(), `SELECT calendar_token FROM users WHERE id = $1`, u.ID).Scan(&token); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(old)

	res := srv.Client(t).Get("/me/calendar/" + token + ".ics")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("Cache-Control %q", cc)
	}
	log := buf.String()
	if !strings.Contains(log, "/me/calendar/REDACTED.ics") {
		t.Errorf("access log lacks the redacted path:\n%s", log)
	}
	if strings.Contains(log, token) {
		t.Errorf("access log holds the token:\n%s", log)
	}
}

func TestStaticFoldersAreNotListed(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	for _, p := range []string{"/static/", "/static/css/", "/static/css", "/static/js/", "/static/img", "/static/./css/", "/static/css/../"} {
		if res := c.Get(p); res.Status != http.StatusNotFound || strings.Contains(res.Body, "spor.css") || strings.Contains(res.Body, "<pre>") {
			t.Errorf("GET %s: status %d, body %.80q", p, res.Status, res.Body)
		}
	}
	if res := c.Get("/static/css/spor.css"); res.Status != http.StatusOK {
		t.Errorf("a real file: status %d", res.Status)
	}
}
