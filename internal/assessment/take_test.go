package assessment_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/model"
	"spor/internal/testutil"
)

func TestAnonymousIsSentToLogin(t *testing.T) {
	srv := testutil.NewServer(t)
	for _, path := range []string{"/assessment/results", "/assessment/delete-all", "/manage/assessment"} {
		res := srv.Client(t).Get(path)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s: status %d location %q, want the login page", path, res.Status, res.Header.Get("Location"))
		}
	}
	res := srv.Client(t).Post("/assessment", answers("submit", func(int) int { return 4 }))
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("POST /assessment: status %d location %q, want the login page", res.Status, res.Header.Get("Location"))
	}
}

func TestFormIsAccessible(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	doc := c.Get("/assessment").Doc(t)
	if n := doc.Find("fieldset.likert").Length(); n != 24 {
		t.Fatalf("%d fieldsets, want 24", n)
	}
	fs := doc.Find("fieldset#s-7")
	if !strings.Contains(doc.Find("fieldset#s-6 legend").Text(), "MitID") {
		t.Errorf("statement 6 legend %q", doc.Find("fieldset#s-6 legend").Text())
	}
	if fs.Find("input[type=radio][name=s7]").Length() != 7 {
		t.Error("statement 7 has not 7 radio buttons")
	}
	for _, want := range []string{"1 – meget usikker", "4 – midt imellem", "7 – meget sikker"} {
		if !strings.Contains(fs.Text(), want) {
			t.Errorf("scale label %q missing", want)
		}
	}
	id, _ := fs.Find("input[value='3']").Attr("id")
	if doc.Find("label[for='"+id+"']").Length() != 1 {
		t.Error("radio 3 has no label")
	}
}

func TestMissingAnswersAreListed(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	skip := map[int]bool{3: true, 7: true, 24: true}
	res := c.Post("/assessment", answers("submit", func(pos int) int {
		if skip[pos] {
			return 0
		}
		return 5
	}))
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.Status)
	}
	doc := res.Doc(t)
	var links []string
	doc.Find(".error-summary a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		links = append(links, href)
	})
	if strings.Join(links, " ") != "#s-3 #s-7 #s-24" {
		t.Errorf("error summary links %v, want #s-3 #s-7 #s-24", links)
	}
	if !strings.Contains(doc.Find(".error-summary").Text(), "3 udsagn er ikke besvaret") {
		t.Errorf("summary text %q", doc.Find(".error-summary h2").Text())
	}
	if _, ok := doc.Find("input[name=s1][value='5']").Attr("checked"); !ok {
		t.Error("the given answer to statement 1 was not kept")
	}
	if doc.Find("fieldset#s-7 .field__error").Length() != 1 {
		t.Error("statement 7 has no message of its own")
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_attempts WHERE user_id = $1`, u.ID); n != 0 {
		t.Errorf("%d attempts stored from an incomplete form", n)
	}
}

func TestDraftSurvivesReload(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)

	partial := func(pos int) int {
		if pos <= 10 {
			return pos%7 + 1
		}
		return 0
	}
	if res := c.Post("/assessment", answers("draft", partial)); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/assessment" {
		t.Fatalf("save draft: %d %q", res.Status, res.Header.Get("Location"))
	}
	doc := c.Get("/assessment").Doc(t)
	for pos := 1; pos <= 10; pos++ {
		v := partial(pos)
		if _, ok := doc.Find("input[name=s" + itoa(pos) + "][value='" + itoa(v) + "']").Attr("checked"); !ok {
			t.Errorf("statement %d: draft value %d not checked after reload", pos, v)
		}
	}
	if doc.Find("input[name=s11]:checked").Length()+doc.Find("input[name=s11][checked]").Length() != 0 {
		t.Error("statement 11 checked without an answer")
	}

	// The optional script posts to /assessment/draft: 204, and the next load has it.
	res := c.Post("/assessment/draft", answers("draft", func(pos int) int { return map[bool]int{true: 6}[pos == 12] }))
	if res.Status != http.StatusNoContent {
		t.Fatalf("autosave: %d", res.Status)
	}
	if _, ok := c.Get("/assessment").Doc(t).Find("input[name=s12][value='6']").Attr("checked"); !ok {
		t.Error("autosaved answer not shown after reload")
	}

	// Submitting clears the draft and stores the attempt with its time.
	if res := c.Post("/assessment", answers("submit", func(int) int { return 4 })); res.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_drafts WHERE user_id = $1`, u.ID); n != 0 {
		t.Error("draft not cleared after submitting")
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_answers x JOIN assessment_attempts a ON a.id = x.attempt_id
		WHERE a.user_id = $1 AND a.completed_at > now() - interval '1 minute'`, u.ID); n != 24 {
		t.Errorf("%d answers stored, want 24", n)
	}
}

func TestScoringPerArea(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	// Information: 1,2,3,4,5 -> 3.0; the others constant.
	form := answers("submit", byArea(0, 6, 2, 7, 3))
	for pos := 1; pos <= 5; pos++ {
		form.Set("s"+itoa(pos), itoa(pos))
	}
	if res := c.Post("/assessment", form); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/assessment/results" {
		t.Fatalf("submit: %d %q", res.Status, res.Header.Get("Location"))
	}
	doc := c.Get("/assessment/results").Doc(t)
	want := map[string]string{"information": "3.00", "communication": "6.00", "content": "2.00", "safety": "7.00", "problem_solving": "3.00"}
	for area, score := range want {
		if got, _ := doc.Find("#latest-table tr[data-area=" + area + "]").Attr("data-score"); got != score {
			t.Errorf("%s: score %q, want %s", area, got, score)
		}
	}
	if !strings.Contains(doc.Find("#strongest").Text(), "Sikkerhed") || !strings.Contains(doc.Find("#weakest").Text(), "Digital indholdsskabelse") {
		t.Errorf("strongest/weakest: %q / %q", doc.Find("#strongest").Text(), doc.Find("#weakest").Text())
	}
	// Material is suggested for the weak areas (below the middle of the scale).
	learn := doc.Find("#learn-h").Parent().Text()
	if !strings.Contains(learn, "Lav en bogvideo på mobilen") || strings.Contains(learn, "Tænk sikkerhed") {
		t.Errorf("suggestions do not follow the weak areas: %q", learn)
	}
	// The model's own scoring agrees.
	s := model.ScoreAreas([]model.Answer{{Statement: model.Statement{Area: "safety"}, Value: 2}, {Statement: model.Statement{Area: "safety"}, Value: 5}})
	if s["safety"] != 3.5 {
		t.Errorf("ScoreAreas = %v", s)
	}
}

func TestEmptyResults(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	res := c.Get("/assessment/results")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Du har ikke gennemført selvtesten endnu") {
		t.Errorf("empty results: %d", res.Status)
	}
	if me := c.Get("/me"); !strings.Contains(me.Body, `href="/assessment"`) {
		t.Error("/me does not link to the self-assessment")
	}
}
