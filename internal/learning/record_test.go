package learning_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/model"
	"spor/internal/testutil"
)

func TestCourseProgressAndRecord(t *testing.T) {
	srv := testutil.NewServer(t)
	db := srv.DB
	course := add(t, db, model.LearningResource{Title: "Leda förändring", Kind: "course", Lang: "sv", Parts: []model.LearningPart{
		{Kind: "video", DurationMinutes: 30, Title: "Ett"}, {Kind: "video", DurationMinutes: 60, Title: "Två"}, {Kind: "podcast", DurationMinutes: 30, Title: "Tre"}}})
	add(t, db, model.LearningResource{Title: "Kort video", Kind: "video"})
	owner := testutil.CreateUser(t, db, "staff", "Falu stadsbibliotek")
	me := srv.Client(t)
	me.Login(owner.Email)

	var parts []int64
	rows, _ := db.Query(t.Context(), `SELECT id FROM learning_parts WHERE course_id = $1 ORDER BY position`, course)
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		parts = append(parts, id)
	}
	rows.Close()

	for _, p := range parts[:2] {
		if res := me.Post(fmt.Sprintf("/learning/leda-forandring/parts/%d", p), url.Values{"done": {"1"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("mark part: %d", res.Status)
		}
	}
	if res := me.Post("/learning/kort-video/progress", url.Values{"status": {"saved"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Status)
	}
	page := me.Get("/learning/leda-forandring").Doc(t)
	if v, _ := page.Find("#course-progress").Attr("value"); v != "90" {
		t.Errorf("course progress value %q, want 90 of 120", v)
	}
	rec := me.Get("/me/learning")
	doc := rec.Doc(t)
	if v, _ := doc.Find("progress").Attr("value"); v != "90" {
		t.Errorf("record progress %q", v)
	}
	if !strings.Contains(doc.Find(".learning-record").Text(), "Kort video") {
		t.Errorf("saved resource not on the record")
	}
	if n := count(t, db, `SELECT count(*) FROM learning_progress WHERE user_id = $1 AND resource_id = $2 AND status = 'in_progress'`, owner.ID, course); n != 1 {
		t.Errorf("course not in progress")
	}
	// The last part makes the course done.
	me.Post(fmt.Sprintf("/learning/leda-forandring/parts/%d", parts[2]), url.Values{"done": {"1"}})
	if n := count(t, db, `SELECT count(*) FROM learning_progress WHERE user_id = $1 AND resource_id = $2 AND status = 'done'`, owner.ID, course); n != 1 {
		t.Errorf("course not done after its last part")
	}
	// A part of another course is not found.
	other := add(t, db, model.LearningResource{Title: "Annan kurs", Kind: "course", Parts: []model.LearningPart{{Kind: "video", DurationMinutes: 5, Title: "X"}}})
	var otherPart int64
	_ = db.QueryRow(t.Context(), `SELECT id FROM learning_parts WHERE course_id = $1`, other).Scan(&otherPart)
	if res := me.Post(fmt.Sprintf("/learning/leda-forandring/parts/%d", otherPart), url.Values{"done": {"1"}}); res.Status != http.StatusNotFound {
		t.Errorf("another course's part: %d", res.Status)
	}

	// Attendance and assessments join the timeline.
	g := testutil.CreateGroup(t, db, "falun", "public")
	var ev int64
	_ = db.QueryRow(t.Context(), `INSERT INTO events (group_id, title, starts_at, ends_at, zone) VALUES ($1, 'Digitalt café', now() - interval '3 days', now() - interval '3 days' + interval '2 hours', 'Europe/Stockholm') RETURNING id`, g).Scan(&ev)
	exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status, attended) VALUES ($1, $2, $3, 'confirmed', true)`, ev, owner.ID, owner.OrgID)
	exec(t, db, `INSERT INTO assessment_attempts (user_id, version_id, started_at, completed_at) VALUES ($1, 1, $2, $2)`, owner.ID, time.Now().Add(-48*time.Hour))
	timeline := me.Get("/me/learning").Doc(t).Find(".timeline li")
	if timeline.Length() != 4 {
		t.Errorf("timeline has %d lines, want 2 resources, 1 event, 1 assessment", timeline.Length())
	}

	t.Run("CSV", func(t *testing.T) {
		res := me.Get("/me/learning.csv")
		if res.Status != http.StatusOK || res.Header.Get("Cache-Control") != "private, no-store" {
			t.Fatalf("csv: %d %q", res.Status, res.Header.Get("Cache-Control"))
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\uFEFF")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil || len(rows) != 5 {
			t.Fatalf("csv rows %d: %v", len(rows), err)
		}
		if !strings.Contains(res.Body, "Digitalt café") {
			t.Errorf("csv lacks the event")
		}
	})

	t.Run("only the owner sees it", func(t *testing.T) {
		for _, role := range []string{"staff", "coordinator", "admin"} {
			c := srv.Client(t)
			c.Login(testutil.CreateUser(t, db, role, "Falu stadsbibliotek").Email)
			for _, path := range []string{"/me/learning", "/me/learning?user=" + fmt.Sprint(owner.ID), "/me/learning.csv"} {
				res := c.Get(path)
				if strings.Contains(res.Body, "Leda förändring") || strings.Contains(res.Body, "Digitalt café") {
					t.Errorf("%s sees the owner's record at %s", role, path)
				}
			}
		}
		if res := srv.Client(t).Get("/me/learning"); res.Status != http.StatusSeeOther {
			t.Errorf("anonymous: %d", res.Status)
		}
	})
}
