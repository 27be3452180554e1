package learning_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/model"
	"spor/internal/testutil"
)

func listTitles(sel *goquery.Selection) []string {
	var out []string
	sel.Find("li > a").Each(func(_ int, a *goquery.Selection) { out = append(out, a.Text()) })
	return out
}

func TestCuratedListsOnGroupsTracksAndMeetings(t *testing.T) {
	srv := testutil.NewServer(t)
	db := srv.DB
	coord := testutil.CreateUser(t, db, "coordinator", "Region Dalarna")
	g := testutil.CreateGroup(t, db, "dalarna", "public", coord.ID)
	add(t, db, model.LearningResource{Title: "MIK för nybörjare", Lang: "sv", DurationMinutes: 20})
	add(t, db, model.LearningResource{Title: "Källkritik", Lang: "sv", DurationMinutes: 30})
	add(t, db, model.LearningResource{Title: "Internt upplägg", Lang: "sv", Visibility: model.VisibilityStaff})
	c := srv.Client(t)
	c.Login(coord.Email)
	c.Get("/?lang=sv")
	path := fmt.Sprintf("/manage/learning/groups/%d", g)

	if res := c.Post(path, url.Values{"items": {"kallkritik | Gå igenom tillsammans\nfinns-inte"}}); res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown slug: %d", res.Status)
	}
	if n := count(t, db, `SELECT count(*) FROM learning_lists`); n != 0 {
		t.Errorf("a refused list was stored (%d)", n)
	}
	res := c.Post(path, url.Values{"items": {"kallkritik | Gå igenom tillsammans\nmik-for-nyborjare\ninternt-upplagg"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Status)
	}
	// The source page's date, as if the list had last changed on 1 February 2019.
	exec(t, db, `UPDATE learning_lists SET updated_at = '2019-02-01 10:00+01' WHERE group_id = $1`, g)

	anon := srv.Client(t)
	anon.Get("/?lang=sv")
	doc := anon.Get("/groups/dalarna").Doc(t)
	sec := doc.Find("section.curated")
	if got := listTitles(sec); strings.Join(got, "|") != "Källkritik|MIK för nybörjare" {
		t.Errorf("anonymous see %q (staff-only left out, order kept)", got)
	}
	if !strings.Contains(sec.Text(), "Gå igenom tillsammans") {
		t.Errorf("note missing")
	}
	if d, _ := sec.Find("time").Attr("datetime"); d != "2019-02-01" || !strings.Contains(sec.Text(), "Uppdaterat: 1 februari 2019") {
		t.Errorf("updated %q: %q", d, sec.Find("time").Parent().Text())
	}
	if got := listTitles(c.Get("/groups/dalarna").Doc(t).Find("section.curated")); len(got) != 3 {
		t.Errorf("staff see %q", got)
	}
	// A change dates the list anew.
	c.Post(path, url.Values{"items": {"mik-for-nyborjare\nkallkritik"}})
	doc = anon.Get("/groups/dalarna").Doc(t)
	if d, _ := doc.Find("section.curated time").Attr("datetime"); d != time.Now().Format("2006-01-02") {
		t.Errorf("after a change the list is dated %q", d)
	}
	if got := listTitles(doc.Find("section.curated")); strings.Join(got, "|") != "MIK för nybörjare|Källkritik" {
		t.Errorf("new order %q", got)
	}

	t.Run("track and meeting", func(t *testing.T) {
		var prog, track, meeting int64
		_ = db.QueryRow(t.Context(), `INSERT INTO programmes (slug, title) VALUES ('df', 'Digitalt först') RETURNING id`).Scan(&prog)
		_ = db.QueryRow(t.Context(), `INSERT INTO tracks (programme_id, slug, title) VALUES ($1, 'dalaspaaret', 'Dalaspåret') RETURNING id`, prog).Scan(&track)
		_ = db.QueryRow(t.Context(), `INSERT INTO track_meetings (track_id, title, starts_at, ends_at) VALUES ($1, 'Träff 1', now() + interval '7 days', now() + interval '7 days 2 hours') RETURNING id`, track).Scan(&meeting)
		if res := c.Post(fmt.Sprintf("/manage/learning/tracks/%d", track), url.Values{"items": {"kallkritik"}}); res.Status != http.StatusForbidden {
			t.Errorf("a group's coordinator on a track they do not coordinate: %d", res.Status)
		}
		exec(t, db, `INSERT INTO track_coordinators (track_id, user_id) VALUES ($1, $2)`, track, coord.ID)
		if res := c.Post(fmt.Sprintf("/manage/learning/tracks/%d", track), url.Values{"items": {"kallkritik"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("track list: %d", res.Status)
		}
		if res := c.Post(fmt.Sprintf("/manage/learning/meetings/%d", meeting), url.Values{"items": {"mik-for-nyborjare | Läs före träffen"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("meeting list: %d", res.Status)
		}
		doc := anon.Get("/tracks/dalaspaaret").Doc(t)
		if got := listTitles(doc.Find("#track-material").Parent()); strings.Join(got, "|") != "Källkritik" {
			t.Errorf("track material %q", got)
		}
		prep := doc.Find(fmt.Sprintf("#meeting-%d section.curated", meeting))
		if got := listTitles(prep); strings.Join(got, "|") != "MIK för nybörjare" || !strings.Contains(prep.Text(), "Läs före träffen") {
			t.Errorf("meeting preparation %q", prep.Text())
		}
	})
}
