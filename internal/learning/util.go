package learning

import (
	"sort"
	"time"

	"spor/internal/model"
)

// sortFacets orders programme facets by title.
func sortFacets(list []model.FacetCount) {
	sort.Slice(list, func(i, j int) bool { return list[i].Label < list[j].Label })
}

func nullDate(t time.Time) *time.Time {
	if t.IsZero() || t.Year() <= 1 {
		return nil
	}
	return &t
}

func sortedKeys(errs model.Errors) []string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
