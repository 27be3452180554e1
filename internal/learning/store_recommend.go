package learning

import (
	"context"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// RecommendPerArea is how many resources the results page lists per weak area.
const RecommendPerArea = 5

// Recommend returns material for each of areas (in their order): resources tagged
// with the area or with one of the weak statements of that area, that the user can
// see and has not done, in lang first, then shortest first (unknown length last).
// One round trip.
func (s *Store) Recommend(ctx context.Context, userID int64, lang string, areas []string, statements []int64) ([]model.AreaMaterial, error) {
	out := make([]model.AreaMaterial, len(areas))
	at := map[string]int{}
	for i, a := range areas {
		out[i].Area = a
		at[a] = i
	}
	if len(areas) == 0 {
		return out, nil
	}
	rows, err := s.db.Query(ctx, `SELECT `+resourceColumns+`, a.area
		FROM unnest($2::text[]) WITH ORDINALITY a(area, ord)
		CROSS JOIN LATERAL (
			SELECT r.* FROM learning_resources r
			WHERE NOT r.archived AND (r.visibility = 'public' OR $1 <> 0)
				AND (r.areas @> ARRAY[a.area] OR EXISTS (SELECT 1 FROM learning_resource_statements ls
					JOIN assessment_statements st ON st.id = ls.statement_id
					WHERE ls.resource_id = r.id AND ls.statement_id = ANY($3) AND st.area = a.area))
				AND NOT EXISTS (SELECT 1 FROM learning_progress lp WHERE lp.user_id = $1 AND lp.resource_id = r.id AND lp.status = 'done')
			ORDER BY (r.lang = $4) DESC, (r.duration_minutes = 0), r.duration_minutes, r.title
			LIMIT $5) r
		LEFT JOIN organisations o ON o.id = r.provider_org_id
		LEFT JOIN programmes p ON p.id = r.programme_id
		ORDER BY a.ord, (r.lang = $4) DESC, (r.duration_minutes = 0), r.duration_minutes, r.title`,
		userID, areas, statements, lang, RecommendPerArea)
	if err != nil {
		return nil, database.Wrap(err, "learning: recommend")
	}
	defer rows.Close()
	for rows.Next() {
		var area string
		var r model.LearningResource
		if err := scanResource(rows, &r, &area); err != nil {
			return nil, database.Wrap(err, "learning: recommend")
		}
		i := at[area]
		out[i].Resources = append(out[i].Resources, r)
	}
	return out, database.Wrap(rows.Err(), "learning: recommend")
}

// MaterialCounts counts the live material per DigComp area (every area present,
// 0 where the catalogue has none), for the coordinators' aggregates.
func (s *Store) MaterialCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, a := range model.Areas {
		out[a] = 0
	}
	rows, err := s.db.Query(ctx, `SELECT a, count(*) FROM learning_resources r, unnest(r.areas) a WHERE NOT r.archived GROUP BY a`)
	if err != nil {
		return nil, database.Wrap(err, "learning: material counts")
	}
	var area string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&area, &n}, func() error { out[area] = n; return nil })
	return out, database.Wrap(err, "learning: material counts")
}
