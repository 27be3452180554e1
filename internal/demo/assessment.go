package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// assessmentOrgs are the libraries whose staff have taken the self-assessment in the
// demo, with how many people and how confident they are per area to begin with
// (information, communication, content, safety, problem solving). Mora and Ludvika
// have too few people to be shown on their own, but count in Dalarna and the
// programme; together they are 7, so subtracting the libraries that are shown from
// Dalarna reveals no one (with Mora alone, Dalarna would have to be hidden too).
var assessmentOrgs = []struct {
	org, short string
	people     int
	base       [5]float64
}{
	{"Vejle Bibliotekerne", "vejle", 8, [5]float64{4.6, 4.2, 3.2, 4.0, 3.6}},
	{"Falu stadsbibliotek", "falun", 8, [5]float64{4.2, 4.6, 3.8, 3.4, 4.0}},
	{"Borlänge bibliotek", "borlange", 8, [5]float64{3.8, 4.0, 3.0, 4.4, 3.4}},
	{"Mora bibliotek", "mora", 4, [5]float64{4.0, 3.8, 3.4, 3.8, 3.8}},
	{"Ludvika bibliotek", "ludvika", 3, [5]float64{3.6, 4.0, 3.2, 3.6, 3.4}},
}

var demoFirstNames = []string{"Anna", "Birk", "Cecilie", "David", "Ella", "Frej", "Greta", "Hugo", "Ida", "Jonas", "Karin", "Lars"}

// assessment loads generated self-assessments over three terms (a deterministic
// random source, so every demo database looks the same), programme participation
// and Vejle's targets.
func assessment(ctx context.Context, tx pgx.Tx, d *Data) error {
	type stmt struct {
		id   int64
		area int
	}
	areaIndex := map[string]int{"information": 0, "communication": 1, "content": 2, "safety": 3, "problem_solving": 4}
	rows, err := tx.Query(ctx, `SELECT id, area FROM assessment_statements WHERE version_id = 1 ORDER BY position`)
	if err != nil {
		return fmt.Errorf("demo: assessment: %w", err)
	}
	stmts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (stmt, error) {
		var s stmt
		var area string
		err := row.Scan(&s.id, &area)
		s.area = areaIndex[area]
		return s, err
	})
	if err != nil {
		return fmt.Errorf("demo: assessment: %w", err)
	}
	rng := rand.New(rand.NewPCG(2026, 6))
	// The three half-years before the current one: aggregates are published only for
	// closed terms (see assessment's suppress), so these are what coordinators see.
	terms := lastTerms(time.Now().AddDate(0, -6, 0), 3)

	attempt := func(userID int64, at time.Time, level [5]float64) error {
		ids := make([]int64, len(stmts))
		vals := make([]int16, len(stmts))
		for i, s := range stmts {
			v := int16(level[s.area] + rng.NormFloat64()*0.9 + 0.5)
			ids[i], vals[i] = s.id, min(max(v, 1), 7)
		}
		_, err := tx.Exec(ctx, `WITH a AS (INSERT INTO assessment_attempts (user_id, version_id, started_at, completed_at)
				VALUES ($1, 1, $2::timestamptz - interval '14 minutes', $2) RETURNING id)
			INSERT INTO assessment_answers (attempt_id, statement_id, value)
			SELECT a.id, x.s, x.v FROM a, unnest($3::bigint[], $4::smallint[]) AS x(s, v)`, userID, at, ids, vals)
		return err
	}

	for oi, o := range assessmentOrgs {
		if _, ok := d.Orgs[o.org]; !ok {
			continue
		}
		for p := 0; p < o.people; p++ {
			name := demoFirstNames[(oi*3+p)%len(demoFirstNames)]
			email := strings.ToLower(name) + "." + o.short + "@example.org"
			if err := d.AddUser(ctx, tx, email, name+" "+strings.ToUpper(o.short[:1])+o.short[1:]+"sen", o.org, "staff", "da"); err != nil {
				return err
			}
			var level [5]float64
			for a := range level {
				level[a] = o.base[a] + rng.NormFloat64()*0.6
			}
			for ti, start := range terms {
				// Two people in eight skip each term, so six answer.
				if o.people > 4 && (p+ti)%4 == 0 {
					continue
				}
				if err := attempt(d.Users[email], dayIn(rng, start, false), level); err != nil {
					return fmt.Errorf("demo: assessment %s: %w", email, err)
				}
				for a := range level {
					level[a] += 0.2 + rng.Float64()*0.4 // courses help
				}
			}
		}
	}
	// Mads takes it twice, so his results show what moved.
	if id, ok := d.Users["medarbejder@example.org"]; ok {
		if err := attempt(id, dayIn(rng, terms[1], false), [5]float64{4.2, 3.8, 2.6, 4.0, 3.2}); err != nil {
			return err
		}
		if err := attempt(id, dayIn(rng, terms[2], false), [5]float64{4.8, 4.6, 3.8, 4.2, 3.8}); err != nil {
			return err
		}
	}
	if err := demoProgramme(ctx, tx, d); err != nil {
		return err
	}
	if vejle, ok := d.Orgs["Vejle Bibliotekerne"]; ok {
		_, err := tx.Exec(ctx, `INSERT INTO assessment_targets (organisation_id, area, level, updated_by)
			SELECT $1, t.area, t.level, $2 FROM unnest(ARRAY['information','communication','content','safety','problem_solving'],
				ARRAY[5.5, 5.5, 5.0, 6.0, 5.0]::numeric[]) AS t(area, level)`, vejle, d.Users["koordinator@example.org"])
		if err != nil {
			return fmt.Errorf("demo: assessment targets: %w", err)
		}
	}
	return nil
}

// demoProgramme lets the demo libraries take part in the programmes already loaded;
// without any, it adds the Danish competence project the seed pages describe.
func demoProgramme(ctx context.Context, tx pgx.Tx, d *Data) error {
	var ids []int64
	rows, err := tx.Query(ctx, `SELECT id FROM programmes ORDER BY id LIMIT 3`)
	if err == nil {
		ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	}
	if err != nil {
		return fmt.Errorf("demo: assessment programmes: %w", err)
	}
	if len(ids) == 0 {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO programmes (slug, title, summary, funder, coordinator_org, lang)
			VALUES ('digitalt-kompetenceloeft-folkebibliotekerne', 'Digitalt kompetenceløft på folkebibliotekerne',
				'Medarbejdernes digitale kompetencer og det digitale lederskab på folkebibliotekerne, med analyse, gap-analyse og pilotuddannelse.',
				'KL og Forbundet Kultur og Information', 'KL – Kommunernes Landsforening', 'da') RETURNING id`).Scan(&id)
		if err != nil {
			return fmt.Errorf("demo: assessment programme: %w", err)
		}
		d.Programmes["digitalt-kompetenceloeft-folkebibliotekerne"] = id
		ids = []int64{id}
	}
	var orgs []int64
	for _, o := range assessmentOrgs {
		if id, ok := d.Orgs[o.org]; ok {
			orgs = append(orgs, id)
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO programme_organisations (programme_id, organisation_id)
		SELECT p, o FROM unnest($1::bigint[]) p, unnest($2::bigint[]) o ON CONFLICT DO NOTHING`, ids, orgs)
	if err != nil {
		return fmt.Errorf("demo: assessment programme members: %w", err)
	}
	return nil
}

// lastTerms returns the first day of the n half-years up to and including now's.
func lastTerms(now time.Time, n int) []time.Time {
	month := time.January
	if now.Month() > time.June {
		month = time.July
	}
	cur := time.Date(now.Year(), month, 1, 9, 0, 0, 0, time.UTC)
	out := make([]time.Time, n)
	for i := range out {
		out[n-1-i] = cur.AddDate(0, -6*i, 0)
	}
	return out
}

// dayIn picks a working day in the term starting at start; in the current term,
// one that has passed.
func dayIn(rng *rand.Rand, start time.Time, current bool) time.Time {
	span := 150
	if current {
		span = int(time.Since(start).Hours()/24) - 1
	}
	if span < 8 {
		return time.Now().Add(-time.Hour)
	}
	return start.AddDate(0, 0, 7+rng.IntN(max(span-7, 1))).Add(time.Duration(rng.IntN(7*60)) * time.Minute)
}
