package assessment_test

import (
	"net/http"
	"strings"
	"testing"

	"spor/internal/model"
	"spor/internal/testutil"
)

// An anonymous visitor finds the self-assessment in the menu and on the front page,
// and /assessment tells them what it is, with a way to log in and start.
func TestAnonymousSeesWhatItIs(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	home := c.Get("/").Doc(t)
	if home.Find(`.site-nav a[href="/assessment"]`).Length() != 1 {
		t.Error("the menu has no self-assessment entry for anonymous visitors")
	}
	if home.Find(`main a[href="/assessment"]`).Length() != 1 {
		t.Error("the front page has no link to the self-assessment for anonymous visitors")
	}
	res := c.Get("/assessment")
	if res.Status != http.StatusOK {
		t.Fatalf("GET /assessment anonymously: status %d, want 200 (location %q)", res.Status, res.Header.Get("Location"))
	}
	doc := res.Doc(t)
	if h1 := doc.Find("main h1").Text(); h1 != "Selvtest af digitale kompetencer" {
		t.Errorf("heading %q", h1)
	}
	facts := doc.Find("main").Text()
	for _, want := range []string{"24 udsagn", "cirka 10 minutter", "kun du kan se dem", "se din udvikling"} {
		if !strings.Contains(facts, want) {
			t.Errorf("the introduction does not say %q", want)
		}
	}
	if start := doc.Find(`main a[href="/login?next=%2Fassessment"]`).Text(); start != "Log ind for at starte" {
		t.Errorf("the way to start reads %q", start)
	}
	if doc.Find("#assessment-form, input[type=radio]").Length() != 0 {
		t.Error("anonymous visitors are shown the form itself")
	}
}

// The form comes in one section per area, each with its own count and a way to save
// and continue later at its end; the whole form's count is right without script.
func TestFormIsInSectionsByArea(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	// Two answers in the first area (1–5), one in the last (21–24).
	given := map[int]int{2: 5, 4: 3, 22: 7}
	if res := c.Post("/assessment", answers("draft", func(pos int) int { return given[pos] })); res.Status != http.StatusSeeOther {
		t.Fatalf("save draft: %d", res.Status)
	}
	doc := c.Get("/assessment").Doc(t)
	sections := doc.Find("#assessment-form section.assessment-section")
	if sections.Length() != len(model.Areas) {
		t.Fatalf("%d sections, want one per area (%d)", sections.Length(), len(model.Areas))
	}
	wantStatus := []string{"2 af 5 besvaret", "0 af 5 besvaret", "0 af 5 besvaret", "0 af 5 besvaret", "1 af 4 besvaret"}
	for i, want := range wantStatus {
		sec := sections.Eq(i)
		if got := sec.Find(".assessment-section__status").Text(); !strings.HasPrefix(got, want) {
			t.Errorf("section %d (%s) says %q, want %q", i+1, sec.Find("h2").Text(), got, want)
		}
		if sec.Find(`.assessment-section__end button[name=action][value=draft]`).Text() != "Gem og fortsæt senere" {
			t.Errorf("section %d ends without \"Gem og fortsæt senere\"", i+1)
		}
	}
	if got := doc.Find("#assessment-status").Text(); got != "3 af 24 udsagn besvaret." {
		t.Errorf("the counter reads %q", got)
	}
	if tpl, _ := doc.Find("#assessment-status").Attr("data-template"); tpl != "{done} af 24 udsagn besvaret." {
		t.Errorf("the live counter's template is %q", tpl)
	}
}
