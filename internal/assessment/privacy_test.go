package assessment_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/testutil"
	"spor/templates/assessment"
)

func TestDeleteOneAndAll(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	first := insertAttempt(t, srv.DB, u.ID, time.Now().Add(-48*time.Hour), 3)
	second := insertAttempt(t, srv.DB, u.ID, time.Now().Add(-24*time.Hour), 5)
	insertAttempt(t, srv.DB, u.ID, time.Now().Add(-time.Hour), 6)

	// The confirmation step is a page of its own: it works without JavaScript.
	path := "/assessment/attempts/" + strconv.FormatInt(first, 10) + "/delete"
	confirm := c.Get(path)
	if confirm.Status != http.StatusOK {
		t.Fatalf("confirm page: %d", confirm.Status)
	}
	if action, _ := confirm.Doc(t).Find("main form[method=post]").Attr("action"); action != path {
		t.Errorf("confirm form posts to %q, want %q", action, path)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_attempts WHERE id = $1`, first); n != 1 {
		t.Fatal("showing the confirmation deleted the attempt")
	}
	if res := c.Post(path, url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete one: %d", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_attempts WHERE user_id = $1`, u.ID); n != 2 {
		t.Errorf("%d attempts left after deleting one, want 2", n)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_answers WHERE attempt_id = $1`, first); n != 0 {
		t.Errorf("%d answers of the deleted attempt left", n)
	}
	if c.Get("/assessment/attempts/"+strconv.FormatInt(second, 10)).Status != http.StatusOK {
		t.Error("the other attempts went too")
	}

	if res := c.Get("/assessment/delete-all"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Alle dine 2 besvarelser") {
		t.Errorf("delete-all confirmation: %d", res.Status)
	}
	if res := c.Post("/assessment/delete-all", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete all: %d", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_attempts WHERE user_id = $1`, u.ID); n != 0 {
		t.Errorf("%d attempts left after deleting all", n)
	}
	if !strings.Contains(c.Get("/assessment/results").Body, "Du har ikke gennemført selvtesten endnu") {
		t.Error("results page does not show the empty state after deleting all")
	}
}

func TestOnlyTheOwnerReachesAnAttempt(t *testing.T) {
	srv := testutil.NewServer(t)
	owner := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	colleague := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	coordinator := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	id := insertAttempt(t, srv.DB, owner.ID, time.Now().Add(-time.Hour), 6)
	own := insertAttempt(t, srv.DB, colleague.ID, time.Now().Add(-time.Hour), 2)

	oc := srv.Client(t)
	oc.Login(owner.Email)
	if res := oc.Get("/assessment/attempts/" + strconv.FormatInt(id, 10)); res.Status != http.StatusOK || !strings.Contains(res.Body, "MitID") {
		t.Fatalf("owner: %d", res.Status)
	}

	for _, who := range []struct{ name, email string }{{"colleague", colleague.Email}, {"coordinator", coordinator.Email}, {"admin", admin.Email}} {
		t.Run(who.name+" gets 404", func(t *testing.T) {
			c := srv.Client(t)
			c.Login(who.email)
			// Guessing ids around the owner's: every one of them is "not found".
			for guess := max(1, id-2); guess <= id+3; guess++ {
				if who.name == "colleague" && guess == own {
					continue
				}
				base := "/assessment/attempts/" + strconv.FormatInt(guess, 10)
				for _, res := range []testutil.Response{c.Get(base), c.Get(base + "/delete"), c.Post(base+"/delete", url.Values{})} {
					if res.Status != http.StatusNotFound {
						t.Errorf("%s: status %d, want 404", base, res.Status)
					}
					if strings.Contains(res.Body, "MitID") {
						t.Errorf("%s: page shows statements", base)
					}
				}
			}
			results := c.Get("/assessment/results")
			if strings.Contains(results.Body, "/assessment/attempts/"+strconv.FormatInt(id, 10)) {
				t.Error("someone else's attempt is linked on the results page")
			}
		})
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_attempts WHERE id = $1`, id); n != 1 {
		t.Error("someone else deleted the owner's attempt")
	}
	if res := srv.Client(t).Get("/assessment/attempts/" + strconv.FormatInt(id, 10)); res.Status != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a login redirect", res.Status)
	}
}

func TestNewVersionLeavesOldResultsIntact(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	if res := c.Post("/assessment", answers("submit", byArea(2, 3, 4, 5, 6))); res.Status != http.StatusSeeOther {
		t.Fatalf("submit v1: %d", res.Status)
	}
	// Version 2 rewrites every statement and moves them all to problem solving.
	ctx := context.Background()
	_, err := srv.DB.Exec(ctx, `INSERT INTO assessment_versions (id, name, published_at) VALUES (2, 'Spor 2027', now() - interval '1 second');
		INSERT INTO assessment_statements (version_id, position, area, text_da, text_sv, text_en)
		SELECT 2, g, 'problem_solving', 'Nyt udsagn ' || g, 'Nytt påstående ' || g, 'New statement ' || g FROM generate_series(1, 24) g`)
	if err != nil {
		t.Fatal(err)
	}
	form := c.Get("/assessment").Doc(t)
	if v, _ := form.Find("input[name=version]").Attr("value"); v != "2" || !strings.Contains(form.Find("#s-1 legend").Text(), "Nyt udsagn 1") {
		t.Fatalf("the form is not version 2: version %q, %q", v, form.Find("#s-1 legend").Text())
	}
	f2 := answers("submit", func(int) int { return 7 })
	f2.Set("version", "2")
	if res := c.Post("/assessment", f2); res.Status != http.StatusSeeOther {
		t.Fatalf("submit v2: %d", res.Status)
	}
	doc := c.Get("/assessment/results").Doc(t)
	rows := doc.Find("#progress-table tbody tr")
	if rows.Length() != 2 {
		t.Fatalf("%d attempts in the table, want 2", rows.Length())
	}
	// The first attempt still reads as it did: 2,0 3,0 4,0 5,0 6,0 in DigComp order.
	var first []string
	rows.First().Find("td").Each(func(_ int, s *goquery.Selection) { first = append(first, strings.TrimSpace(s.Text())) })
	if strings.Join(first, " ") != "2,0 3,0 4,0 5,0 6,0" {
		t.Errorf("first attempt after the new version: %v", first)
	}
	if got, _ := doc.Find("#latest-table tr[data-area=problem_solving]").Attr("data-score"); got != "7.00" {
		t.Errorf("version 2 attempt scored %q", got)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_answers x JOIN assessment_statements s ON s.id = x.statement_id
		JOIN assessment_attempts a ON a.id = x.attempt_id WHERE a.version_id <> s.version_id`); n != 0 {
		t.Errorf("%d answers point at another version's statements", n)
	}
}

func TestProgressChartCarriesTheValues(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	insertAttempt(t, srv.DB, u.ID, time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC), 3)
	insertAttempt(t, srv.DB, u.ID, time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC), 5)
	res := c.Get("/assessment/results")
	doc := res.Doc(t)
	svg := doc.Find("svg#progress-chart[role=img]")
	if svg.Length() != 1 || svg.Find("title").Text() == "" || svg.Find("desc").Text() == "" {
		t.Fatal("no accessible SVG chart with title and desc")
	}
	series := svg.Find("g[data-area]")
	if series.Length() != 5 {
		t.Fatalf("%d series, want one per area", series.Length())
	}
	series.Each(func(_ int, g *goquery.Selection) {
		circles := g.Find("circle")
		if circles.Length() != 2 {
			t.Fatalf("%d points, want 2", circles.Length())
		}
		want := []float64{3, 5}
		circles.Each(func(i int, p *goquery.Selection) {
			v, _ := p.Attr("data-value")
			cy, _ := p.Attr("cy")
			val, _ := strconv.ParseFloat(v, 64)
			y, _ := strconv.ParseFloat(cy, 64)
			if val != want[i] {
				t.Errorf("point %d value %v, want %v", i, val, want[i])
			}
			if d := y - assessment.ScoreY(want[i]); d > 0.1 || d < -0.1 {
				t.Errorf("point %d at y=%v, want %v", i, y, assessment.ScoreY(want[i]))
			}
		})
		if _, ok := g.Find("polyline").Attr("points"); !ok {
			t.Error("no line between the points")
		}
	})
	if ch, _ := doc.Find("#latest-table tr[data-area=safety] [data-change]").Attr("data-change"); ch != "2.00" {
		t.Errorf("change since previous %q, want 2.00", ch)
	}
	if me := c.Get("/me").Body; !strings.Contains(me, "Du gennemførte den senest 1. september 2025") {
		t.Error("/me does not show the date of the latest attempt")
	}
	if strings.Contains(res.Body, "<script>") {
		t.Error("inline script on the results page")
	}
}

func TestResultsRoundTripsDoNotGrow(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	insertAttempt(t, srv.DB, u.ID, time.Now().Add(-time.Hour), 3)
	c.Get("/assessment/results") // shows (and so deletes) the login flash, a session write
	few := c.Get("/assessment/results").Header.Get("X-Spor-Queries")
	for i := 0; i < 12; i++ {
		insertAttempt(t, srv.DB, u.ID, time.Now().Add(-time.Duration(i+2)*time.Hour), 4)
	}
	many := c.Get("/assessment/results").Header.Get("X-Spor-Queries")
	if few == "" || few != many {
		t.Errorf("queries with 1 attempt %q, with 13 %q: must be equal", few, many)
	}
	t.Logf("results page: %s round trips", many)
}
