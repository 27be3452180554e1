package search_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spor/internal/demo"
	"spor/internal/model"
	"spor/internal/search"
	"spor/internal/testutil"
)

// relevanceCase is one query of the relevance set: in the visitor's language lang,
// the record titled want must be among the first three results.
type relevanceCase struct {
	lang, query, want string
	// staff: searched logged in, and want is a staff-only record that an anonymous
	// search for the same query must not find at all.
	staff bool
	// misspelt: the query finds nothing; its "did you mean" must, in the top three.
	misspelt bool
}

// relevanceSet runs over the demo content (internal/demo, search.go adds the
// Swedish and English news and the staff-only records).
var relevanceSet = []relevanceCase{
	// Danish: inflected forms meet their stems.
	{lang: "da", query: "bibliotekerne", want: "Analysen er klar: bibliotekerne kan mere – og skal kunne endnu mere"},
	{lang: "da", query: "visionspapiret", want: "Visionspapir"},
	{lang: "da", query: "analysen", want: "Analyse af bibliotekernes digitale landskab"},
	{lang: "da", query: "seminarer", want: "Fælles seminar: bibliotekernes digitale fortælling"},
	{lang: "da", query: "netværksmøder", want: "Regionalt netværksmøde: digital dannelse i praksis"},
	{lang: "da", query: "workshoppen", want: "Workshop: kompetenceudviklingskoncepter"},
	{lang: "da", query: "webinaret", want: "Webinar: Visionspapiret – fra ord til handling"},
	{lang: "da", query: "organisationsforløbet", want: "Kick-off: Organisationsforløb i digital transformation"},
	// Phrases, two words, place and title, negation, prefix, accents.
	{lang: "da", query: `"digital dannelse"`, want: "Regionalt netværksmøde: digital dannelse i praksis"},
	{lang: "da", query: "digital transformation", want: "Digital transformation – nationalt indsatsområde 2018-2019"},
	{lang: "da", query: "deltagende biblioteker", want: "Deltagende biblioteker"},
	{lang: "da", query: "vejle workshop", want: "Workshop: kompetenceudviklingskoncepter"},
	{lang: "da", query: "visionspapiret -webinar", want: "Har du læst visionspapiret?"},
	{lang: "da", query: "visionsp", want: "Visionspapir"},
	{lang: "da", query: "provesen", want: "Bo Prøvesen"},
	{lang: "da", query: "projektleder", want: "Anne Eksempel"},
	// Misspellings: "did you mean".
	{lang: "da", query: "kompetenceudviklngskoncepter", want: "Workshop: kompetenceudviklingskoncepter", misspelt: true},
	{lang: "da", query: "visonspapir", want: "Visionspapir", misspelt: true},
	// Words only staff-only records contain.
	{lang: "da", query: "evalueringsdag", want: "Intern evalueringsdag for koordinatorerne", staff: true},
	{lang: "da", query: "økonomiansvarlig", want: "Cecilie Kvist", staff: true},

	// Swedish.
	{lang: "sv", query: "ledarskapet", want: "Digitalt ledarskap på biblioteken"},
	{lang: "sv", query: "biblioteket", want: "Bibliotekets roll i samhällsutvecklingen"},
	{lang: "sv", query: "ambassadörerna", want: "Digitalt först-ambassadörer"},
	{lang: "sv", query: "bibliotekschefer", want: "Bibliotekschefsspåret"},
	{lang: "sv", query: "dalaspåret", want: "Dalaspåret"},
	{lang: "sv", query: "lärplattformen", want: "Seminarium: Att leda digital transformation"},
	{lang: "sv", query: "förändring", want: "Att leda förändring"},
	{lang: "sv", query: `"kollegialt lärande"`, want: "Ambassadörsträff 2: lära tillsammans"},
	{lang: "sv", query: "digitalt ledarskap", want: "Digitalt ledarskap på biblioteken"},
	{lang: "sv", query: "regionbiblioteket dalarna", want: "Digitalt först i Dalarna"},
	{lang: "sv", query: "uppföljning", want: "Uppföljning och nästa steg"},
	{lang: "sv", query: "ambasadör", want: "Digitalt först-ambassadörer", misspelt: true},
	{lang: "sv", query: "budgetopfølgningen", want: "Intern evalueringsdag for koordinatorerne", staff: true},

	// English.
	{lang: "en", query: "training", want: "The programme in English: libraries training their staff"},
	{lang: "en", query: "library", want: "The programme in English: libraries training their staff"},
	{lang: "en", query: "visiting colleagues", want: "The programme in English: libraries training their staff"},
	{lang: "en", query: "seminars", want: "Fælles seminar: bibliotekernes digitale fortælling"},
	{lang: "en", query: "kick off", want: "Kick-off: Organisationsforløb i digital transformation"},
	{lang: "en", query: "ambass", want: "Digitalt först-ambassadörer"},
	{lang: "en", query: "eksempel", want: "Anne Eksempel"},
	{lang: "en", query: "transformaton", want: "Digital transformation – nationalt indsatsområde 2018-2019", misspelt: true},
	{lang: "en", query: "evalueringsdag", want: "Intern evalueringsdag for koordinatorerne", staff: true},
}

func top3(t *testing.T, s *search.Store, lang, q string, staff bool) (model.SearchResults, []string) {
	t.Helper()
	res, err := s.Search(context.Background(), model.SearchQuery{Text: q, UILang: lang, LoggedIn: staff, PerPage: 3})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, h := range res.Hits {
		titles = append(titles, h.Title)
	}
	return res, titles
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestRelevanceSet runs every query of the relevance set over the demo content and
// reports the hit rate (also in $TEST_OUTPUT/search-relevance.txt, which make test
// prints); every query must pass.
func TestRelevanceSet(t *testing.T) {
	if len(relevanceSet) < 30 {
		t.Fatalf("the relevance set has %d queries; it must keep at least 30", len(relevanceSet))
	}
	db := testutil.NewDB(t)
	if _, err := demo.Load(context.Background(), db, io.Discard); err != nil {
		t.Fatal(err)
	}
	s := search.NewStore(db)
	var report strings.Builder
	hits := 0
	for _, c := range relevanceSet {
		ok := t.Run(c.lang+" "+c.query, func(t *testing.T) {
			res, titles := top3(t, s, c.lang, c.query, c.staff)
			if c.misspelt {
				if len(titles) != 0 || res.Suggestion == "" {
					t.Fatalf("want no results and a suggestion; got %q, suggestion %q", titles, res.Suggestion)
				}
				_, titles = top3(t, s, c.lang, res.Suggestion, c.staff)
				t.Logf("did you mean %q", res.Suggestion)
			}
			if !contains(titles, c.want) {
				t.Errorf("top 3 %q lack %q", titles, c.want)
			}
			if c.staff {
				anon, _ := top3(t, s, c.lang, c.query, false)
				if anon.Total != 0 || len(anon.Hits) != 0 || anon.Suggestion != "" {
					t.Errorf("anonymous search finds %d (%v, suggestion %q): the record is for staff only", anon.Total, anon.Hits, anon.Suggestion)
				}
			}
		})
		mark := "FAIL"
		if ok {
			hits++
			mark = "ok  "
		}
		fmt.Fprintf(&report, "%s [%s] %s → %s\n", mark, c.lang, c.query, c.want)
	}
	summary := fmt.Sprintf("search relevance: %d of %d queries have their record in the top 3 (hit rate %.0f%%)",
		hits, len(relevanceSet), 100*float64(hits)/float64(len(relevanceSet)))
	t.Log(summary)
	report.WriteString(summary + "\n")
	if dir := os.Getenv("TEST_OUTPUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "search-relevance.txt"), []byte(report.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}
