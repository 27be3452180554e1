package learning_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/model"
	"spor/internal/testutil"
)

// programmeWithCoordinator makes a programme with a group coordinated by a new
// coordinator, who is returned logged in.
func programmeWithCoordinator(t *testing.T, srv *testutil.Server, slug string) (int64, *testutil.Client) {
	t.Helper()
	var prog int64
	err := srv.DB.QueryRow(context.Background(), `INSERT INTO programmes (slug, title) VALUES ($1, $2) RETURNING id`, slug, "Programme "+slug).Scan(&prog)
	if err != nil {
		t.Fatal(err)
	}
	u := testutil.CreateUser(t, srv.DB, "coordinator", "Region "+slug)
	g := testutil.CreateGroup(t, srv.DB, slug+"-group", "public", u.ID)
	exec(t, srv.DB, `UPDATE groups SET programme_id = $1 WHERE id = $2`, prog, g)
	c := srv.Client(t)
	c.Login(u.Email)
	return prog, c
}

func form(prog int64, title string) url.Values {
	return url.Values{"title": {title}, "kind": {"course"}, "lang": {"sv"}, "level": {"introductory"}, "visibility": {"public"},
		"programme": {strconv.FormatInt(prog, 10)}, "url": {"https://example.org/kurs"}, "areas": {"information", "safety"},
		"parts": {"video | 30 | Del ett\npodcast | 45 | Del två\nvideo | 25 | Del tre"}}
}

func TestManageCreateEditArchive(t *testing.T) {
	srv := testutil.NewServer(t)
	prog, coord := programmeWithCoordinator(t, srv, "digitalt-forst")
	other, _ := programmeWithCoordinator(t, srv, "annan")

	res := coord.Post("/manage/learning", form(prog, "Att leda digital transformation"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.Status)
	}
	loc := res.Header.Get("Location")
	page := coord.Get("/learning/att-leda-digital-transformation")
	if page.Status != http.StatusOK {
		t.Fatalf("page: %d", page.Status)
	}
	if got := page.Doc(t).Find(".learning-totals").Text(); got != "2 videoer, 1 podcast, 1 t. 40 min." {
		t.Errorf("totals %q", got)
	}

	t.Run("another programme refused", func(t *testing.T) {
		res := coord.Post("/manage/learning", form(other, "Inte min"))
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("filing under another's programme: %d", res.Status)
		}
		f := form(prog, "Utan satsning")
		f.Del("programme")
		if res := coord.Post("/manage/learning", f); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("without programme: %d", res.Status)
		}
	})
	t.Run("bad URL shown again with message", func(t *testing.T) {
		f := form(prog, "Dålig länk")
		f.Set("url", "javascript:alert(1)")
		res := coord.Post("/manage/learning", f)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "https-adress") {
			t.Errorf("bad url: %d", res.Status)
		}
	})
	t.Run("other coordinator and staff refused", func(t *testing.T) {
		_, stranger := programmeWithCoordinator(t, srv, "stranger")
		if res := stranger.Get(loc); res.Status != http.StatusForbidden {
			t.Errorf("stranger GET: %d", res.Status)
		}
		if res := stranger.Post(loc+"/archive", url.Values{}); res.Status != http.StatusForbidden {
			t.Errorf("stranger archive: %d", res.Status)
		}
		staff := srv.Client(t)
		staff.Login(testutil.CreateUser(t, srv.DB, "staff", "Region stranger").Email)
		if res := staff.Get("/manage/learning"); res.Status != http.StatusForbidden {
			t.Errorf("staff: %d", res.Status)
		}
	})
	t.Run("archive hides it", func(t *testing.T) {
		if res := coord.Post(loc+"/archive", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("archive: %d", res.Status)
		}
		if res := coord.Get("/learning/att-leda-digital-transformation"); res.Status != http.StatusNotFound {
			t.Errorf("archived page: %d", res.Status)
		}
		if res := coord.Post(loc+"/restore", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("restore: %d", res.Status)
		}
	})
}

// exportRows downloads the export and parses it with encoding/csv.
func exportRows(t *testing.T, c *testutil.Client) ([]byte, [][]string) {
	t.Helper()
	res := c.Get("/manage/learning/export.csv")
	if res.Status != http.StatusOK {
		t.Fatalf("export: %d", res.Status)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return []byte(res.Body), rows
}

func TestCSVImport(t *testing.T) {
	srv := testutil.NewServer(t)
	_, coord := programmeWithCoordinator(t, srv, "dalarna")
	coord.Get("/?lang=sv")
	otherProg, _ := programmeWithCoordinator(t, srv, "skane")
	add(t, srv.DB, model.LearningResource{Title: "Någon annans", Slug: "nagon-annans", ProgrammeID: otherProg})
	before := func() int { return count(t, srv.DB, `SELECT count(*) FROM learning_resources`) }
	n0 := before()

	header := "slug;kind;title;lang;duration_minutes;areas;programme;parts\r\n"
	bad := header +
		"ok-rad;video;En bra rad;sv;20;information;dalarna;\r\n" +
		"fel-typ;film;Fel typ;sv;20;;dalarna;\r\n" +
		"fel-tid;video;Fel tid;sv;tjugo;;dalarna;\r\n" +
		"nagon-annans;video;Kapning;sv;5;;dalarna;\r\n" +
		"kurs;course;Kurs;sv;;;dalarna;\"video | x | Trasig\"\r\n"
	res := coord.Upload("/manage/learning/import", nil, "file", "resurser.csv", []byte(bad))
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", res.Status)
	}
	doc := res.Doc(t)
	var problems []string
	doc.Find(".import-problems li").Each(func(_ int, s *goquery.Selection) {
		problems = append(problems, strings.Join(strings.Fields(s.Text()), " "))
	})
	want := []string{"Rad 3: kind:", "Rad 4: duration_minutes:", "Rad 6: parts:"}
	for _, w := range want {
		if !containsPrefix(problems, w) {
			t.Errorf("no problem %q in %q", w, problems)
		}
	}
	if n := before(); n != n0 {
		t.Errorf("a bad file imported %d rows", n-n0)
	}

	// Without the type errors, the foreign slug is still refused (line 3 now).
	res = coord.Upload("/manage/learning/import", nil, "file", "resurser.csv", []byte(header+
		"ok-rad;video;En bra rad;sv;20;information;dalarna;\r\n"+"nagon-annans;video;Kapning;sv;5;;dalarna;\r\n"))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Rad 3:") {
		t.Fatalf("taking over another's resource: %d", res.Status)
	}
	if n := before(); n != n0 {
		t.Errorf("a refused file imported %d rows", n-n0)
	}

	good := header +
		"ok-rad;video;En bra rad;sv;20;information;dalarna;\r\n" +
		"kurs;course;En kurs;sv;;safety;dalarna;\"video | 30 | Ett\npodcast | 15 | Två\"\r\n"
	res = coord.Upload("/manage/learning/import", nil, "file", "resurser.csv", []byte(good))
	if res.Status != http.StatusOK {
		t.Fatalf("good file: %d", res.Status)
	}
	if n := before(); n != n0+2 {
		t.Fatalf("imported %d, want 2", n-n0)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM learning_parts p JOIN learning_resources r ON r.id = p.course_id WHERE r.slug = 'kurs'`); n != 2 {
		t.Errorf("course has %d parts", n)
	}

	// The export reads back into the same rows, and imports again as updates.
	body, rows := exportRows(t, coord)
	if len(rows) != 3 || rows[0][0] != "slug" {
		t.Fatalf("export rows %q", rows)
	}
	for _, r := range rows[1:] {
		if r[0] == "nagon-annans" {
			t.Errorf("export holds another programme's resource")
		}
		if r[12] != "dalarna" {
			t.Errorf("programme column %q", r[12])
		}
	}
	res = coord.Upload("/manage/learning/import", nil, "file", "export.csv", body)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "0 nya, 2 uppdaterade") {
		t.Errorf("re-import of export: %d", res.Status)
	}
	if n := before(); n != n0+2 {
		t.Errorf("re-import changed the count by %d", n-n0-2)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
