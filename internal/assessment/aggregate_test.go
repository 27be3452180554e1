package assessment_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/testutil"
)

var autumn2025 = time.Date(2025, 10, 1, 10, 0, 0, 0, time.UTC)

// population creates people in two organisations and gives person i an attempt with
// every answer i+1; the first person also answers an earlier, lower attempt in the
// same term, which must not count twice. It returns the scope parameter.
type population func(t *testing.T, srv *testutil.Server, people int) string

func splitOrgs(t *testing.T, srv *testutil.Server, people int, setup func(orgA, orgB int64) string) string {
	ctx := context.Background()
	a := testutil.CreateOrg(t, srv.DB, "Bibliotek A")
	b := testutil.CreateOrg(t, srv.DB, "Bibliotek B")
	scope := setup(a, b)
	for i := 0; i < people; i++ {
		org := "Bibliotek A"
		if i%2 == 1 {
			org = "Bibliotek B"
		}
		u := testutil.CreateUser(t, srv.DB, "staff", org)
		if i == 0 {
			insertAttempt(t, srv.DB, u.ID, autumn2025.Add(-24*time.Hour), 7)
		}
		insertAttempt(t, srv.DB, u.ID, autumn2025.Add(time.Duration(i)*time.Hour), i+1)
	}
	// Someone elsewhere, who must never count.
	other := testutil.CreateUser(t, srv.DB, "staff", "Bibliotek C")
	_, _ = srv.DB.Exec(ctx, `UPDATE organisations SET region = 'Elsewhere', municipality = 'Elsewhere' WHERE name = 'Bibliotek C'`)
	insertAttempt(t, srv.DB, other.ID, autumn2025, 7)
	return scope
}

var levels = []struct {
	name  string
	scope population
}{
	{"organisation", func(t *testing.T, srv *testutil.Server, people int) string {
		ctx := context.Background()
		a := testutil.CreateOrg(t, srv.DB, "Bibliotek A")
		for i := 0; i < people; i++ {
			u := testutil.CreateUser(t, srv.DB, "staff", "Bibliotek A")
			if i == 0 {
				insertAttempt(t, srv.DB, u.ID, autumn2025.Add(-24*time.Hour), 7)
			}
			insertAttempt(t, srv.DB, u.ID, autumn2025.Add(time.Duration(i)*time.Hour), i+1)
		}
		_ = ctx
		return "organisation:" + strconv.FormatInt(a, 10)
	}},
	{"municipality", func(t *testing.T, srv *testutil.Server, people int) string {
		return splitOrgs(t, srv, people, func(a, b int64) string {
			_, err := srv.DB.Exec(context.Background(), `UPDATE organisations SET municipality = 'Kolding' WHERE id IN ($1, $2)`, a, b)
			if err != nil {
				t.Fatal(err)
			}
			return "municipality:Kolding"
		})
	}},
	{"region", func(t *testing.T, srv *testutil.Server, people int) string {
		return splitOrgs(t, srv, people, func(a, b int64) string {
			_, err := srv.DB.Exec(context.Background(), `UPDATE organisations SET region = 'Nordjylland' WHERE id IN ($1, $2)`, a, b)
			if err != nil {
				t.Fatal(err)
			}
			return "region:Nordjylland"
		})
	}},
	{"programme", func(t *testing.T, srv *testutil.Server, people int) string {
		return splitOrgs(t, srv, people, func(a, b int64) string {
			var id int64
			err := srv.DB.QueryRow(context.Background(), `WITH p AS (INSERT INTO programmes (slug, title) VALUES ('digitalt-forst', 'Digitalt först') RETURNING id),
				x AS (INSERT INTO programme_organisations (programme_id, organisation_id) SELECT p.id, o FROM p, unnest(ARRAY[$1::bigint, $2::bigint]) o)
				SELECT id FROM p`, a, b).Scan(&id)
			if err != nil {
				t.Fatal(err)
			}
			return "programme:" + strconv.FormatInt(id, 10)
		})
	}},
}

func TestThresholdAtEveryLevel(t *testing.T) {
	for _, level := range levels {
		for _, people := range []int{4, 5} {
			name := fmt.Sprintf("%s: %d people hidden", level.name, people)
			if people >= 5 {
				name = fmt.Sprintf("%s: %d people shown", level.name, people)
			}
			t.Run(name, func(t *testing.T) {
				srv := testutil.NewServer(t)
				admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
				scope := level.scope(t, srv, people)
				c := srv.Client(t)
				c.Login(admin.Email)
				res := c.Get("/manage/assessment?scope=" + url.QueryEscape(scope))
				if res.Status != http.StatusOK {
					t.Fatalf("status %d", res.Status)
				}
				doc := res.Doc(t)
				row := doc.Find("#terms-table tr[data-term]")
				if row.Length() != 1 || strings.TrimSpace(row.Find("th").Text()) != "Efterår 2025" {
					t.Fatalf("terms: %q", row.Text())
				}
				means := row.Find("[data-mean]")
				csvRows := readCSV(t, c.Get("/manage/assessment/export.csv?scope="+url.QueryEscape(scope)))
				if people < 5 {
					if means.Length() != 0 || !strings.Contains(row.Text(), "For få svar til at vise") {
						t.Errorf("4 people: means shown: %q", row.Text())
					}
					if doc.Find(".dist-table").Length() != 0 {
						t.Error("4 people: distribution shown")
					}
					for _, r := range csvRows[1:] {
						if r[3] != "færre end 5" || strings.Join(r[4:], "") != "" {
							t.Errorf("4 people: CSV row %v not suppressed", r)
						}
					}
					return
				}
				// Values 1..5, one person each (the first person's earlier 7 does not count).
				if means.Length() != 5 {
					t.Fatalf("5 people: %d means, want 5", means.Length())
				}
				means.Each(func(_ int, s *goquery.Selection) {
					if v, _ := s.Attr("data-mean"); v != "3.00" {
						t.Errorf("mean %s, want 3.00", v)
					}
				})
				if got := strings.TrimSpace(row.Find("td").First().Text()); got != "5" {
					t.Errorf("respondents %q, want 5", got)
				}
				// Distribution: statements per area × one answer per value 1..5.
				var dist []string
				doc.Find(".dist-table tr[data-area=information] td").Each(func(_ int, s *goquery.Selection) { dist = append(dist, s.Text()) })
				if strings.Join(dist, " ") != "5 5 5 5 5 0 0 3,0" {
					t.Errorf("information distribution %v", dist)
				}
				if len(csvRows) != 6 || csvRows[1][3] != "5" || csvRows[1][4] != "3,00" || csvRows[1][5] != "5" || csvRows[1][11] != "0" {
					t.Errorf("CSV %v", csvRows)
				}
			})
		}
	}
}

func readCSV(t *testing.T, res testutil.Response) [][]string {
	t.Helper()
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(res.Body, "\ufeff") {
		t.Error("CSV has no UTF-8 byte-order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
	r.Comma = ';' // Danish Excel's list separator
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The organisation's name is the first column and the file's name: a name that is
// a formula stays text, and the mean has a decimal comma (a point in English).
func TestCSVScopeAndDecimals(t *testing.T) {
	srv := testutil.NewServer(t)
	org := "=1+1;@SUM(A1) Bibliotek"
	coord := testutil.CreateUser(t, srv.DB, "coordinator", org)
	for i := 0; i < 6; i++ {
		u := testutil.CreateUser(t, srv.DB, "staff", org)
		insertAttempt(t, srv.DB, u.ID, autumn2025, 4)
	}
	c := srv.Client(t)
	c.Login(coord.Email)
	res := c.Get("/manage/assessment/export.csv")
	rows := readCSV(t, res)
	if len(rows) < 2 || rows[1][0] != "'=1+1;'@SUM(A1) Bibliotek" || rows[1][4] != "4,00" {
		t.Fatalf("rows %q", rows)
	}
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if name := params["filename"]; err != nil || !strings.HasPrefix(name, "selvtest-1-1-sum-a1-bibliotek-") || !strings.HasSuffix(name, ".csv") {
		t.Errorf("file name %q: %v", name, err)
	}
	en := c.Get("/manage/assessment/export.csv?lang=en")
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(en.Body, "\ufeff")))
	enRows, err := rd.ReadAll()
	if err != nil || len(enRows) < 2 || enRows[1][4] != "4.00" || enRows[0][0] != "Scope" {
		t.Errorf("English rows %q: %v", enRows, err)
	}
}

func TestCSVHoldsNoPersonalData(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Bibliotek A")
	var emails, names []string
	for i := 0; i < 6; i++ {
		u := testutil.CreateUser(t, srv.DB, "staff", "Bibliotek A")
		insertAttempt(t, srv.DB, u.ID, autumn2025, 4)
		emails = append(emails, u.Email)
	}
	if err := srv.DB.QueryRow(context.Background(), `SELECT array_agg(name) FROM users`).Scan(&names); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(coord.Email)
	res := c.Get("/manage/assessment/export.csv")
	rows := readCSV(t, res)
	want := "Udsnit,Halvår,Område,Personer,Gennemsnit,Svar 1,Svar 2,Svar 3,Svar 4,Svar 5,Svar 6,Svar 7"
	if strings.Join(rows[0], ",") != want {
		t.Errorf("header %v", rows[0])
	}
	for _, s := range append(append(emails, names...), coord.Email, "@") {
		if strings.Contains(res.Body, s) {
			t.Errorf("CSV contains %q", s)
		}
	}
	if len(rows) != 6 || rows[1][0] != "Bibliotek A" || rows[1][8] != "30" {
		t.Errorf("CSV rows %v", rows)
	}
}

func TestCoordinatorScopesAndTargets(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Bibliotek A")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Bibliotek A")
	other := testutil.CreateOrg(t, srv.DB, "Bibliotek B")
	for i := 0; i < 5; i++ {
		u := testutil.CreateUser(t, srv.DB, "staff", "Bibliotek A")
		insertAttempt(t, srv.DB, u.ID, autumn2025, 4)
	}
	var prog int64
	if err := srv.DB.QueryRow(ctx, `INSERT INTO programmes (slug, title) VALUES ('p', 'Programmet') RETURNING id`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(coord.Email)
	org := "organisation:" + strconv.FormatInt(coord.OrgID, 10)
	cases := []struct {
		name, scope string
		status      int
	}{
		{"own organisation shown", org, http.StatusOK},
		{"own municipality shown", "municipality:Bibliotek A", http.StatusOK},
		{"own region shown", "region:Syddanmark", http.StatusOK},
		{"another organisation forbidden", "organisation:" + strconv.FormatInt(other, 10), http.StatusForbidden},
		{"another municipality forbidden", "municipality:Bibliotek B", http.StatusForbidden},
		{"a programme not coordinated forbidden", "programme:" + strconv.FormatInt(prog, 10), http.StatusForbidden},
		{"nonsense scope not found", "user:1", http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if res := c.Get("/manage/assessment?scope=" + url.QueryEscape(tc.scope)); res.Status != tc.status {
				t.Errorf("status %d, want %d", res.Status, tc.status)
			}
			if res := c.Get("/manage/assessment/export.csv?scope=" + url.QueryEscape(tc.scope)); res.Status != tc.status {
				t.Errorf("CSV status %d, want %d", res.Status, tc.status)
			}
		})
	}
	// Coordinating a group of the programme opens it.
	_, err := srv.DB.Exec(ctx, `WITH g AS (INSERT INTO groups (programme_id, slug, title) VALUES ($1, 'g', 'Gruppen') RETURNING id)
		INSERT INTO group_coordinators (group_id, user_id) SELECT id, $2 FROM g`, prog, coord.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res := c.Get("/manage/assessment?scope=programme:" + strconv.FormatInt(prog, 10)); res.Status != http.StatusOK {
		t.Errorf("coordinated programme: %d", res.Status)
	}
	if res := c.Get("/manage/assessment"); !strings.Contains(res.Body, "Programmet") {
		t.Error("coordinated programme not offered in the scope list")
	}

	// Targets: invalid is 422 with a message; valid is saved and shown as a gap.
	bad := url.Values{"scope": {org}, "target_information": {"9"}}
	if res := c.Post("/manage/assessment/targets", bad); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Skriv et niveau fra 1 til 7") {
		t.Errorf("invalid target: %d", res.Status)
	}
	good := url.Values{"scope": {org}, "target_information": {"5,5"}, "target_safety": {"6"}}
	if res := c.Post("/manage/assessment/targets", good); res.Status != http.StatusSeeOther {
		t.Fatalf("save targets: %d", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_targets WHERE organisation_id = $1`, coord.OrgID); n != 2 {
		t.Errorf("%d targets stored, want 2", n)
	}
	doc := c.Get("/manage/assessment").Doc(t)
	// The stored target is shown in the page's decimal format.
	if v, _ := doc.Find("#f-target_information").Attr("value"); v != "5,5" {
		t.Errorf("in Danish the information target shows %q, want 5,5", v)
	}
	if v, _ := c.Get("/manage/assessment?lang=en").Doc(t).Find("#f-target_information").Attr("value"); v != "5.5" {
		t.Errorf("in English the information target shows %q, want 5.5", v)
	}
	c.Get("/?lang=da")
	if g, _ := doc.Find("#gap-table tr[data-area=information] [data-gap]").Attr("data-gap"); g != "1.50" {
		t.Errorf("information gap %q, want 1.50", g)
	}
	bar := doc.Find("svg#gap-chart g[data-area=safety]")
	if g, _ := bar.Attr("data-gap"); g != "2.00" {
		t.Errorf("chart gap %q, want 2.00", g)
	}
	if doc.Find("svg#gap-chart g[data-area]").Length() != 2 {
		t.Error("gap chart should have a bar per area with a target")
	}
	if res := c.Post("/manage/assessment/targets", url.Values{"scope": {"organisation:" + strconv.FormatInt(other, 10)}, "target_safety": {"6"}}); res.Status != http.StatusForbidden {
		t.Errorf("targets for another organisation: %d, want 403", res.Status)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM assessment_targets WHERE organisation_id = $1`, other); n != 0 {
		t.Error("a target was stored for another organisation")
	}

	sc := srv.Client(t)
	sc.Login(staff.Email)
	if res := sc.Get("/manage/assessment"); res.Status != http.StatusForbidden {
		t.Errorf("staff: %d, want 403", res.Status)
	}
}
