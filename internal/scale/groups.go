package scale

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"
)

// The big group (the first) is followed by the first BigGroup staff; the other
// follows are spread over the other groups, a few per person.
func loadFollows(ctx context.Context, l *loader) (int64, error) {
	seen := make(map[[2]int64]bool, l.sizes.Follows)
	rows := make([][]any, 0, l.sizes.Follows)
	add := func(g, u int64) {
		if k := [2]int64{g, u}; !seen[k] {
			seen[k] = true
			rows = append(rows, []any{g, u})
		}
	}
	for i := 0; i < l.sizes.BigGroup && i < len(l.users); i++ {
		add(l.groups[0], l.users[i])
	}
	for i := 1; i <= MeGroups && i < len(l.groups); i++ {
		add(l.groups[i], l.users[Me])
	}
	for len(rows) < l.sizes.Follows && len(l.groups) > 1 {
		add(l.groups[1+l.rnd.IntN(len(l.groups)-1)], l.pick(l.users))
	}
	return l.copyRows(ctx, "group_followers", []string{"group_id", "user_id"}, rows)
}

// Two contacts and three news items per group.
func loadGroupContent(ctx context.Context, l *loader) (int64, error) {
	var contacts, news [][]any
	checked := l.now.AddDate(0, -3, 0)
	for i, g := range l.groups {
		for j := 0; j < 2; j++ {
			contacts = append(contacts, []any{g, fmt.Sprintf("Contact %d-%d", i+1, j+1), "Project lead",
				fmt.Sprintf("contact%d-%d@bench.example.org", i+1, j+1), "+45 70 00 00 00", j, checked})
		}
		for j := 0; j < 3; j++ {
			news = append(news, []any{g, fmt.Sprintf("News %d from group %d", j+1, i+1), "Short news text.",
				"<p>Short news text.</p>", l.now.AddDate(0, 0, -7*j)})
		}
	}
	n, err := l.copyRows(ctx, "contacts", []string{"group_id", "name", "role", "email", "phone", "position", "checked_on"}, contacts)
	if err != nil {
		return 0, err
	}
	m, err := l.copyRows(ctx, "news", []string{"group_id", "title", "body_md", "body_html", "publish_at"}, news)
	return n + m, err
}

// Small plain-text documents spread over the groups.
func loadDocuments(ctx context.Context, l *loader) (int64, error) {
	rows := make([][]any, l.sizes.Documents)
	for i := range rows {
		data := []byte(fmt.Sprintf("Generated document %d for the benchmark.\n", i+1))
		sum := sha256.Sum256(data)
		rows[i] = []any{l.groups[i%len(l.groups)], fmt.Sprintf("Document %d", i+1), fmt.Sprintf("document-%d.txt", i+1),
			"text/plain; charset=utf-8", int64(len(data)), fmt.Sprintf("%x", sum), data, l.now.Add(-time.Duration(i) * time.Hour)}
	}
	return l.copyRows(ctx, "documents", []string{"group_id", "title", "filename", "content_type", "size", "sha256", "data", "created_at"}, rows)
}
