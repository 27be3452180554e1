package learning_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/learning"
	"spor/internal/model"
	"spor/internal/testutil"
)

func TestLinkCheck(t *testing.T) {
	var agents atomic.Value
	agents.Store("")
	release := make(chan struct{})
	defer close(release)
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { agents.Store(r.UserAgent()) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/moved-away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/gone", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	site := httptest.NewServer(mux)
	defer site.Close()

	srv := testutil.NewServer(t)
	db := srv.DB
	want := map[string]int{"ok": 200, "moved": 200, "moved-away": 404, "gone": 404, "broken": 500, "slow": -1, "no-head": 200}
	ids := map[string]int64{}
	for path := range want {
		ids[path] = add(t, db, model.LearningResource{Title: "Link " + path, Slug: "link-" + path, URL: site.URL + "/" + path})
	}
	store := learning.NewStore(db)
	c := learning.NewLinkChecker(store)
	c.Timeout = 300 * time.Millisecond
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for path, status := range want {
		got := count(t, db, `SELECT link_status FROM learning_resources WHERE id = $1`, ids[path])
		if got != status {
			t.Errorf("%s: recorded %d, want %d", path, got, status)
		}
	}
	if ua := agents.Load().(string); !strings.HasPrefix(ua, "Spor-linkcheck/") {
		t.Errorf("user agent %q", ua)
	}
	// Checked links wait a week.
	if due, _ := store.DueLinks(context.Background(), time.Now().Add(-c.Every), 100); len(due) != 0 {
		t.Errorf("%d links due right after a run", len(due))
	}

	t.Run("broken links shown", func(t *testing.T) {
		admin := srv.Client(t)
		admin.Login(testutil.CreateUser(t, db, "admin", "Det Kgl. Bibliotek").Email)
		doc := admin.Get("/manage/learning").Doc(t)
		var broken []string
		doc.Find(".broken-links li > a").Each(func(_ int, s *goquery.Selection) { broken = append(broken, s.Text()) })
		if len(broken) != 4 {
			t.Errorf("broken list %q, want moved-away, gone, broken and slow", broken)
		}
		anon := srv.Client(t)
		if !strings.Contains(anon.Get("/learning/link-gone").Body, "badge--danger") {
			t.Errorf("public page does not mark the broken link")
		}
		if strings.Contains(anon.Get("/learning/link-moved").Body, "badge--danger") {
			t.Errorf("a redirect to a working page is marked broken")
		}
	})

	t.Run("a limit per host", func(t *testing.T) {
		exec(t, db, `UPDATE learning_resources SET link_checked_at = NULL, link_status = 0`)
		c.MaxPerHost = 3
		if err := c.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM learning_resources WHERE link_checked_at IS NOT NULL`); n != 3 {
			t.Errorf("checked %d links of one host in one run, want 3", n)
		}
	})

	t.Run("one instance at a time", func(t *testing.T) {
		ctx := context.Background()
		conn, err := db.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Release()
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, learning.LinkCheckLock); err != nil {
			t.Fatal(err)
		}
		var runs atomic.Int32
		job := jobFunc(func(context.Context) error { runs.Add(1); return nil })
		if ran, err := learning.RunLocked(ctx, db, learning.LinkCheckLock, job); ran || err != nil || runs.Load() != 0 {
			t.Errorf("ran %v (%v) while another instance held the lock", ran, err)
		}
		_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, learning.LinkCheckLock)
		if ran, err := learning.RunLocked(ctx, db, learning.LinkCheckLock, job); !ran || err != nil || runs.Load() != 1 {
			t.Errorf("did not run once the lock was free: %v %v", ran, err)
		}
	})
}

type jobFunc func(context.Context) error

func (f jobFunc) Run(ctx context.Context) error { return f(ctx) }
