// Package search is /search: full-text search across groups, events, news, tracks
// and their meetings, documents and contacts, in the visitor's language, with only
// what the visitor may see; plus the OpenSearch description and an Atom feed of a
// search. The index is a generated tsvector column per table (migrations/00013_search.sql
// says why).
package search

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store runs searches.
type Store struct {
	db  *pgxpool.Pool
	cap int // candidates ranked and counted per kind: MaxCandidates, smaller in tests
}

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db, cap: MaxCandidates} }

// The sentinels ts_headline puts around matched words. They are private-use
// characters, removed from the text first, so the Go code can split on them and
// render the marks as elements while everything else stays escaped text.
const (
	markStart = "\uE000"
	markStop  = "\uE001"
)

// headlineOptions are ts_headline's: short fragments around the matches.
const headlineOptions = `StartSel=` + markStart + `, StopSel=` + markStop +
	`, MaxWords=28, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`

// tsq is the query: websearch syntax (quotes, -word, or) stemmed in the visitor's
// language ($1) and word for word, or the same with the last word as a prefix
// ($3 'word:*', $4 the words before it) while it is being typed, or the query
// with Swedish definite forms cut to their stem ($9, see swedishStems).
//
// It is a scalar subquery so that PostgreSQL computes it once per statement (an
// InitPlan) instead of once per row: websearch_to_tsquery is only STABLE, and
// evaluated per row it made ranking 20,000 matches take half a second.
const tsq = `(SELECT websearch_to_tsquery($1::text::regconfig, $2) || websearch_to_tsquery('spor_simple', $2)
	|| CASE WHEN $3 = '' THEN ''::tsquery ELSE (websearch_to_tsquery($1::text::regconfig, $4) || websearch_to_tsquery('spor_simple', $4))
		&& to_tsquery('spor_simple', $3) END
	|| CASE WHEN $9 = '' THEN ''::tsquery ELSE websearch_to_tsquery($1::text::regconfig, $9) END)`

// prog is the programme filter ($7, a slug) as an id.
const prog = `(SELECT id FROM programmes WHERE slug = $7)`

// branch is one kind's part of the candidate set: its select list (the score's
// base, ts_rank_cd with the weights A title, B summary, C body, is computed here,
// on the candidates only), table and conditions, and LIMIT $14 + 1. The limit is
// what bounds a search's cost whatever the word: the GIN index finds the matches,
// the heap is read and ranked for at most the cap ($14) of them per kind, and one
// more that only tells the count it is over the cap (nth numbers the rows as they
// stream, without a sort).
func branch(sel, from, where string) string {
	return `(SELECT ` + sel + `, row_number() OVER () AS nth FROM ` + from + ` WHERE ` + where + ` LIMIT $14 + 1)`
}

// candidates is the records the query finds that the visitor may see ($5: logged
// in), after the language ($6), programme ($7) and upcoming ($8) filters, at most
// $14 of each kind. The visibility conditions are those of the list pages:
// staff-only groups (and with them their news, documents, contacts and events),
// staff-only events and contacts for logged-in users only; scheduled news, draft
// events and unpublished tracks (and their meetings) for nobody.
var candidates = branch(`'group' AS kind, g.id, g.title, g.lang, spor_tsconfig(g.lang) AS cfg, g.slug, '' AS file, '' AS context,
		NULL::timestamptz AS at, g.updated_at AS changed, g.summary || E'\n' || g.body_md AS body, ts_rank_cd(g.search, `+tsq+`) AS rank`,
	`groups g`,
	`g.search @@ `+tsq+` AND ($5 OR g.visibility = 'public')
		AND ($6 = '' OR g.lang = $6) AND ($7 = '' OR g.programme_id = `+prog+`) AND NOT $8`) + `
	UNION ALL ` + branch(`'news', n.id, n.title, n.lang, spor_tsconfig(n.lang), g.slug, '', g.title, n.publish_at, n.updated_at, n.body_md,
		ts_rank_cd(n.search, `+tsq+`)`,
	`news n JOIN groups g ON g.id = n.group_id`,
	`n.search @@ `+tsq+` AND n.publish_at <= now() AND ($5 OR g.visibility = 'public')
		AND ($6 = '' OR n.lang = $6) AND ($7 = '' OR g.programme_id = `+prog+`) AND NOT $8`) + `
	UNION ALL ` + branch(`'document', d.id, d.title, d.lang, spor_tsconfig(d.lang), g.slug, d.filename, g.title, NULL, d.created_at, d.description,
		ts_rank_cd(d.search, `+tsq+`)`,
	`documents d JOIN groups g ON g.id = d.group_id`,
	`d.search @@ `+tsq+` AND ($5 OR g.visibility = 'public')
		AND ($6 = '' OR d.lang = $6) AND ($7 = '' OR g.programme_id = `+prog+`) AND NOT $8`) + `
	UNION ALL ` + branch(`'contact', c.id, c.name, '', 'spor_simple'::regconfig, g.slug, '', g.title, NULL, c.updated_at,
		concat_ws(' · ', nullif(c.role, ''), nullif(c.organisation, '')), ts_rank_cd(c.search, `+tsq+`)`,
	`contacts c JOIN groups g ON g.id = c.group_id`,
	`c.search @@ `+tsq+` AND ($5 OR (c.visibility = 'public' AND g.visibility = 'public'))
		AND $6 = '' AND ($7 = '' OR g.programme_id = `+prog+`) AND NOT $8`) + `
	UNION ALL ` + branch(`'event', e.id, e.title, e.lang, spor_tsconfig(e.lang), g.slug, '', g.title, e.starts_at, e.updated_at,
		e.place || E'\n' || e.description_md, ts_rank_cd(e.search, `+tsq+`)`,
	`events e JOIN groups g ON g.id = e.group_id`,
	`e.search @@ `+tsq+` AND e.status <> 'draft' AND ($5 OR (e.audience = 'public' AND g.visibility = 'public'))
		AND ($6 = '' OR e.lang = $6) AND ($7 = '' OR g.programme_id = `+prog+`) AND (NOT $8 OR e.ends_at >= now())`) + `
	UNION ALL ` + branch(`'track', t.id, t.title, t.lang, spor_tsconfig(t.lang), t.slug, '', '', NULL, t.updated_at,
		t.summary || E'\n' || t.audience || E'\n' || t.prework_md, ts_rank_cd(t.search, `+tsq+`)`,
	`tracks t`,
	`t.search @@ `+tsq+` AND t.published
		AND ($6 = '' OR t.lang = $6) AND ($7 = '' OR t.programme_id = `+prog+`) AND NOT $8`) + `
	UNION ALL ` + branch(`'meeting', m.id, m.title, t.lang, 'spor_simple'::regconfig, t.slug, '', t.title, m.starts_at, m.updated_at,
		m.place || E'\n' || m.description, ts_rank_cd(m.search, `+tsq+`)`,
	`track_meetings m JOIN tracks t ON t.id = m.track_id`,
	`m.search @@ `+tsq+` AND t.published
		AND ($6 = '' OR t.lang = $6) AND ($7 = '' OR t.programme_id = `+prog+`) AND (NOT $8 OR m.ends_at >= now())`)

// score is the rank raised by up to half for dated records near today: recent
// news, events and meetings soon. (Float arithmetic: extract returns numeric,
// which costs more than the rank on thousands of matches.)
const score = `m.rank * (1.0::float8 + CASE WHEN m.at IS NULL THEN 0.0::float8
	ELSE 0.5::float8 / (1.0::float8 + abs(extract(epoch FROM m.at - now())::float8) / 2592000.0::float8) END)`

// searchSQL counts the candidates by kind (up to the cap and one more) and returns
// one page of those within the cap ($10 kind, $11 limit, $12 offset) in one
// statement, so the candidate set is found once (a CTE used twice is
// materialised). Snippets ($13 the ts_headline options) are made for the page's
// rows only. There is always one row: the counts, with NULL hit columns when the
// page is empty.
var searchSQL = `WITH m AS (` + candidates + `),
counts AS (SELECT coalesce(jsonb_object_agg(kind, n), '{}') AS counts FROM (SELECT kind, count(*) AS n FROM m GROUP BY kind) c),
ranked AS (
	SELECT m.kind, m.id, m.title, m.lang, m.cfg, m.slug, m.file, m.context, m.at, m.changed, m.body, ` + score + ` AS score
	FROM m
	WHERE ($10 = '' OR m.kind = $10) AND m.nth <= $14
	ORDER BY score DESC, m.changed DESC, m.kind, m.id LIMIT $11 OFFSET $12)
SELECT c.counts, r.kind, r.id, r.title, r.lang, r.slug, r.file, r.context, r.at, r.changed, r.score,
	ts_headline(r.cfg, translate(regexp_replace(r.body, '[*_#` + "`" + `]+', '', 'g'), E'\uE000\uE001', ''), ` + tsq + `, $13)
FROM counts c LEFT JOIN ranked r ON true
ORDER BY r.score DESC, r.changed DESC, r.kind, r.id`

// MaxCandidates is how many matches of each kind a search ranks and counts. A
// word found in more records shows "more than" the cap: beyond it, ranking every
// match would make one search's cost grow with the data. It equals the deepest
// page (MaxPage) of the default page size, so every page a visitor can reach of
// one kind is served from the candidates.
const MaxCandidates = 1000

// MaxQuery is the longest query text searched (longer text is cut): websearch
// parsing and ts_headline grow with it.
const MaxQuery = 200

// MaxPage is the deepest page served; nobody reads further, and OFFSET costs.
const MaxPage = 50

// Configs maps a UI language to its text-search configuration.
var configs = map[string]string{"da": "spor_da", "sv": "spor_sv", "en": "spor_en"}

// Search runs q and returns one page of results with facets and the programme
// choices, in one round trip; when nothing is found it asks once more for a
// "did you mean".
func (s *Store) Search(ctx context.Context, q model.SearchQuery) (model.SearchResults, error) {
	var res model.SearchResults
	text := Clean(q.Text)
	args := s.searchArgs(q)
	b := &pgx.Batch{}
	if text != "" {
		b.Queue(searchSQL, args...).Query(func(rows pgx.Rows) error {
			var counts map[string]int
			for rows.Next() {
				h, ok, err := scanHit(rows, &counts)
				if err != nil {
					return err
				}
				if ok {
					res.Hits = append(res.Hits, h)
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			s.tally(&res, counts, q.Kind)
			return nil
		})
	}
	b.Queue(`SELECT slug, title FROM programmes ORDER BY title`).Query(func(rows pgx.Rows) error {
		var err error
		res.Programmes, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.SearchOption, error) {
			var o model.SearchOption
			err := row.Scan(&o.Slug, &o.Title)
			return o, err
		})
		return err
	})
	if err := s.db.SendBatch(ctx, b).Close(); err != nil {
		return res, database.Wrap(err, "search: search")
	}
	if text != "" && res.Total == 0 && !q.Filtered() {
		sug, err := s.suggest(ctx, text, q.LoggedIn)
		if err != nil {
			return res, err
		}
		res.Suggestion = sug
	}
	return res, nil
}

// tally turns the candidates counted by kind (at most the cap and one more)
// into the facets and the total of the chosen kind, marking those over the cap.
func (s *Store) tally(res *model.SearchResults, counts map[string]int, kind string) {
	for _, k := range model.SearchKinds {
		n := counts[k]
		if n == 0 {
			continue
		}
		f := model.SearchFacet{Kind: k, Count: min(n, s.cap), More: n > s.cap}
		res.Facets = append(res.Facets, f)
		if kind == "" || kind == k {
			res.Total += f.Count
			res.More = res.More || f.More
		}
	}
}

// scanHit reads one row of searchSQL: the counts (the same on every row) and a
// hit, or no hit (ok false) on the one row of an empty page.
// Explain runs the search statement for q under EXPLAIN (ANALYZE, BUFFERS), as
// text or as JSON, for make bench and the tests that check what the cap bounds.
func (s *Store) Explain(ctx context.Context, q model.SearchQuery, asJSON bool) (string, error) {
	opts := "ANALYZE, BUFFERS"
	if asJSON {
		opts += ", FORMAT JSON"
	}
	rows, err := s.db.Query(ctx, "EXPLAIN ("+opts+") "+searchSQL, s.searchArgs(q)...)
	if err != nil {
		return "", database.Wrap(err, "search: explain")
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", database.Wrap(err, "search: explain")
	}
	return strings.Join(lines, "\n"), nil
}

// searchArgs are searchSQL's arguments for q.
func (s *Store) searchArgs(q model.SearchQuery) []any {
	text := Clean(q.Text)
	page := min(max(q.Page, 1), MaxPage)
	per := q.PerPage
	if per <= 0 {
		per = 20
	}
	cfg := configs[q.UILang]
	if cfg == "" {
		cfg = "spor_simple"
	}
	prefix, rest := prefixParts(text)
	alt := ""
	if q.UILang == "sv" {
		alt = swedishStems(text)
	}
	return []any{cfg, text, prefix, rest, q.LoggedIn, q.Lang, q.Programme, q.Upcoming, alt,
		q.Kind, per, (page - 1) * per, headlineOptions, s.cap}
}

func scanHit(rows pgx.Rows, counts *map[string]int) (h model.SearchHit, ok bool, err error) {
	var kind, title, lang, slug, file, owner, headline *string
	var id *int64
	var changed *time.Time
	var rank *float64
	if err := rows.Scan(counts, &kind, &id, &title, &lang, &slug, &file, &owner, &h.At, &changed, &rank, &headline); err != nil {
		return h, false, err
	}
	if kind == nil {
		return h, false, nil
	}
	h.Kind, h.ID, h.Title, h.Lang, h.Context = *kind, *id, *title, *lang, *owner
	h.Changed, h.Rank = *changed, *rank
	h.URL = hitURL(h.Kind, h.ID, *slug, *file)
	if headline != nil {
		h.Snippet = Pieces(*headline)
	}
	return h, true, nil
}

// hitURL is the page a result links to.
func hitURL(kind string, id int64, slug, file string) string {
	sid := strconv.FormatInt(id, 10)
	switch kind {
	case "group":
		return "/groups/" + slug
	case "news":
		return "/groups/" + slug + "/news/" + sid
	case "document":
		return "/groups/" + slug + "/documents/" + sid + "/" + url.PathEscape(file)
	case "contact":
		return "/groups/" + slug + "#g-contacts"
	case "event":
		return "/events/" + sid
	case "track":
		return "/tracks/" + slug
	case "meeting":
		return "/tracks/" + slug + "#meeting-" + sid
	}
	return "/"
}

// Pieces splits a ts_headline result on the sentinels into plain and marked runs.
func Pieces(s string) []model.TextPiece {
	var out []model.TextPiece
	mark := false
	for s != "" {
		sep := markStart
		if mark {
			sep = markStop
		}
		text, after, found := strings.Cut(s, sep)
		if text != "" {
			out = append(out, model.TextPiece{Text: text, Mark: mark})
		}
		if !found {
			break
		}
		s = after
		mark = !mark
	}
	return out
}

// Clean trims the query, cuts it at MaxQuery characters and drops control and
// private-use characters (the headline sentinels among them).
func Clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Co, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > MaxQuery {
		s = string([]rune(s)[:MaxQuery])
	}
	return s
}

// prefixParts returns the last word as a prefix query ("word:*") and the text
// before it, when the query ends in a plain word of three letters or more that is
// not inside quotes, negated or an operator; otherwise "", "".
func prefixParts(q string) (prefix, rest string) {
	if strings.Count(q, `"`)%2 == 1 {
		return "", ""
	}
	i := len(q)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(q[:i])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i -= size
	}
	word := q[i:]
	if utf8.RuneCountInString(word) < 3 || strings.EqualFold(word, "or") {
		return "", ""
	}
	if i > 0 && q[i-1] != ' ' {
		return "", ""
	}
	return word + ":*", q[:i]
}

// swedishStems is q with definite singular forms in -et cut to their stem
// ("ledarskapet" to "ledarskap", "arbetet" to "arbet"), or "" when q has none.
// PostgreSQL's Swedish Snowball stemmer leaves -et alone (it is not among its
// suffixes), so without this the definite form never finds the bare noun.
func swedishStems(q string) string {
	changed := false
	out := strings.FieldsFunc(q, func(r rune) bool { return r == ' ' })
	for i, w := range out {
		if utf8.RuneCountInString(w) >= 6 && strings.HasSuffix(strings.ToLower(w), "et") && !strings.ContainsAny(w, `"-`) {
			out[i] = w[:len(w)-2]
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// words splits a query into its words, for the suggestion.
func words(q string) []string {
	return strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// suggestSQL finds the visible titles most like the query ($1) by trigram word
// similarity (the trigram indexes of 00013_search.sql), and for each query word
// ($3) the most similar word of those titles.
const suggestSQL = `WITH cand AS (
	SELECT title FROM (
		SELECT g.title FROM groups g WHERE spor_unaccent($1) <% spor_unaccent(g.title) AND ($2 OR g.visibility = 'public')
		UNION ALL
		SELECT n.title FROM news n JOIN groups g ON g.id = n.group_id
		WHERE spor_unaccent($1) <% spor_unaccent(n.title) AND n.publish_at <= now() AND ($2 OR g.visibility = 'public')
		UNION ALL
		SELECT d.title FROM documents d JOIN groups g ON g.id = d.group_id
		WHERE spor_unaccent($1) <% spor_unaccent(d.title) AND ($2 OR g.visibility = 'public')
		UNION ALL
		SELECT e.title FROM events e JOIN groups g ON g.id = e.group_id
		WHERE spor_unaccent($1) <% spor_unaccent(e.title) AND e.status <> 'draft' AND ($2 OR (e.audience = 'public' AND g.visibility = 'public'))
		UNION ALL
		SELECT t.title FROM tracks t WHERE spor_unaccent($1) <% spor_unaccent(t.title) AND t.published
		UNION ALL
		SELECT m.title FROM track_meetings m JOIN tracks t ON t.id = m.track_id
		WHERE spor_unaccent($1) <% spor_unaccent(m.title) AND t.published
	) x ORDER BY word_similarity(spor_unaccent($1), spor_unaccent(title)) DESC, title LIMIT 5),
words AS (
	SELECT DISTINCT w FROM cand, regexp_split_to_table(lower(cand.title), '[^[:alnum:]]+') AS w WHERE char_length(w) > 1)
SELECT coalesce(string_agg(coalesce(
	(SELECT w FROM words WHERE similarity(spor_unaccent(w), spor_unaccent(x.qw)) >= 0.3
		ORDER BY similarity(spor_unaccent(w), spor_unaccent(x.qw)) DESC, w LIMIT 1), x.qw), ' ' ORDER BY x.ord), '')
FROM unnest($3::text[]) WITH ORDINALITY AS x(qw, ord)`

// suggest is a corrected query built from the words of the visible titles most
// like q, or "" when there is none or it is q itself.
func (s *Store) suggest(ctx context.Context, q string, loggedIn bool) (string, error) {
	ws := words(q)
	if len(ws) == 0 {
		return "", nil
	}
	var sug string
	if err := s.db.QueryRow(ctx, suggestSQL, q, loggedIn, ws).Scan(&sug); err != nil {
		return "", database.Wrap(err, "search: suggest")
	}
	if strings.EqualFold(sug, strings.Join(ws, " ")) {
		return "", nil
	}
	return sug, nil
}
