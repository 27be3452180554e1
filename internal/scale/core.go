package scale

import (
	"context"
	"fmt"
)

var steps = []step{
	{"organisations", loadOrganisations},
	{"users", loadUsers},
	{"programmes", loadProgrammes},
	{"groups", loadGroups},
	{"follows", loadFollows},
	{"contacts and news", loadGroupContent},
	{"documents", loadDocuments},
	{"events", loadEvents},
	{"registrations", loadRegistrations},
	{"tracks", loadTracks},
	{"assessment attempts", loadAttempts},
	{"assessment answers", loadAnswers},
	{"programme organisations, targets", loadTargets},
	{"learning resources and parts", loadLearning},
	{"learning progress", loadLearningProgress},
}

var countries = []string{"DK", "SE", "NO", "FI"}

var kinds = []string{"public_library", "public_library", "public_library", "public_library", "central_library", "regional_library"}

func loadOrganisations(ctx context.Context, l *loader) (int64, error) {
	rows := make([][]any, l.sizes.Organisations)
	for i := range rows {
		c := countries[i%len(countries)]
		rows[i] = []any{fmt.Sprintf("Bibliotek %s-%04d", c, i+1), kinds[l.rnd.IntN(len(kinds))], c,
			fmt.Sprintf("Kommune %s-%03d", c, i/3+1), fmt.Sprintf("Region %s-%d", c, i%5+1)}
	}
	n, err := l.copyRows(ctx, "organisations", []string{"name", "kind", "country", "municipality", "region"}, rows)
	if err != nil {
		return 0, err
	}
	l.orgs, err = l.ids(ctx, "organisations")
	return n, err
}

func loadUsers(ctx context.Context, l *loader) (int64, error) {
	rows := make([][]any, l.sizes.Staff)
	langs := []string{"da", "sv", "en"}
	for i := range rows {
		role := "staff"
		if i%200 == 1 {
			role = "coordinator"
		}
		if i == 0 {
			role = "admin"
		}
		token := fmt.Sprintf("%016x%016x%016x%016x", l.rnd.Uint64(), l.rnd.Uint64(), l.rnd.Uint64(), l.rnd.Uint64())
		rows[i] = []any{Email(i), fmt.Sprintf("Staff %05d", i+1), l.orgs[i%len(l.orgs)], role, langs[i%3], l.hash, token}
	}
	n, err := l.copyRows(ctx, "users", []string{"email", "name", "organisation_id", "role", "lang", "password_hash", "calendar_token"}, rows)
	if err != nil {
		return 0, err
	}
	l.users, err = l.ids(ctx, "users")
	return n, err
}

func loadProgrammes(ctx context.Context, l *loader) (int64, error) {
	rows := make([][]any, l.sizes.Programmes)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("programme-%02d", i+1), fmt.Sprintf("Programme %02d", i+1),
			"A national competence programme generated for the benchmark.", []string{"da", "sv", "nb", "fi"}[i%4]}
	}
	n, err := l.copyRows(ctx, "programmes", []string{"slug", "title", "summary", "lang"}, rows)
	if err != nil {
		return 0, err
	}
	l.progs, err = l.ids(ctx, "programmes")
	return n, err
}

func loadGroups(ctx context.Context, l *loader) (int64, error) {
	rows := make([][]any, l.sizes.Groups)
	body := "<p>A programme group generated for the benchmark, with a paragraph of text about digital competence in libraries.</p>"
	for i := range rows {
		rows[i] = []any{l.progs[i%len(l.progs)], fmt.Sprintf("group-%03d", i+1), fmt.Sprintf("Group %03d", i+1),
			"Generated group.", "Generated group.", body, []string{"da", "sv", "nb", "fi", "en"}[i%5], "public"}
	}
	n, err := l.copyRows(ctx, "groups", []string{"programme_id", "slug", "title", "summary", "body_md", "body_html", "lang", "visibility"}, rows)
	if err != nil {
		return 0, err
	}
	l.groups, err = l.ids(ctx, "groups")
	if err != nil {
		return 0, err
	}
	coords := make([][]any, 0, len(l.groups))
	for i, g := range l.groups {
		coords = append(coords, []any{g, l.users[(i*200+1)%len(l.users)]})
	}
	m, err := l.copyRows(ctx, "group_coordinators", []string{"group_id", "user_id"}, coords)
	return n + m, err
}
