package learning_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/model"
	"spor/internal/testutil"
)

func TestRecommendationsFromSelfAssessment(t *testing.T) {
	srv := testutil.NewServer(t)
	db := srv.DB
	u := testutil.CreateUser(t, db, "staff", "Aarhus Kommunes Biblioteker")
	// One attempt of version 1: information 2, communication 6, content 3, safety 1,
	// problem solving 5 → the weakest areas are safety, information, content, and the
	// weakest statements are safety's.
	exec(t, db, `WITH a AS (INSERT INTO assessment_attempts (user_id, version_id, started_at, completed_at)
			VALUES ($1, 1, now(), now()) RETURNING id)
		INSERT INTO assessment_answers (attempt_id, statement_id, value)
		SELECT a.id, s.id, CASE s.area WHEN 'information' THEN 2 WHEN 'communication' THEN 6 WHEN 'content' THEN 3
			WHEN 'safety' THEN 1 ELSE 5 END FROM a, assessment_statements s WHERE s.version_id = 1`, u.ID)
	var safetyStmt int64
	if err := db.QueryRow(t.Context(), `SELECT id FROM assessment_statements WHERE version_id = 1 AND area = 'safety' ORDER BY position LIMIT 1`).Scan(&safetyStmt); err != nil {
		t.Fatal(err)
	}
	add(t, db, model.LearningResource{Title: "Säkra lösenord", Lang: "sv", DurationMinutes: 30, Areas: []string{"safety"}})
	add(t, db, model.LearningResource{Title: "Security basics", Lang: "en", DurationMinutes: 5, Areas: []string{"safety"}})
	add(t, db, model.LearningResource{Title: "Sikker på nettet", Lang: "da", DurationMinutes: 40, Areas: []string{"safety"}})
	add(t, db, model.LearningResource{Title: "Phishing-øvelse", Lang: "da", DurationMinutes: 15, Kind: "exercise", StatementIDs: []int64{safetyStmt}})
	done := add(t, db, model.LearningResource{Title: "Allerede gennemført", Lang: "da", DurationMinutes: 3, Areas: []string{"safety"}})
	exec(t, db, `INSERT INTO learning_progress (user_id, resource_id, status) VALUES ($1, $2, 'done')`, u.ID, done)
	saved := add(t, db, model.LearningResource{Title: "Kun gemt", Lang: "da", DurationMinutes: 50, Areas: []string{"safety"}})
	exec(t, db, `INSERT INTO learning_progress (user_id, resource_id, status) VALUES ($1, $2, 'saved')`, u.ID, saved)
	add(t, db, model.LearningResource{Title: "Informationssøgning", Lang: "da", DurationMinutes: 20, Areas: []string{"information"}})
	add(t, db, model.LearningResource{Title: "Samarbejde online", Lang: "da", DurationMinutes: 20, Areas: []string{"communication"}})

	c := srv.Client(t)
	c.Login(u.Email)
	res := c.Get("/assessment/results?lang=da")
	if res.Status != http.StatusOK {
		t.Fatalf("results: %d", res.Status)
	}
	doc := res.Doc(t)
	var areas []string
	lists := map[string][]string{}
	doc.Find(".recommended h3").Each(func(_ int, h *goquery.Selection) {
		area := strings.TrimSpace(strings.Split(h.Text(), "(")[0])
		areas = append(areas, area)
		h.NextUntil("h3").Find("li a").Each(func(_ int, a *goquery.Selection) { lists[area] = append(lists[area], a.Text()) })
	})
	if len(areas) != 3 || areas[0] != "Sikkerhed" {
		t.Fatalf("areas %q, want safety first of three", areas)
	}
	// Danish first (shortest first among them), then the rest shortest first; the
	// done one left out, the merely saved one kept.
	want := []string{"Phishing-øvelse", "Sikker på nettet", "Kun gemt", "Security basics", "Säkra lösenord"}
	if got := lists["Sikkerhed"]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("safety material %q, want %q", got, want)
	}
	if strings.Contains(res.Body, "Samarbejde online") {
		t.Errorf("material for a strong area recommended")
	}
	if strings.Contains(res.Body, "Allerede gennemført") {
		t.Errorf("done material recommended")
	}
	if got := lists[areas[1]]; len(got) != 1 || got[0] != "Informationssøgning" {
		t.Errorf("information material %q", got)
	}
	if href, _ := doc.Find(`.recommended a:contains("Phishing-øvelse")`).Attr("href"); href != "/learning/phishing-oevelse" {
		t.Errorf("link %q", href)
	}
}

func TestCoordinatorsSeeAreasLackingMaterial(t *testing.T) {
	srv := testutil.NewServer(t)
	add(t, srv.DB, model.LearningResource{Title: "Kildekritik", Areas: []string{"information"}})
	c := srv.Client(t)
	c.Login(testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek").Email)
	doc := c.Get("/manage/assessment?lang=da").Doc(t)
	items := doc.Find(".area-material li")
	if items.Length() != 5 {
		t.Fatalf("%d areas listed", items.Length())
	}
	if n := doc.Find(".area-material .badge--warn").Length(); n != 4 {
		t.Errorf("%d areas marked as lacking, want 4", n)
	}
	if !strings.Contains(items.First().Text(), "1") || items.First().Find(".badge").Length() != 0 {
		t.Errorf("information: %q", items.First().Text())
	}
}
