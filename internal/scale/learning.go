package scale

import (
	"context"
	"fmt"
	"time"
)

// MeProgress is how many resources the Me user has on their learning record.
const MeProgress = 100

// coursePartCount is how many parts every tenth resource (a course) has.
const coursePartCount = 8

var (
	learningKinds  = []string{"video", "podcast", "article", "webinar", "book", "exercise"}
	learningLangs  = []string{"da", "sv", "en", "nb", "fi"}
	learningLevels = []string{"introductory", "intermediate", "advanced"}
	learningAreas  = []string{"information", "communication", "content", "safety", "problem_solving"}
)

// loadLearning makes sizes.Resources catalogue resources across kinds, languages,
// levels, areas and programmes; every tenth is a course of coursePartCount parts.
func loadLearning(ctx context.Context, l *loader) (int64, error) {
	n, err := l.copyFunc(ctx, "learning_resources", []string{"slug", "kind", "title", "summary", "url", "lang", "duration_minutes",
		"level", "areas", "programme_id", "visibility", "published_on", "link_status", "created_at", "updated_at"},
		l.sizes.Resources, func(i int) []any {
			kind := learningKinds[i%len(learningKinds)]
			if i%10 == 0 {
				kind = "course"
			}
			areas := []string{learningAreas[i%5]}
			if i%3 == 0 {
				areas = append(areas, learningAreas[(i+2)%5])
			}
			visibility := "public"
			if i%7 == 0 {
				visibility = "staff"
			}
			status := int32(200)
			if i%50 == 0 {
				status = 404
			}
			return []any{fmt.Sprintf("resource-%05d", i+1), kind, fmt.Sprintf("Learning resource %05d", i+1),
				"Material for library staff, generated for the benchmark.", fmt.Sprintf("https://example.org/learning/%d", i+1),
				learningLangs[i%len(learningLangs)], int32(5 + (i*37)%240), learningLevels[i%3], areas,
				l.progs[i%len(l.progs)], visibility, l.now.AddDate(0, 0, -i%700), status, l.now, l.now}
		})
	if err != nil {
		return n, err
	}
	if l.resources, err = l.ids(ctx, "learning_resources"); err != nil {
		return n, err
	}
	var courses []int64
	for i, id := range l.resources {
		if i%10 == 0 {
			courses = append(courses, id)
		}
	}
	parts, err := l.copyFunc(ctx, "learning_parts", []string{"course_id", "position", "title", "kind", "duration_minutes"},
		len(courses)*coursePartCount, func(i int) []any {
			return []any{courses[i/coursePartCount], int32(i%coursePartCount + 1), fmt.Sprintf("Part %d", i%coursePartCount+1),
				[]string{"video", "podcast"}[i%2], int32(10 + i%25)}
		})
	if err != nil {
		return n + parts, err
	}
	_, err = l.db.Exec(ctx, `UPDATE learning_resources r SET duration_minutes = p.total
		FROM (SELECT course_id, sum(duration_minutes) AS total FROM learning_parts GROUP BY course_id) p WHERE p.course_id = r.id`)
	return n + parts, err
}

// loadLearningProgress puts sizes.Progress resources on people's learning records
// (distinct per person), MeProgress of them on the Me user's.
func loadLearningProgress(ctx context.Context, l *loader) (int64, error) {
	R := len(l.resources)
	states := []string{"saved", "in_progress", "done"}
	others := l.sizes.Progress - MeProgress
	// Spread the others over every user but Me, perUser each (rounded up, so the
	// last user index stays in range), each user's resources distinct.
	perUser := max(1, (others+len(l.users)-2)/max(1, len(l.users)-1))
	return l.copyFunc(ctx, "learning_progress", []string{"user_id", "resource_id", "status", "updated_at"}, l.sizes.Progress, func(i int) []any {
		if i < MeProgress {
			return []any{l.users[Me], l.resources[(i*7)%R], states[i%3], l.now.Add(-timeHours(i))}
		}
		k := i - MeProgress
		u := k / perUser
		if u >= Me {
			u++
		}
		return []any{l.users[u], l.resources[(u*31+k%perUser)%R], states[k%3], l.now.Add(-timeHours(k % 5000))}
	})
}

func timeHours(h int) time.Duration { return time.Duration(h) * time.Hour }
