package assessment

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// scopesSQL lists the scopes a user may see: admins ($2) every organisation,
// municipality, region and programme; a coordinator their own organisation, its
// municipality and region, and the programmes of the groups they coordinate.
const scopesSQL = `WITH own AS (SELECT o.* FROM organisations o WHERE $2 OR o.id = (SELECT organisation_id FROM users WHERE id = $1))
	SELECT 'organisation', id::text, name, 1 FROM own
	UNION ALL SELECT DISTINCT 'municipality', municipality, municipality, 2 FROM own WHERE municipality <> ''
	UNION ALL SELECT DISTINCT 'region', region, region, 3 FROM own WHERE region <> ''
	UNION ALL SELECT 'programme', p.id::text, p.title, 4 FROM programmes p
		WHERE $2 OR p.id IN (SELECT g.programme_id FROM group_coordinators gc JOIN groups g ON g.id = gc.group_id WHERE gc.user_id = $1)
	ORDER BY 4, 3`

// termSQL is the half-year of a completed attempt, in the Nordic time zone.
const termSQL = `(extract(year FROM at.completed_at AT TIME ZONE 'Europe/Copenhagen')::int * 2 +
	CASE WHEN extract(month FROM at.completed_at AT TIME ZONE 'Europe/Copenhagen') > 6 THEN 1 ELSE 0 END)`

// statsSQL aggregates each person's latest attempt within each term, per area: how
// many different people, the mean, and how many answers gave each scale value.
// %s is the condition choosing the people (on users u and organisations o, $1).
const statsSQL = `WITH latest AS (
		SELECT DISTINCT ON (at.user_id, ` + termSQL + `) at.id, at.user_id, ` + termSQL + ` AS term
		FROM assessment_attempts at JOIN users u ON u.id = at.user_id JOIN organisations o ON o.id = u.organisation_id
		WHERE %s
		ORDER BY at.user_id, ` + termSQL + `, at.completed_at DESC, at.id DESC)
	SELECT l.term, s.area, count(DISTINCT l.user_id)::int, avg(x.value)::float8,
		count(*) FILTER (WHERE x.value = 1)::int, count(*) FILTER (WHERE x.value = 2)::int,
		count(*) FILTER (WHERE x.value = 3)::int, count(*) FILTER (WHERE x.value = 4)::int,
		count(*) FILTER (WHERE x.value = 5)::int, count(*) FILTER (WHERE x.value = 6)::int,
		count(*) FILTER (WHERE x.value = 7)::int
	FROM latest l JOIN assessment_answers x ON x.attempt_id = l.id JOIN assessment_statements s ON s.id = x.statement_id
	GROUP BY l.term, s.area ORDER BY l.term`

var scopeConditions = map[string]string{
	"organisation": `u.organisation_id = $1::bigint`,
	"municipality": `o.municipality = $1`,
	"region":       `o.region = $1`,
	"programme":    `u.organisation_id IN (SELECT organisation_id FROM programme_organisations WHERE programme_id = $1::bigint)`,
}

// validScope reports whether a scope's kind is known and its key well-formed.
func validScope(s model.Scope) bool {
	if _, ok := scopeConditions[s.Kind]; !ok || s.Key == "" || len(s.Key) > 200 {
		return false
	}
	if s.Kind == "organisation" || s.Kind == "programme" {
		_, err := strconv.ParseInt(s.Key, 10, 64)
		return err == nil
	}
	return true
}

// Aggregate is what /manage/assessment shows for one scope.
type Aggregate struct {
	Scopes  []model.Scope // what the user may see
	Stats   []model.AreaStat
	Targets []model.Target
}

// Allowed returns the scope from the user's list (with its label), or false.
func (a Aggregate) Allowed(s model.Scope) (model.Scope, bool) {
	for _, x := range a.Scopes {
		if x.Kind == s.Kind && x.Key == s.Key {
			return x, true
		}
	}
	return s, false
}

// Aggregate loads the user's scopes, the stats of scope and its targets in one round
// trip. The caller must check Allowed before showing anything. Stats below
// model.MinRespondents are blanked here, so their numbers never reach a page or a file.
func (s *Store) Aggregate(ctx context.Context, u *model.User, scope model.Scope) (Aggregate, error) {
	var a Aggregate
	if !validScope(scope) {
		return a, fmt.Errorf("assessment: scope %q: %w", scope.Param(), database.ErrNotFound)
	}
	var b pgx.Batch
	b.Queue(scopesSQL, u.ID, u.IsAdmin()).Query(func(rows pgx.Rows) error {
		var err error
		a.Scopes, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Scope, error) {
			var sc model.Scope
			var order int
			return sc, row.Scan(&sc.Kind, &sc.Key, &sc.Label, &order)
		})
		return err
	})
	b.Queue(fmt.Sprintf(statsSQL, scopeConditions[scope.Kind]), scope.Key).Query(func(rows pgx.Rows) error {
		var err error
		a.Stats, err = pgx.CollectRows(rows, scanStat)
		return err
	})
	if scope.HasTargets() {
		col := "organisation_id"
		if scope.Kind == "programme" {
			col = "programme_id"
		}
		b.Queue(`SELECT area, level::float8 FROM assessment_targets WHERE `+col+` = $1::bigint`, scope.Key).Query(func(rows pgx.Rows) error {
			var err error
			a.Targets, err = pgx.CollectRows(rows, pgx.RowToStructByPos[model.Target])
			return err
		})
	}
	if err := s.db.SendBatch(ctx, &b).Close(); err != nil {
		return a, database.Wrap(err, "assessment: aggregate")
	}
	if err := s.suppress(ctx, &a, scope, time.Now()); err != nil {
		return a, err
	}
	slices.SortStableFunc(a.Stats, func(x, y model.AreaStat) int {
		if x.Term != y.Term {
			return int(x.Term) - int(y.Term)
		}
		return slices.Index(model.Areas, x.Area) - slices.Index(model.Areas, y.Area)
	})
	return a, nil
}

func scanStat(row pgx.CollectableRow) (model.AreaStat, error) {
	var st model.AreaStat
	d := &st.Dist
	err := row.Scan(&st.Term, &st.Area, &st.Respondents, &st.Mean, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6])
	st.Shown = true
	if st.Respondents < model.MinRespondents {
		withhold(&st, "assessment.too_few")
	}
	return st, err
}

// withhold hides a stat's numbers, giving why.
func withhold(st *model.AreaStat, why string) {
	if !st.Shown {
		return
	}
	st.Shown, st.Withheld = false, why
	st.Mean, st.Dist = 0, [model.ScaleMax]int{}
}

// SaveTargets replaces the targets of an organisation or programme scope; areas
// missing from targets have none afterwards.
func (s *Store) SaveTargets(ctx context.Context, scope model.Scope, targets []model.Target, by int64) error {
	if !scope.HasTargets() || !validScope(scope) {
		return fmt.Errorf("assessment: targets for %q: %w", scope.Param(), database.ErrNotFound)
	}
	col := "organisation_id"
	if scope.Kind == "programme" {
		col = "programme_id"
	}
	areas := make([]string, len(targets))
	levels := make([]float64, len(targets))
	for i, t := range targets {
		areas[i], levels[i] = t.Area, t.Level
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM assessment_targets WHERE `+col+` = $1::bigint`, scope.Key); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO assessment_targets (`+col+`, area, level, updated_by)
			SELECT $1::bigint, t.area, t.level, $4 FROM unnest($2::text[], $3::float8[]) AS t(area, level)`, scope.Key, areas, levels, by)
		return err
	})
	return database.Wrap(err, "assessment: save targets")
}
