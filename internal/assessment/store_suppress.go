package assessment

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// Two rules keep k ≥ model.MinRespondents true against subtraction, not only cell
// by cell:
//
//   - Nested scopes: a viewer who sees a municipality and an organisation in it can
//     subtract one from the other. A term of the requested scope is withheld when
//     another scope the viewer may see holds a subset or a superset of its people
//     (for that term) and the two differ by 1 to MinRespondents-1 people. The rule
//     is symmetric, so when the viewer opens the other scope, that one is withheld.
//   - Time: a term's figures are published only once the term has ended. A cell that
//     is still collecting answers would change by exactly one person's contribution
//     between two views; a closed term never changes.

// termPeopleSQL lists, per term, the people of the scope (%s, on users u and
// organisations o, $1) with where they belong: organisation, municipality, region
// and programmes.
const termPeopleSQL = `WITH latest AS (
		SELECT DISTINCT ON (at.user_id, ` + termSQL + `) at.user_id, ` + termSQL + ` AS term
		FROM assessment_attempts at JOIN users u ON u.id = at.user_id JOIN organisations o ON o.id = u.organisation_id
		WHERE %s
		ORDER BY at.user_id, ` + termSQL + `)
	SELECT l.term, u.organisation_id::text, o.municipality, o.region,
		ARRAY(SELECT po.programme_id::text FROM programme_organisations po WHERE po.organisation_id = o.id)
	FROM latest l JOIN users u ON u.id = l.user_id JOIN organisations o ON o.id = u.organisation_id`

// termCountSQL counts the different people of a scope per term.
const termCountSQL = `SELECT ` + termSQL + `, count(DISTINCT at.user_id)::int
	FROM assessment_attempts at JOIN users u ON u.id = at.user_id JOIN organisations o ON o.id = u.organisation_id
	WHERE %s GROUP BY 1`

// currentTerm is the term still open at now, in the zone terms are counted in.
func currentTerm(now time.Time) model.HalfYear {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		loc = time.UTC
	}
	return model.HalfYearOf(now.In(loc))
}

// suppress applies both rules to a.Stats of scope for a viewer who sees a.Scopes.
func (s *Store) suppress(ctx context.Context, a *Aggregate, scope model.Scope, now time.Time) error {
	open := currentTerm(now)
	for i := range a.Stats {
		if a.Stats[i].Term >= open {
			withhold(&a.Stats[i], "assessment.term_open")
		}
	}
	// People of the scope per term, and how many of them each related scope holds.
	type key struct {
		scope model.Scope
		term  model.HalfYear
	}
	own := map[model.HalfYear]int{}
	inter := map[key]int{}
	visible := map[model.Scope]bool{}
	for _, v := range a.Scopes {
		visible[model.Scope{Kind: v.Kind, Key: v.Key}] = true
	}
	rows, err := s.db.Query(ctx, fmt.Sprintf(termPeopleSQL, scopeConditions[scope.Kind]), scope.Key)
	if err != nil {
		return database.Wrap(err, "assessment: scope people")
	}
	var term model.HalfYear
	var org, muni, region string
	var progs []string
	_, err = pgx.ForEachRow(rows, []any{&term, &org, &muni, &region, &progs}, func() error {
		own[term]++
		related := []model.Scope{{Kind: "organisation", Key: org}, {Kind: "municipality", Key: muni}, {Kind: "region", Key: region}}
		for _, p := range progs {
			related = append(related, model.Scope{Kind: "programme", Key: p})
		}
		for _, r := range related {
			if visible[r] && r != (model.Scope{Kind: scope.Kind, Key: scope.Key}) {
				inter[key{r, term}]++
			}
		}
		return nil
	})
	if err != nil {
		return database.Wrap(err, "assessment: scope people")
	}
	// Each related scope's own size per term.
	others := map[model.Scope]bool{}
	for k := range inter {
		others[k.scope] = true
	}
	total := map[key]int{}
	var b pgx.Batch
	for o := range others {
		o := o
		b.Queue(fmt.Sprintf(termCountSQL, scopeConditions[o.Kind]), o.Key).Query(func(rows pgx.Rows) error {
			var t model.HalfYear
			var n int
			_, err := pgx.ForEachRow(rows, []any{&t, &n}, func() error {
				total[key{o, t}] = n
				return nil
			})
			return err
		})
	}
	if b.Len() > 0 {
		if err := s.db.SendBatch(ctx, &b).Close(); err != nil {
			return database.Wrap(err, "assessment: related scopes")
		}
	}
	hide := map[model.HalfYear]bool{}
	// Organisations, municipalities and regions each split people into disjoint
	// parts, so a viewer may subtract all the parts they see at once: what is left
	// of this scope after its visible parts of one kind must be 0 or at least
	// MinRespondents people too. Parts of 5 or more count as visible even if another
	// rule hides them, which can only hide more.
	type kindTerm struct {
		kind string
		term model.HalfYear
	}
	parts := map[kindTerm]int{}
	for k, in := range inter {
		if m := total[k]; m >= model.MinRespondents && in == m && k.scope.Kind != "programme" && k.scope.Kind != scope.Kind {
			parts[kindTerm{k.scope.Kind, k.term}] += m
		}
	}
	for k, sum := range parts {
		if rest := own[k.term] - sum; rest > 0 && rest < model.MinRespondents {
			hide[k.term] = true
		}
	}
	for k, in := range inter {
		n, m := own[k.term], total[k]
		if m < model.MinRespondents {
			continue // the other scope shows nothing for this term
		}
		var diff int
		switch {
		case in == m: // the other scope lies inside this one
			diff = n - m
		case in == n: // this scope lies inside the other
			diff = m - n
		default:
			continue // overlapping, neither inside the other: no cell to subtract
		}
		if diff > 0 && diff < model.MinRespondents {
			hide[k.term] = true
		}
	}
	for i := range a.Stats {
		if hide[a.Stats[i].Term] {
			withhold(&a.Stats[i], "assessment.complement")
		}
	}
	return nil
}
