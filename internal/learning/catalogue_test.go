package learning_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/model"
	"spor/internal/testutil"
)

// facet reads the count shown beside a filter value's link.
func facet(t *testing.T, doc *goquery.Document, href string) string {
	t.Helper()
	sel := doc.Find(`.learning-filters a[href="` + href + `"] .facet-count`)
	if sel.Length() != 1 {
		t.Fatalf("no filter link %s", href)
	}
	return strings.Trim(sel.Text(), "()")
}

func titles(doc *goquery.Document) []string {
	var out []string
	doc.Find(".learning-card h3 a").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
	return out
}

func TestCatalogueFiltersAndCounts(t *testing.T) {
	srv := testutil.NewServer(t)
	db := srv.DB
	add(t, db, model.LearningResource{Title: "Kildekritik på nettet", Kind: "video", Lang: "da", DurationMinutes: 20, Areas: []string{"information"}})
	add(t, db, model.LearningResource{Title: "Sikker adgangskode", Kind: "video", Lang: "da", DurationMinutes: 45, Areas: []string{"safety"}})
	add(t, db, model.LearningResource{Title: "Källkritik i praktiken", Kind: "podcast", Lang: "sv", DurationMinutes: 25, Areas: []string{"information"}})
	add(t, db, model.LearningResource{Title: "Wikipedia together", Kind: "article", Lang: "en", DurationMinutes: 10, Areas: []string{"content"}})
	add(t, db, model.LearningResource{Title: "Internt: personaledata", Kind: "video", Lang: "da", DurationMinutes: 15, Areas: []string{"safety"}, Visibility: model.VisibilityStaff})
	archived := add(t, db, model.LearningResource{Title: "Gammel video", Kind: "video", Lang: "da", DurationMinutes: 5})
	exec(t, db, `UPDATE learning_resources SET archived = true WHERE id = $1`, archived)

	anon := srv.Client(t)
	cases := []struct {
		name   string
		path   string
		want   []string
		counts map[string]string // filter link -> count shown
	}{
		{"everything public, by title", "/learning", []string{"Kildekritik på nettet", "Källkritik i praktiken", "Sikker adgangskode", "Wikipedia together"},
			map[string]string{"/learning?kind=video": "2", "/learning?language=sv": "1", "/learning?area=information": "2", "/learning?max=30": "3"}},
		{"one filter", "/learning?kind=video", []string{"Kildekritik på nettet", "Sikker adgangskode"},
			// A filter's own counts ignore its current value (other kinds stay
			// countable); the other filters' counts respect it.
			map[string]string{"/learning?kind=podcast": "1", "/learning?kind=video&language=sv": "0", "/learning?kind=video&language=da": "2"}},
		{"two filters", "/learning?kind=video&language=da", []string{"Kildekritik på nettet", "Sikker adgangskode"},
			// A filter's own counts ignore its current value; the others' respect it.
			map[string]string{"/learning?kind=podcast&language=da": "0", "/learning?language=sv&kind=video": "0", "/learning?area=safety&kind=video&language=da": "1"}},
		{"duration", "/learning?max=30&sort=shortest", []string{"Wikipedia together", "Kildekritik på nettet", "Källkritik i praktiken"}, nil},
		{"area", "/learning?area=information&sort=longest", []string{"Källkritik i praktiken", "Kildekritik på nettet"}, nil},
		{"unknown values ignored", "/learning?kind=nonsense&language=xx", []string{"Kildekritik på nettet", "Källkritik i praktiken", "Sikker adgangskode", "Wikipedia together"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := anon.Get(c.path)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d", res.Status)
			}
			doc := res.Doc(t)
			// The content-language filter must not switch the interface's language.
			if l := doc.Find("html").AttrOr("lang", ""); l != "da" {
				t.Errorf("<html lang=%q>", l)
			}
			if got := titles(doc); strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
			for href, want := range c.counts {
				// filterURL encodes parameters sorted by name.
				u := canonical(href)
				if got := facet(t, doc, u); got != want {
					t.Errorf("count beside %s: %s, want %s", u, got, want)
				}
			}
		})
	}

	t.Run("staff see staff-only material", func(t *testing.T) {
		c := srv.Client(t)
		c.Login(testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne").Email)
		got := titles(c.Get("/learning?kind=video").Doc(t))
		if len(got) != 3 || !strings.Contains(strings.Join(got, "|"), "Internt") {
			t.Errorf("staff see %q", got)
		}
		if res := anon.Get("/learning/internt-personaledata"); res.Status != http.StatusNotFound {
			t.Errorf("anonymous on staff-only page: %d", res.Status)
		}
		if res := c.Get("/learning/internt-personaledata"); res.Status != http.StatusOK {
			t.Errorf("staff on staff-only page: %d", res.Status)
		}
		if res := c.Get("/learning/gammel-video"); res.Status != http.StatusNotFound {
			t.Errorf("archived page: %d", res.Status)
		}
	})

	t.Run("pages", func(t *testing.T) {
		for i := 0; i < 25; i++ {
			add(t, db, model.LearningResource{Title: "Øvelse " + string(rune('A'+i)), Kind: "exercise"})
		}
		doc := anon.Get("/learning?kind=exercise").Doc(t)
		if n := len(titles(doc)); n != 20 {
			t.Errorf("first page lists %d", n)
		}
		if href, _ := doc.Find(`.pagination a[rel="next"]`).Attr("href"); href != "/learning?kind=exercise&page=2" {
			t.Errorf("next page link %q", href)
		}
		if n := len(titles(anon.Get("/learning?kind=exercise&page=2").Doc(t))); n != 5 {
			t.Errorf("second page lists %d", n)
		}
	})
}

// canonical sorts a catalogue URL's parameters the way url.Values.Encode does.
func canonical(href string) string {
	path, query, ok := strings.Cut(href, "?")
	if !ok {
		return href
	}
	parts := strings.Split(query, "&")
	for i := 1; i < len(parts); i++ {
		for j := i; j > 0 && parts[j] < parts[j-1]; j-- {
			parts[j], parts[j-1] = parts[j-1], parts[j]
		}
	}
	return path + "?" + strings.Join(parts, "&")
}
