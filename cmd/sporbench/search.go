package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/model"
	"spor/internal/search"
)

// searchRuns is how many times each search runs, one after another, for its median.
const searchRuns = 30

// searchTables are the tables whose matches the candidate cap bounds (groups and
// tracks also appear as the other side of joins, read whole).
var searchTables = []string{"news", "documents", "contacts", "events", "track_meetings"}

// searchCost measures the bench's three searches without HTTP: the median time of
// one search (its batch, run alone), and, from EXPLAIN ANALYZE, the most rows any
// searched table gave. The check passes when no table gave more than the cap and
// one more, whatever the word: a search's work is then bounded. The EXPLAIN
// (ANALYZE, BUFFERS) of the slowest goes to <data>/search-explain.txt.
func searchCost(ctx context.Context, o options, pool *pgxpool.Pool) (string, error) {
	store := search.NewStore(pool)
	queries := []struct {
		name string
		q    model.SearchQuery
	}{
		{"a common word", model.SearchQuery{Text: "seminar"}},
		{"a rare word", model.SearchQuery{Text: "leadership"}},
		{"a phrase, logged in", model.SearchQuery{Text: `"library hall"`, LoggedIn: true}},
	}
	var b strings.Builder
	pass := true
	var slowest time.Duration
	var slowestPlan string
	for _, s := range queries {
		q := s.q
		q.UILang, q.Page, q.PerPage = "da", 1, search.PerPage
		times := make([]time.Duration, 0, searchRuns)
		var total int
		for range searchRuns {
			start := time.Now()
			res, err := store.Search(ctx, q)
			if err != nil {
				return "", err
			}
			times = append(times, time.Since(start))
			total = res.Total
		}
		slices.Sort(times)
		median := times[len(times)/2]
		raw, err := store.Explain(ctx, q, true)
		if err != nil {
			return "", err
		}
		most, table, err := mostRows(raw)
		if err != nil {
			return "", err
		}
		ok := most <= search.MaxCandidates+1
		pass = pass && ok
		if table == "" {
			table = "none"
		}
		fmt.Fprintf(&b, "- %s (%s, %d results counted): median %s ms per search; most rows from one table: %d (%s)\n",
			s.name, q.Text, total, ms(median), most, table)
		if median > slowest {
			slowest = median
			if slowestPlan, err = store.Explain(ctx, q, false); err != nil {
				return "", err
			}
			slowestPlan = fmt.Sprintf("-- %s: %s\n%s\n", s.name, q.Text, slowestPlan)
		}
	}
	file := filepath.Join(o.dataDir, "search-explain.txt")
	if err := os.WriteFile(file, []byte(slowestPlan), 0o644); err != nil {
		return "", err
	}
	verdict := "PASS"
	if !pass {
		verdict = "FAIL"
	}
	return fmt.Sprintf("Search cost (%s: no searched table gives more than the cap of %d and one more; the EXPLAIN of the slowest in %s):\n%s",
		verdict, search.MaxCandidates, file, b.String()), nil
}

// planNode is a node of EXPLAIN (FORMAT JSON).
type planNode struct {
	Relation string     `json:"Relation Name"`
	Rows     int        `json:"Actual Rows"`
	Loops    int        `json:"Actual Loops"`
	Plans    []planNode `json:"Plans"`
}

// mostRows is the largest number of rows one scan of a searched table gave.
func mostRows(raw string) (int, string, error) {
	var plan []struct{ Plan planNode }
	if err := json.Unmarshal([]byte(raw), &plan); err != nil || len(plan) != 1 {
		return 0, "", fmt.Errorf("search plan: %v", err)
	}
	most, table := 0, ""
	var walk func(n planNode)
	walk = func(n planNode) {
		if slices.Contains(searchTables, n.Relation) && n.Rows*max(n.Loops, 1) > most {
			most, table = n.Rows*max(n.Loops, 1), n.Relation
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(plan[0].Plan)
	return most, table, nil
}
