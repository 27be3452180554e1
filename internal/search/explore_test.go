package search_test

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"spor/internal/demo"
	"spor/internal/model"
	"spor/internal/search"
	"spor/internal/testutil"
)

func TestExplore(t *testing.T) {
	qs := os.Getenv("EXPLORE")
	if qs == "" {
		t.Skip()
	}
	db := testutil.NewDB(t)
	if _, err := demo.Load(context.Background(), db, io.Discard); err != nil {
		t.Fatal(err)
	}
	s := search.NewStore(db)
	for _, line := range strings.Split(qs, ";") {
		lang, q, _ := strings.Cut(line, ":")
		res, err := s.Search(context.Background(), model.SearchQuery{Text: q, UILang: lang, LoggedIn: false})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("[%s] %q total %d sug %q", lang, q, res.Total, res.Suggestion)
		for i, h := range res.Hits {
			if i >= 4 {
				break
			}
			t.Logf("   %s %q %.4f %v", h.Kind, h.Title, h.Rank, h.Snippet)
		}
	}
}

func TestExploreSQL(t *testing.T) {
	qs := os.Getenv("EXPLORE_SQL")
	if qs == "" {
		t.Skip()
	}
	db := testutil.NewDB(t)
	for _, q := range strings.Split(qs, ";") {
		var out string
		if err := db.QueryRow(context.Background(), q).Scan(&out); err != nil {
			t.Fatal(q, err)
		}
		t.Logf("%s => %s", q, out)
	}
}
