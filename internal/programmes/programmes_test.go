package programmes_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"spor/internal/testutil"
)

func TestProgrammes(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)

	bad := c.Post("/manage/programmes", url.Values{"title": {"Digitalt först"}, "lang": {"sv"}, "website": {"kb.se"}, "starts_on": {"2020-09-01"}, "ends_on": {"2019-01-01"}})
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc(t).Find("#f-website-error").Length() != 1 || bad.Doc(t).Find("#f-ends_on-error").Length() != 1 {
		t.Fatalf("invalid programme: status %d", bad.Status)
	}
	if v, _ := bad.Doc(t).Find("#f-title").Attr("value"); v != "Digitalt först" {
		t.Errorf("input not kept: %q", v)
	}
	res := c.Post("/manage/programmes", url.Values{"title": {"Digitalt först med användaren i fokus"}, "slug": {"digitalt-forst"}, "lang": {"sv"},
		"funder": {"Kungliga biblioteket"}, "body": {"Ett **nationellt** kompetenslyft."}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: status %d", res.Status)
	}
	var id int64
	srv.DB.QueryRow(t.Context(), `SELECT id FROM programmes WHERE slug = 'digitalt-forst'`).Scan(&id)
	testutil.CreateGroup(t, srv.DB, "dalarna", "public")
	srv.DB.Exec(t.Context(), `UPDATE groups SET programme_id = $1`, id)

	anon := srv.Client(t)
	if list := anon.Get("/programmes"); !strings.Contains(list.Body, "Digitalt först med användaren i fokus") {
		t.Errorf("programme not listed")
	}
	page := anon.Get("/programmes/digitalt-forst")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "<strong>nationellt</strong>") || !strings.Contains(page.Body, "/groups/dalarna") {
		t.Errorf("programme page: %d", page.Status)
	}
	if res := anon.Get("/manage/programmes"); !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous manage: %d", res.Status)
	}
	if confirm := c.Get(fmt.Sprintf("/manage/programmes/%d/delete", id)); confirm.Status != http.StatusOK {
		t.Errorf("confirm page: %d", confirm.Status)
	}
	if res := c.Post(fmt.Sprintf("/manage/programmes/%d/delete", id), url.Values{}); res.Status != http.StatusSeeOther {
		t.Errorf("delete: %d", res.Status)
	}
	if res := anon.Get("/groups/dalarna"); res.Status != http.StatusOK {
		t.Errorf("group gone with its programme: %d", res.Status)
	}
}
