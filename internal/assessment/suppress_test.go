package assessment_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/testutil"
)

// orgIn creates an organisation in municipality and region and n people in it who
// answered in autumn 2025.
func orgIn(t *testing.T, srv *testutil.Server, name, municipality, region string, n int) int64 {
	t.Helper()
	id := testutil.CreateOrg(t, srv.DB, name)
	if _, err := srv.DB.Exec(context.Background(), `UPDATE organisations SET municipality = $2, region = $3 WHERE id = $1`, id, municipality, region); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		u := testutil.CreateUser(t, srv.DB, "staff", name)
		insertAttempt(t, srv.DB, u.ID, autumn2025.Add(time.Duration(i)*time.Minute), 1+i%7)
	}
	return id
}

// visibleCells reads, through the CSV a viewer can download for every scope in
// their list, how many people each visible (scope, term) covers.
func visibleCells(t *testing.T, c *testutil.Client) map[string]map[string]int {
	t.Helper()
	page := c.Get("/manage/assessment")
	if page.Status != http.StatusOK {
		t.Fatalf("status %d", page.Status)
	}
	cells := map[string]map[string]int{}
	var scopes []string
	page.Doc(t).Find(`select[name=scope] option`).Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		scopes = append(scopes, v)
	})
	if len(scopes) < 2 {
		t.Fatalf("the viewer sees %d scopes", len(scopes))
	}
	for _, sc := range scopes {
		cells[sc] = map[string]int{}
		for _, row := range readCSV(t, c.Get("/manage/assessment/export.csv?scope="+url.QueryEscape(sc)))[1:] {
			if n, err := strconv.Atoi(row[3]); err == nil {
				cells[sc][row[1]] = n
			}
		}
		// The page and the CSV agree on what is shown.
		doc := c.Get("/manage/assessment?scope=" + url.QueryEscape(sc)).Doc(t)
		shown := doc.Find("#terms-table tr[data-term]").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Find("[data-mean]").Length() > 0
		}).Length()
		if shown != len(cells[sc]) {
			t.Errorf("%s: page shows %d terms, CSV %d", sc, shown, len(cells[sc]))
		}
	}
	return cells
}

// Every pair of the viewer's scopes in these fixtures is nested (organisation in
// municipality in region, organisation in programme), so no two visible cells of a
// term may differ by 1 to 4 people.
func assertNoSmallDifference(t *testing.T, cells map[string]map[string]int) {
	t.Helper()
	for a, ca := range cells {
		for b, cb := range cells {
			if a >= b {
				continue
			}
			for term, na := range ca {
				if nb, ok := cb[term]; ok {
					if d := max(na-nb, nb-na); d > 0 && d < 5 {
						t.Errorf("%s (%d) and %s (%d) differ by %d people in %s", a, na, b, nb, d, term)
					}
				}
			}
		}
	}
}

func TestNoDifferencingAcrossNestedScopes(t *testing.T) {
	cases := []struct {
		name string
		// others: people in a second organisation of the same municipality, in a
		// third in another municipality of the region, and in a fourth organisation
		// that shares the programme only.
		own, sameMunicipality, sameRegion, programmeOnly int
		wantShown                                        []string
	}{
		{"municipality = own organisation + 2", 5, 2, 0, 0, []string{}},
		{"municipality = own organisation + 5", 5, 5, 0, 0, []string{"organisation", "municipality", "region", "programme"}},
		{"region = municipality + 3", 6, 0, 3, 0, []string{}},
		{"region = municipality + 5", 6, 0, 5, 0, []string{"organisation", "municipality", "region", "programme"}},
		{"programme = own organisation + 1", 5, 5, 0, 1, []string{"municipality", "region"}},
		{"programme = own organisation + 6", 5, 0, 0, 6, []string{"organisation", "municipality", "region", "programme"}},
		{"own organisation too small, hidden on its own", 4, 1, 0, 0, []string{"municipality", "region"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := testutil.NewServer(t)
			ctx := context.Background()
			own := orgIn(t, srv, "Kolding Bibliotek", "Kolding", "Syddanmark", tc.own)
			coord := testutil.CreateUser(t, srv.DB, "coordinator", "Kolding Bibliotek")
			b := orgIn(t, srv, "Kolding Skolebibliotek", "Kolding", "Syddanmark", tc.sameMunicipality)
			orgIn(t, srv, "Vejle Bibliotek", "Vejle", "Syddanmark", tc.sameRegion)
			d := orgIn(t, srv, "Aalborg Bibliotek", "Aalborg", "Nordjylland", tc.programmeOnly)
			var prog int64
			if err := srv.DB.QueryRow(ctx, `WITH p AS (INSERT INTO programmes (slug, title) VALUES ('p', 'Programmet') RETURNING id),
				x AS (INSERT INTO programme_organisations (programme_id, organisation_id) SELECT p.id, o FROM p, unnest(ARRAY[$1::bigint, $2::bigint]) o)
				SELECT id FROM p`, own, d).Scan(&prog); err != nil {
				t.Fatal(err)
			}
			_ = b
			gid := testutil.CreateGroup(t, srv.DB, "gruppe", "public", coord.ID)
			if _, err := srv.DB.Exec(ctx, `UPDATE groups SET programme_id = $2 WHERE id = $1`, gid, prog); err != nil {
				t.Fatal(err)
			}
			c := srv.Client(t)
			c.Login(coord.Email)
			cells := visibleCells(t, c)
			if len(cells) != 4 {
				t.Fatalf("coordinator sees %d scopes, want organisation, municipality, region and programme", len(cells))
			}
			assertNoSmallDifference(t, cells)
			var shown []string
			for _, kind := range []string{"organisation", "municipality", "region", "programme"} {
				for sc, cs := range cells {
					if strings.HasPrefix(sc, kind+":") && len(cs) > 0 {
						shown = append(shown, kind)
					}
				}
			}
			if fmt.Sprint(shown) != fmt.Sprint(tc.wantShown) {
				t.Errorf("shown %v, want %v", shown, tc.wantShown)
			}
		})
	}
}

// An admin sees every scope: organisations, municipalities, regions, programmes.
// Subtracting one cell from another, or all the organisations of a municipality or
// region from it, never leaves 1 to 4 people.
func TestAdminCannotSubtractEither(t *testing.T) {
	cases := []struct {
		name  string
		orgs  map[string]int // "municipality/organisation": people
		shown int            // at least this many (scope, term) cells stay visible
	}{
		{"one small organisation next to a big one", map[string]int{"Odense/A": 7, "Odense/B": 3, "Vejle/C": 5, "Vejle/D": 5}, 3},
		{"the small rest of three organisations", map[string]int{"Odense/A": 7, "Odense/B": 5, "Odense/C": 2, "Vejle/D": 5, "Vejle/E": 5}, 4},
		{"a small municipality in the region", map[string]int{"Odense/A": 7, "Odense/B": 5, "Vejle/C": 3}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := testutil.NewServer(t)
			admin := testutil.CreateUser(t, srv.DB, "admin", "Styrelsen")
			if _, err := srv.DB.Exec(context.Background(), `UPDATE organisations SET municipality = 'København', region = 'Hovedstaden' WHERE name = 'Styrelsen'`); err != nil {
				t.Fatal(err)
			}
			orgOf := map[string]string{} // scope param of an organisation → its municipality
			for name, n := range tc.orgs {
				muni, _, _ := strings.Cut(name, "/")
				id := orgIn(t, srv, name, muni, "Syddanmark", n)
				orgOf["organisation:"+strconv.FormatInt(id, 10)] = muni
			}
			c := srv.Client(t)
			c.Login(admin.Email)
			cells := visibleCells(t, c)
			// Pairs: an organisation against its municipality or region, a municipality
			// against its region.
			for a, ca := range cells {
				for b, cb := range cells {
					if a >= b || !nested(a, b, orgOf) {
						continue
					}
					for term, na := range ca {
						if nb, ok := cb[term]; ok {
							if d := max(na-nb, nb-na); d > 0 && d < 5 {
								t.Errorf("%s (%d) and %s (%d) differ by %d people in %s", a, na, b, nb, d, term)
							}
						}
					}
				}
			}
			// All visible organisations (or municipalities) at once.
			for whole, cw := range cells {
				kind, key, _ := strings.Cut(whole, ":")
				if kind != "municipality" && kind != "region" {
					continue
				}
				for term, n := range cw {
					for _, partKind := range []string{"organisation", "municipality"} {
						rest := n
						for part, cp := range cells {
							pk, pkey, _ := strings.Cut(part, ":")
							inside := pk == partKind && (kind == "region" || pk == "organisation" && orgOf[part] == key)
							if pk == "municipality" && kind == "region" {
								inside = pkey != "København"
							}
							if inside {
								rest -= cp[term]
							}
						}
						if partKind != kind && rest > 0 && rest < 5 {
							t.Errorf("%s (%d) minus its visible %ss leaves %d people in %s", whole, n, partKind, rest, term)
						}
					}
				}
			}
			shown := 0
			for _, cs := range cells {
				shown += len(cs)
			}
			if shown < tc.shown {
				t.Errorf("only %d cells shown, want at least %d: %v", shown, tc.shown, cells)
			}
		})
	}
}

// nested reports whether two scopes of the admin fixture hold one another: an
// organisation within its municipality and the region, a municipality within the
// region (every organisation but the admin's is in Syddanmark).
func nested(a, b string, orgOf map[string]string) bool {
	if a > b {
		a, b = b, a
	}
	ka, keyA, _ := strings.Cut(a, ":")
	kb, keyB, _ := strings.Cut(b, ":")
	switch {
	case ka == "municipality" && kb == "organisation":
		return orgOf[b] == keyA
	case ka == "municipality" && kb == "region":
		return keyA != "København" && keyB == "Syddanmark"
	case ka == "organisation" && kb == "region":
		return orgOf[a] != "" && keyB == "Syddanmark"
	}
	return false
}

// A term still collecting answers shows no numbers; a closed one does, and does not
// change afterwards.
func TestOpenTermIsNotPublished(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Kolding Bibliotek")
	for i := 0; i < 6; i++ {
		u := testutil.CreateUser(t, srv.DB, "staff", "Kolding Bibliotek")
		insertAttempt(t, srv.DB, u.ID, autumn2025, 3)
		insertAttempt(t, srv.DB, u.ID, time.Now().Add(-time.Minute), 5)
	}
	c := srv.Client(t)
	c.Login(coord.Email + "")
	scope := "organisation:" + strconv.FormatInt(coord.OrgID, 10)
	before := c.Get("/manage/assessment?scope=" + url.QueryEscape(scope)).Body
	rows := readCSV(t, c.Get("/manage/assessment/export.csv?scope="+url.QueryEscape(scope)))
	open, closed := 0, 0
	for _, r := range rows[1:] {
		switch {
		case r[1] == "Efterår 2025" && r[3] == "6":
			closed++
		case r[1] != "Efterår 2025" && r[3] == "vises når halvåret er slut" && strings.Join(r[4:], "") == "":
			open++
		default:
			t.Errorf("row %v", r)
		}
	}
	if open != 5 || closed != 5 {
		t.Errorf("%d open and %d closed rows, want 5 and 5", open, closed)
	}
	if !strings.Contains(before, "Halvåret er ikke slut endnu") {
		t.Error("the page does not say why the current half-year is empty")
	}
	// One more answer now changes nothing visible.
	u := testutil.CreateUser(t, srv.DB, "staff", "Kolding Bibliotek")
	insertAttempt(t, srv.DB, u.ID, time.Now().Add(-time.Second), 7)
	after := readCSV(t, c.Get("/manage/assessment/export.csv?scope="+url.QueryEscape(scope)))
	if fmt.Sprint(after) != fmt.Sprint(rows) {
		t.Errorf("a new answer changed the export:\n%v\n%v", rows, after)
	}
}
