package search_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/app"
	"spor/internal/model"
	"spor/internal/search"
	"spor/internal/testutil"
)

// fixture is a site with one record of every kind per visibility rule, each with
// its own word starting with "zebra", so "zebra" (a prefix) finds them all.
type fixture struct {
	srv *testutil.Server
	db  *pgxpool.Pool
}

// Words of records everyone may find, staff only, and nobody.
var (
	publicWords = []string{"zebraoffentlig", "zebraaabengruppe", "zebraaabenkontakt", "zebraaabenevent", "zebraaabenspor", "zebraaabentraef", "zebraaabendok"}
	staffWords  = []string{"zebragruppe", "zebranyhed", "zebradokument", "zebrakontakt", "zebrarolle", "zebraevent", "zebramoede"}
	nobodyWords = []string{"zebrafremtid", "zebrakladde", "zebraskjult", "zebraskjultmoede"}
)

func exec(t *testing.T, db *pgxpool.Pool, sql string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), sql+" RETURNING id", args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func newFixture(t *testing.T) fixture {
	srv := testutil.NewServer(t)
	db := srv.DB
	pub := testutil.CreateGroup(t, db, "open", "public")
	hidden := testutil.CreateGroup(t, db, "closed", "staff")
	exec(t, db, `UPDATE groups SET title = 'Hemmelig zebragruppe' WHERE id = $1`, hidden)
	exec(t, db, `UPDATE groups SET title = 'Åben zebraaabengruppe' WHERE id = $1`, pub)
	prog := exec(t, db, `INSERT INTO programmes (slug, title) VALUES ('prog', 'Programme')`)
	exec(t, db, `UPDATE groups SET programme_id = $1 WHERE id IN ($2, $3)`, prog, pub, hidden)

	// Everyone.
	exec(t, db, `INSERT INTO news (group_id, title, body_md, publish_at) VALUES ($1, 'Nyhed', 'Om zebraoffentlig', now() - interval '1 day')`, pub)
	exec(t, db, `INSERT INTO contacts (group_id, name, role) VALUES ($1, 'Anna Aaben', 'zebraaabenkontakt')`, pub)
	start := time.Now().Add(72 * time.Hour)
	exec(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status) VALUES ($1, 'Event zebraaabenevent', $2, $3, 'Europe/Copenhagen', 'published')`, pub, start, start.Add(time.Hour))
	track := exec(t, db, `INSERT INTO tracks (programme_id, slug, title, lang) VALUES ($1, 'open-track', 'Spor zebraaabenspor', 'da')`, prog)
	exec(t, db, `INSERT INTO track_meetings (track_id, title, starts_at, ends_at) VALUES ($1, 'Træf zebraaabentraef', $2, $3)`, track, start, start.Add(time.Hour))
	doc := testutil.CreateDocument(t, db, pub, "aaben.txt", "x")
	exec(t, db, `UPDATE documents SET description = 'zebraaabendok' WHERE id = $1`, doc)

	// Staff only: the hidden group and everything in it, staff-only events and contacts.
	exec(t, db, `INSERT INTO news (group_id, title, body_md, publish_at) VALUES ($1, 'Intern nyhed', 'Om zebranyhed', now() - interval '1 day')`, hidden)
	doc = testutil.CreateDocument(t, db, hidden, "intern.txt", "y")
	exec(t, db, `UPDATE documents SET title = 'zebradokument' WHERE id = $1`, doc)
	exec(t, db, `INSERT INTO contacts (group_id, name, role, visibility) VALUES ($1, 'Zebrakontakt Hansen', 'Leder', 'staff')`, pub)
	exec(t, db, `INSERT INTO contacts (group_id, name, role) VALUES ($1, 'Ida Intern', 'zebrarolle')`, hidden)
	exec(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, audience) VALUES ($1, 'Intern zebraevent', $2, $3, 'Europe/Copenhagen', 'published', 'staff')`, pub, start, start.Add(time.Hour))
	exec(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status) VALUES ($1, 'Møde zebramoede', $2, $3, 'Europe/Copenhagen', 'published')`, hidden, start, start.Add(time.Hour))

	// Nobody: scheduled news, a draft event, an unpublished track and its meeting.
	exec(t, db, `INSERT INTO news (group_id, title, body_md, publish_at) VALUES ($1, 'Snart', 'Om zebrafremtid', now() + interval '1 day')`, pub)
	exec(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status) VALUES ($1, 'Kladde zebrakladde', $2, $3, 'Europe/Copenhagen', 'draft')`, pub, start, start.Add(time.Hour))
	track = exec(t, db, `INSERT INTO tracks (programme_id, slug, title, published) VALUES ($1, 'closed-track', 'zebraskjult', false)`, prog)
	exec(t, db, `INSERT INTO track_meetings (track_id, title, starts_at, ends_at) VALUES ($1, 'zebraskjultmoede', $2, $3)`, track, start, start.Add(time.Hour))
	return fixture{srv: srv, db: db}
}

// TestSearchShowsEachRoleWhatItMaySee searches as each kind of visitor for every
// hidden record's own word and for the prefix all of them share: anonymous visitors
// find none of the staff-only records, not in results, counts or snippets; staff,
// coordinators and admins find them; nobody finds drafts, scheduled news or
// unpublished tracks.
func TestSearchShowsEachRoleWhatItMaySee(t *testing.T) {
	f := newFixture(t)
	roles := []struct {
		name  string
		role  string // "" for anonymous
		staff bool
	}{
		{"anonymous", "", false},
		{"staff", "staff", true},
		{"coordinator", "coordinator", true},
		{"admin", "admin", true},
	}
	for _, r := range roles {
		t.Run(r.name, func(t *testing.T) {
			c := f.srv.Client(t)
			if r.role != "" {
				c.Login(testutil.CreateUser(t, f.db, r.role, "Vejle Bibliotekerne").Email)
			}
			want := len(publicWords)
			if r.staff {
				want += len(staffWords)
			}
			res := c.Get("/search?q=zebra")
			if res.Status != http.StatusOK {
				t.Fatalf("status %d", res.Status)
			}
			doc := res.Doc(t)
			if n := doc.Find(".search-hit").Length(); n != want {
				t.Errorf("%d results for the shared prefix, want %d", n, want)
			}
			if got := doc.Find(`.facets a[aria-current]`).Text(); !strings.Contains(got, "("+strconv.Itoa(want)+")") {
				t.Errorf("the count of all kinds reads %q, want (%d)", got, want)
			}
			body := strings.ToLower(res.Body)
			for _, w := range publicWords {
				if !strings.Contains(body, w) {
					t.Errorf("%q (public) not found", w)
				}
			}
			for _, w := range staffWords {
				if strings.Contains(body, w) != r.staff {
					t.Errorf("%q (staff only) shown: %v, want %v", w, !r.staff, r.staff)
				}
				one := c.Get("/search?q=" + w)
				n := one.Doc(t).Find(".search-hit").Length()
				if (n > 0) != r.staff {
					t.Errorf("search for %q finds %d results", w, n)
				}
				if !r.staff && strings.Contains(one.Doc(t).Find(".search-suggestion").Text(), w) {
					t.Errorf("search for %q suggests the hidden title", w)
				}
			}
			for _, w := range nobodyWords {
				if strings.Contains(body, w) {
					t.Errorf("%q (not published) shown", w)
				}
			}
			feed := c.Get("/search.atom?q=zebra")
			for _, w := range staffWords {
				if strings.Contains(strings.ToLower(feed.Body), w) != r.staff {
					t.Errorf("feed: %q (staff only) shown: %v", w, !r.staff)
				}
			}
		})
	}
}

// TestSnippetMarksOnlyTheMatchedWords: the matched words are <mark> elements and
// everything else in the record (markup, the sentinel characters) is text.
func TestSnippetMarksOnlyTheMatchedWords(t *testing.T) {
	srv := testutil.NewServer(t)
	g := testutil.CreateGroup(t, srv.DB, "g", "public")
	exec(t, srv.DB, `INSERT INTO news (group_id, title, body_md, lang, publish_at) VALUES ($1, 'Ny', $2, 'da', now())`, g,
		"Før <script>alert(1)</script> og <b>fed</b> & \"citat\" \uE000falsk\uE001 \uE001 kommer bibliotekerne i fokus.")
	res := srv.Client(t).Get("/search?q=biblioteket&lang=da")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	doc := res.Doc(t)
	snippet := doc.Find(".search-hit__snippet")
	if snippet.Length() != 1 {
		t.Fatalf("%d snippets", snippet.Length())
	}
	if snippet.Find("script, b").Length() != 0 || strings.Contains(res.Body, "<script>alert") {
		t.Errorf("markup from the record reached the page as markup: %s", snippet.Text())
	}
	// ts_headline drops what looks like tags; the rest is text, escaped on the page.
	if !strings.Contains(snippet.Text(), `alert(1)`) || !strings.Contains(snippet.Text(), `& "citat"`) || !strings.Contains(res.Body, "&amp;") {
		t.Errorf("the record's text is not shown as text: %q", snippet.Text())
	}
	var marks []string
	snippet.Find("mark").Each(func(_ int, s *goquery.Selection) { marks = append(marks, s.Text()) })
	if len(marks) != 1 || marks[0] != "bibliotekerne" {
		t.Errorf("marked %q, want only [bibliotekerne] (a Danish stem match)", marks)
	}
	if strings.ContainsAny(snippet.Text(), "\uE000\uE001") {
		t.Errorf("sentinels left in the snippet")
	}
}

func TestFacetsFiltersAndPages(t *testing.T) {
	srv := testutil.NewServer(t)
	g := testutil.CreateGroup(t, srv.DB, "g", "public")
	for i := 0; i < 25; i++ {
		exec(t, srv.DB, `INSERT INTO news (group_id, title, body_md, lang, publish_at) VALUES ($1, 'Kvaggaen vender tilbage', '', 'da', now() - $2 * interval '1 day')`, g, i)
	}
	past := time.Now().Add(-72 * time.Hour)
	exec(t, srv.DB, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, lang) VALUES ($1, 'Kvagga-dag (forbi)', $2, $3, 'Europe/Copenhagen', 'published', 'sv')`, g, past, past.Add(time.Hour))
	soon := time.Now().Add(72 * time.Hour)
	exec(t, srv.DB, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, lang) VALUES ($1, 'Kvagga-aften (snart)', $2, $3, 'Europe/Copenhagen', 'published', 'da')`, g, soon, soon.Add(time.Hour))
	c := srv.Client(t)

	doc := c.Get("/search?q=kvagga&lang=en").Doc(t)
	facets := strings.Join(strings.Fields(doc.Find(".facets").Text()), " ")
	for _, want := range []string{"All (27)", "Event (2)", "News (25)"} {
		if !strings.Contains(facets, want) {
			t.Errorf("facets %q lack %q", facets, want)
		}
	}
	if n := doc.Find(".search-hit").Length(); n != search.PerPage {
		t.Errorf("first page has %d results, want %d", n, search.PerPage)
	}
	next, ok := doc.Find(`.pagination a[rel=next]`).Attr("href")
	if !ok {
		t.Fatal("no link to the next page")
	}
	if n := c.Get(next).Doc(t).Find(".search-hit").Length(); n != 27-search.PerPage {
		t.Errorf("second page (%s) has %d results, want %d", next, n, 27-search.PerPage)
	}

	cases := []struct {
		name, query string
		want        []string
	}{
		{"kind", "kind=event", []string{"Kvagga-aften (snart)", "Kvagga-dag (forbi)"}},
		{"upcoming only", "upcoming=on", []string{"Kvagga-aften (snart)"}},
		{"content language", "language=sv", []string{"Kvagga-dag (forbi)"}},
		{"programme without records", "programme=none", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			c.Get("/search?q=kvagga&" + tc.query).Doc(t).Find(".search-hit__title").Each(func(_ int, s *goquery.Selection) {
				got = append(got, strings.TrimSpace(s.Text()))
			})
			sort.Strings(got)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEmptyStatesAndSuggestion(t *testing.T) {
	srv := testutil.NewServer(t)
	g := testutil.CreateGroup(t, srv.DB, "g", "public")
	exec(t, srv.DB, `INSERT INTO news (group_id, title, body_md, lang, publish_at) VALUES ($1, 'Kildekritik for begyndere', '', 'da', now())`, g)
	c := srv.Client(t)
	doc := c.Get("/search").Doc(t)
	if doc.Find(".search-tips li").Length() == 0 || doc.Find(".search-hit").Length() != 0 {
		t.Errorf("an empty search shows no tips")
	}
	doc = c.Get("/search?q=kildekrtik").Doc(t)
	if doc.Find(".empty").Length() != 1 {
		t.Errorf("no empty state for a search without results")
	}
	a := doc.Find(".search-suggestion a")
	if strings.TrimSpace(a.Text()) != "kildekritik" {
		t.Errorf("suggestion %q, want kildekritik", a.Text())
	}
	href, _ := a.Attr("href")
	if n := c.Get(href).Doc(t).Find(".search-hit").Length(); n != 1 {
		t.Errorf("the suggestion finds %d results", n)
	}
}

func TestFeedAndOpenSearch(t *testing.T) {
	srv := testutil.NewServer(t)
	g := testutil.CreateGroup(t, srv.DB, "g", "public")
	exec(t, srv.DB, `INSERT INTO news (group_id, title, body_md, lang, publish_at) VALUES ($1, 'Okapien & co', 'Om okapier & zebraer', 'da', now())`, g)
	c := srv.Client(t)
	res := c.Get("/search.atom?q=okapi")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(res.Body), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Title != "Okapien & co" || !strings.Contains(feed.Entries[0].Summary, "okapier & zebraer") || !strings.Contains(res.Body, "okapier &amp; zebraer") {
		t.Fatalf("feed entries %+v", feed.Entries)
	}
	if u, err := url.Parse(feed.Entries[0].Link.Href); err != nil || !u.IsAbs() || !strings.HasPrefix(u.Path, "/groups/g/news/") {
		t.Errorf("entry link %q is not an absolute link to the news item", feed.Entries[0].Link.Href)
	}

	res = c.Get("/opensearch.xml")
	var osd struct {
		XMLName   xml.Name
		ShortName string `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal([]byte(res.Body), &osd); err != nil {
		t.Fatal(err)
	}
	if osd.XMLName.Space != "http://a9.com/-/spec/opensearch/1.1/" || osd.ShortName != "Spor" || len(osd.URLs) == 0 ||
		osd.URLs[0].Type != "text/html" || !strings.HasSuffix(osd.URLs[0].Template, "/search?q={searchTerms}") {
		t.Errorf("OpenSearch description %+v", osd)
	}
	// Every page links it and carries the header's search box.
	for _, p := range []string{"/", "/groups", "/search?q=okapi"} {
		doc := c.Get(p).Doc(t)
		if href, _ := doc.Find(`head link[rel=search][type="application/opensearchdescription+xml"]`).Attr("href"); href != "/opensearch.xml" {
			t.Errorf("%s: no OpenSearch link in the head", p)
		}
		form := doc.Find(`header form[role=search][action="/search"][method=get]`)
		if form.Find(`label[for=site-search-q]`).Length() != 1 || form.Find(`input#site-search-q[name=q]`).Length() != 1 {
			t.Errorf("%s: no labelled search box in the header", p)
		}
	}
}

// TestSearchesPerClientAreCapped: past SEARCH_LIMIT_PER_IP a minute, the page and
// the feed answer 429 with a Retry-After within the limiter's one-minute window.
func TestSearchesPerClientAreCapped(t *testing.T) {
	srv := testutil.NewServer(t, func(o *app.Options) { o.Config.SearchPerIP = 2 })
	c := srv.Client(t)
	for i, p := range []string{"/search?q=a", "/search.atom?q=b"} {
		if res := c.Get(p); res.Status != http.StatusOK {
			t.Fatalf("search %d: status %d", i+1, res.Status)
		}
	}
	for _, p := range []string{"/search?q=c", "/search.atom?q=d"} {
		res := c.Get(p)
		secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if res.Status != http.StatusTooManyRequests || err != nil || secs < 1 || secs > 60 {
			t.Errorf("%s, third search in a minute: status %d, Retry-After %q; want 429 with Retry-After of 1 to 60 seconds",
				p, res.Status, res.Header.Get("Retry-After"))
		}
	}
}

// TestLimiterCapsAClient: past the cap a client is refused until its window ends,
// and told how long that is; other clients are not.
func TestLimiterCapsAClient(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	l := search.NewLimiter(3, time.Minute)
	l.SetClock(func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("search %d refused", i+1)
		}
		now = now.Add(10 * time.Second)
	}
	if ok, wait := l.Allow("a"); ok || wait != 30*time.Second {
		t.Errorf("fourth search 30 s into the window: allowed %v, wait %s; want refused, wait 30s", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Error("another client refused")
	}
	now = now.Add(30 * time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Error("refused again in the next window")
	}
}

// TestCountsStopAtTheCap: a word found in more records of a kind than the store
// ranks and counts shows that kind's count as "over" the cap, in the page's
// language, with a hint to narrow the search; kinds under the cap keep their exact
// counts, and the pages offered end where the served pages do.
func TestCountsStopAtTheCap(t *testing.T) {
	srv := testutil.NewServer(t)
	g := testutil.CreateGroup(t, srv.DB, "g", "public")
	exec(t, srv.DB, `INSERT INTO news (group_id, title, body_md, lang, publish_at)
		SELECT $1, 'Kvaggaen nummer ' || i, '', 'da', now() - i * interval '1 minute' FROM generate_series(1, $2::int) i`, g, search.MaxCandidates+5)
	soon := time.Now().Add(72 * time.Hour)
	exec(t, srv.DB, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, lang) VALUES ($1, 'Kvagga-aften', $2, $3, 'Europe/Copenhagen', 'published', 'da')`, g, soon, soon.Add(time.Hour))
	c := srv.Client(t)
	capped := strconv.Itoa(search.MaxCandidates)
	for _, tc := range []struct{ lang, count, facet string }{
		{"en", "More than " + capped + " results", "News (over " + capped + ")"},
		{"da", "Over " + capped + " resultater", "Nyhed (over " + capped + ")"},
		{"sv", "Över " + capped + " träffar", "Nyhet (över " + capped + ")"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			doc := c.Get("/search?q=kvagga&kind=news&lang=" + tc.lang).Doc(t)
			if got := strings.TrimSpace(doc.Find(`p[role=status]`).Text()); got != tc.count {
				t.Errorf("status %q, want %q", got, tc.count)
			}
			facets := strings.Join(strings.Fields(doc.Find(".facets").Text()), " ")
			if !strings.Contains(facets, tc.facet) || !strings.Contains(facets, "(1)") {
				t.Errorf("facets %q lack %q and the exact count of the one event", facets, tc.facet)
			}
			if doc.Find(".search-more").Length() != 1 {
				t.Error("no hint to narrow the search")
			}
			if n := doc.Find(".search-hit").Length(); n != search.PerPage {
				t.Errorf("%d results on the first page, want %d", n, search.PerPage)
			}
		})
	}
	// Under the cap the count is exact and says nothing more.
	doc := c.Get("/search?q=kvagga&kind=event&lang=en").Doc(t)
	if got := strings.TrimSpace(doc.Find(`p[role=status]`).Text()); got != "1 result" || doc.Find(".search-more").Length() != 0 {
		t.Errorf("one event: status %q, hint shown %v", got, doc.Find(".search-more").Length() != 0)
	}
	// The deepest page served is the last page offered, and it is full.
	last := c.Get("/search?q=kvagga&kind=news&lang=en&page=" + strconv.Itoa(search.MaxPage)).Doc(t)
	if last.Find(".search-hit").Length() != search.PerPage || last.Find(`.pagination a[rel=next]`).Length() != 0 {
		t.Errorf("page %d: %d results, a next link: %v", search.MaxPage, last.Find(".search-hit").Length(), last.Find(`.pagination a[rel=next]`).Length() != 0)
	}
}

// TestStoreRanksAtMostTheCapPerKind runs the store with a cap of 5: a kind with
// more matches counts 5 and is marked as having more; the total of all kinds is the
// capped sum; a kind under the cap is exact.
func TestStoreRanksAtMostTheCapPerKind(t *testing.T) {
	db := testutil.NewDB(t)
	g := testutil.CreateGroup(t, db, "g", "public")
	exec(t, db, `INSERT INTO news (group_id, title, body_md, lang, publish_at)
		SELECT $1, 'Okapi ' || i, '', 'da', now() - i * interval '1 minute' FROM generate_series(1, 12) i`, g)
	exec(t, db, `INSERT INTO contacts (group_id, name, role) VALUES ($1, 'Anna', 'okapi'), ($1, 'Bo', 'okapi')`, g)
	store := search.NewStoreWithCap(db, 5)
	q := model.SearchQuery{Text: "okapi", UILang: "da", Page: 1, PerPage: 20}
	res, err := store.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.SearchFacet{{Kind: "news", Count: 5, More: true}, {Kind: "contact", Count: 2}}
	if fmt.Sprint(res.Facets) != fmt.Sprint(want) || res.Total != 7 || !res.More || len(res.Hits) != 7 {
		t.Errorf("facets %v, total %d (more %v), %d hits; want %v, 7 (more), 7 hits", res.Facets, res.Total, res.More, len(res.Hits), want)
	}
	q.Kind = "contact"
	if res, err = store.Search(context.Background(), q); err != nil || res.Total != 2 || res.More || len(res.Hits) != 2 {
		t.Errorf("contacts only: total %d (more %v), %d hits, err %v; want 2, exact", res.Total, res.More, len(res.Hits), err)
	}

	// The cap bounds the work, not only the numbers shown: the plan reads at most
	// the cap and one more of the 12 news rows from the table.
	q.Kind = ""
	raw, err := store.Explain(context.Background(), q, true)
	if err != nil {
		t.Fatal(err)
	}
	var plan []struct{ Plan planNode }
	if err := json.Unmarshal([]byte(raw), &plan); err != nil || len(plan) != 1 {
		t.Fatalf("plan %s: %v", raw, err)
	}
	scans := 0
	plan[0].Plan.walk(func(n planNode) {
		if n.Relation == "news" {
			scans++
			if n.Rows > 6 {
				t.Errorf("%s on news gave %d rows; want at most the cap and one more (6)", n.Type, n.Rows)
			}
		}
	})
	if scans == 0 {
		t.Errorf("no scan of news in the plan: %s", raw)
	}
}

// planNode is a node of EXPLAIN (FORMAT JSON).
type planNode struct {
	Type     string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Rows     int        `json:"Actual Rows"`
	Plans    []planNode `json:"Plans"`
}

func (n planNode) walk(f func(planNode)) {
	f(n)
	for _, c := range n.Plans {
		c.walk(f)
	}
}
