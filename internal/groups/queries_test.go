package groups_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/testutil"
)

// fill gives the group n followers (spread over 40 organisations) and n contacts,
// news items and documents.
func fill(t *testing.T, db *pgxpool.Pool, groupID int64, n int) {
	t.Helper()
	ctx := context.Background()
	stmts := []string{
		`INSERT INTO organisations (name, kind, country) SELECT 'Bibliotek ' || i, 'public_library', 'DK' FROM generate_series(1, 40) i ON CONFLICT DO NOTHING`,
		`INSERT INTO users (email, name, organisation_id, password_hash)
			SELECT 'g' || $1::bigint || '-' || i || '@example.org', 'Person ' || i, (SELECT id FROM organisations WHERE name = 'Bibliotek ' || (i % 40 + 1)), 'x'
			FROM generate_series(1, $2) i`,
		`INSERT INTO group_followers (group_id, user_id) SELECT $1, id FROM users WHERE email LIKE 'g' || $1::bigint || '-%'`,
		`INSERT INTO contacts (group_id, name, email) SELECT $1, 'Kontakt ' || i, 'k' || i || '@example.org' FROM generate_series(1, $2) i`,
		`INSERT INTO news (group_id, title, body_html) SELECT $1, 'Nyhed ' || i, '<p>x</p>' FROM generate_series(1, $2) i`,
		`INSERT INTO documents (group_id, title, filename, content_type, size, sha256, data)
			SELECT $1, 'Dok ' || i, 'd.txt', 'text/plain; charset=utf-8', 1, encode(sha256(i::text::bytea), 'hex'), i::text::bytea FROM generate_series(1, $2) i`,
	}
	for i, s := range stmts {
		var args []any
		switch i {
		case 0:
		case 2:
			args = []any{groupID}
		default:
			args = []any{groupID, n}
		}
		if _, err := db.Exec(ctx, s, args...); err != nil {
			t.Fatalf("fill %d: %v", i, err)
		}
	}
}

func TestGroupPageQueryCountDoesNotGrow(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	small := testutil.CreateGroup(t, srv.DB, "small", "public", coord.ID)
	large := testutil.CreateGroup(t, srv.DB, "large", "public", coord.ID)
	fill(t, srv.DB, small, 5)
	fill(t, srv.DB, large, 500)
	logged := srv.Client(t)
	logged.Login(coord.Email)
	for _, c := range []struct {
		name   string
		client *testutil.Client
	}{{"anonymous", srv.Client(t)}, {"coordinator", logged}} {
		t.Run(c.name, func(t *testing.T) {
			// A first request pops the login's flash message (a session write):
			// measure pages after it.
			c.client.Get("/groups/small")
			var counts []string
			for _, slug := range []string{"small", "large"} {
				res := c.client.Get("/groups/" + slug)
				if res.Status != http.StatusOK {
					t.Fatalf("%s: status %d", slug, res.Status)
				}
				counts = append(counts, res.Header.Get("X-Spor-Queries"))
			}
			if counts[0] == "" || counts[0] != counts[1] {
				t.Errorf("queries with 5 followers and contacts: %s, with 500: %s; want the same", counts[0], counts[1])
			}
			t.Logf("group page: %s round trips", counts[0])
		})
	}
	if got := srv.Client(t).Get("/groups/large").Doc(t).Find(".followers li").Length(); got != 40 {
		t.Errorf("large group shows %d organisations, want 40", got)
	}
}
