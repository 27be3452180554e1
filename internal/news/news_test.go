package news_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/app"
	"spor/internal/testutil"
)

type feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Author struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func TestNewsScheduledAndFeed(t *testing.T) {
	const base = "https://spor.example.org"
	srv := testutil.NewServer(t, func(o *app.Options) { o.Config.BaseURL = base })
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	g := testutil.CreateGroup(t, srv.DB, "nyt", "public", coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	zone, _ := time.LoadLocation("Europe/Copenhagen")
	post := func(title string, at time.Time) {
		res := c.Post(fmt.Sprintf("/manage/groups/%d/news", g), url.Values{"title": {title}, "body": {"Tekst om **" + title + "**"},
			"lang": {"da"}, "publish_at": {at.In(zone).Format("2006-01-02T15:04")}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("save news %q: status %d", title, res.Status)
		}
	}
	post("Analysen er klar", time.Now().Add(-48*time.Hour))
	post("Visionspapiret", time.Now().Add(-time.Hour))
	post("Hemmelig plan", time.Now().Add(72*time.Hour))

	invalid := c.Post(fmt.Sprintf("/manage/groups/%d/news", g), url.Values{"title": {""}, "body": {"x"}, "lang": {"da"}})
	if invalid.Status != http.StatusUnprocessableEntity || invalid.Doc(t).Find("#f-title-error").Length() != 1 {
		t.Errorf("invalid news: status %d", invalid.Status)
	}

	var scheduled int64
	srv.DB.QueryRow(context.Background(), `SELECT id FROM news WHERE title = 'Hemmelig plan'`).Scan(&scheduled)
	anon := srv.Client(t)
	page := anon.Get("/groups/nyt")
	if !strings.Contains(page.Body, "Visionspapiret") || strings.Contains(page.Body, "Hemmelig plan") {
		t.Errorf("group page must show published news and hide scheduled news")
	}
	if res := anon.Get(fmt.Sprintf("/groups/nyt/news/%d", scheduled)); res.Status != http.StatusNotFound {
		t.Errorf("scheduled item for the public: %d, want 404", res.Status)
	}
	if res := c.Get(fmt.Sprintf("/groups/nyt/news/%d", scheduled)); res.Status != http.StatusOK {
		t.Errorf("scheduled item for its coordinator: %d, want 200 (preview)", res.Status)
	}

	res := anon.Get("/groups/nyt/feed.atom")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %q", res.Status, res.Header.Get("Content-Type"))
	}
	var f feed
	if err := xml.Unmarshal([]byte(res.Body), &f); err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	if f.ID == "" || f.Title == "" || f.Author.Name == "" {
		t.Errorf("feed id/title/author missing: %+v", f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	self := ""
	for _, l := range f.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if self != base+"/groups/nyt/feed.atom" {
		t.Errorf("rel=self = %q", self)
	}
	if len(f.Entries) != 2 || f.Entries[0].Title != "Visionspapiret" {
		t.Fatalf("entries: %+v", f.Entries)
	}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || e.Author.Name == "" || !strings.HasPrefix(e.Link.Href, base+"/groups/nyt/news/") ||
			e.Content.Type != "html" || !strings.Contains(e.Content.Body, "<strong>") {
			t.Errorf("entry incomplete: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
	}
	// Entry ids are stable: the same after an edit.
	first := f.Entries[0].ID
	srv.DB.Exec(context.Background(), `UPDATE news SET title = 'Visionspapiret (rettet)', updated_at = now() WHERE title = 'Visionspapiret'`)
	var f2 feed
	xml.Unmarshal([]byte(anon.Get("/groups/nyt/feed.atom").Body), &f2)
	if f2.Entries[0].ID != first {
		t.Errorf("entry id changed after an edit: %q → %q", first, f2.Entries[0].ID)
	}
}
