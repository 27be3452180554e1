package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/testutil"
)

// Every form that takes Markdown refuses a source that would render too large with
// a message on that field, in the page's language, and keeps the rest of the input.
func TestMarkdownFormsRefuseBlowUp(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Odense Bibliotekerne")
	g := testutil.CreateGroup(t, srv.DB, "markdown-gruppe", "public")
	var prog int64
	if err := srv.DB.QueryRow(t.Context(), `INSERT INTO programmes (slug, title, lang) VALUES ('md-prog', 'Program', 'da') RETURNING id`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	// 4 KB that rendered to 5 MB before.
	blowUp := "|" + strings.Repeat("a|", 200) + "\n|" + strings.Repeat("-|", 200) + "\n" + strings.Repeat("x\n", 1600)
	start := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	forms := []struct {
		name, path, field string
		form              url.Values
	}{
		{"group", "/manage/groups", "body", url.Values{"title": {"Netværk"}, "slug": {"netvaerk-md"}, "lang": {"da"}, "visibility": {"public"}, "summary": {"Kort"}}},
		{"programme", "/manage/programmes", "body", url.Values{"title": {"Program 2"}, "slug": {"program-md"}, "lang": {"da"}, "summary": {"Kort"}}},
		{"news", fmt.Sprintf("/manage/groups/%d/news", g), "body", url.Values{"title": {"Nyhed"}, "lang": {"da"}, "publish_at": {start + "T10:00"}}},
		{"event", "/manage/events", "description", url.Values{"group": {fmt.Sprint(g)}, "title": {"Seminar"}, "zone": {"Europe/Copenhagen"},
			"starts_at": {start + "T10:00"}, "ends_at": {start + "T12:00"}, "place": {"Odense"}, "lang": {"da"}, "audience": {"public"}, "status": {"published"}}},
		{"track", "/manage/tracks", "prework", url.Values{"title": {"Forløb"}, "programme": {fmt.Sprint(prog)}, "lang": {"da"}, "goals": {"Et mål"}}},
	}
	c := srv.Client(t)
	c.Login(admin.Email)
	for _, lang := range []struct{ code, want string }{{"da", "for stor at vise"}, {"sv", "för stor för att visas"}, {"en", "too large to show"}} {
		for _, f := range forms {
			t.Run(lang.code+" "+f.name, func(t *testing.T) {
				form := url.Values{}
				for k, v := range f.form {
					form[k] = v
				}
				form.Set(f.field, blowUp)
				res := c.Post(f.path+"?lang="+lang.code, form)
				if res.Status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", res.Status)
				}
				doc := res.Doc(t)
				msg := doc.Find(".field--invalid").FilterFunction(func(_ int, s *goquery.Selection) bool {
					return s.Find(`[name="`+f.field+`"]`).Length() > 0
				}).Find(".field__error").Text()
				if !strings.Contains(msg, lang.want) {
					t.Errorf("field %s error %q, want %q", f.field, msg, lang.want)
				}
				if got := doc.Find(`textarea[name="` + f.field + `"]`).Text(); strings.TrimSpace(got) != strings.TrimSpace(blowUp) {
					t.Errorf("the source was not kept in the form (%d bytes back)", len(got))
				}
				if len(res.Body) > 100_000 {
					t.Errorf("the page is %d bytes", len(res.Body))
				}
			})
		}
	}
}
