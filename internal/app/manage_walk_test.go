package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"spor/internal/demo"
	"spor/internal/testutil"
)

// seeded holds real ids of the demo's records, one of each kind a /manage route
// can name, all owned by someone other than the users under test.
type seeded struct {
	ids        map[string]int64 // "groups", "events", ... → the {id} under /manage/<section>/
	params     map[string]int64 // {cid}, {did}, {nid}, {reg}, {mid}, {fid}
	group      int64
	track      int64
	groupTitle string
	trackTitle string
}

func seedManaged(t *testing.T, srv *testutil.Server) seeded {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	s := seeded{ids: map[string]int64{}, params: map[string]int64{}}
	var cid, did, nid, eid, reg, tid, mid, fid, alert, org, prog, user int64
	err := srv.DB.QueryRow(ctx, `SELECT g.id,
			(SELECT min(id) FROM contacts WHERE group_id = g.id), (SELECT min(id) FROM documents WHERE group_id = g.id),
			(SELECT min(id) FROM news WHERE group_id = g.id), e.id, (SELECT min(id) FROM event_registrations WHERE event_id = e.id)
		FROM groups g JOIN events e ON e.group_id = g.id
		WHERE EXISTS (SELECT 1 FROM contacts WHERE group_id = g.id) AND EXISTS (SELECT 1 FROM documents WHERE group_id = g.id)
			AND EXISTS (SELECT 1 FROM news WHERE group_id = g.id) AND EXISTS (SELECT 1 FROM event_registrations WHERE event_id = e.id)
		ORDER BY g.id, e.id LIMIT 1`).Scan(&s.group, &cid, &did, &nid, &eid, &reg)
	if err != nil {
		t.Fatalf("demo has no group with contacts, documents, news and an event with registrations: %v", err)
	}
	err = srv.DB.QueryRow(ctx, `SELECT t.id, m.id, f.id FROM track_material_files f
		JOIN track_meetings m ON m.id = f.meeting_id JOIN tracks t ON t.id = m.track_id ORDER BY f.id LIMIT 1`).Scan(&tid, &mid, &fid)
	if err != nil {
		t.Fatalf("demo has no track with an uploaded material: %v", err)
	}
	err = srv.DB.QueryRow(ctx, `SELECT (SELECT min(id) FROM alerts), (SELECT min(id) FROM organisations),
		(SELECT min(id) FROM programmes), (SELECT min(id) FROM users WHERE role = 'admin')`).Scan(&alert, &org, &prog, &user)
	if err != nil {
		t.Fatal(err)
	}
	var invitation, mail int64
	err = srv.DB.QueryRow(ctx, `WITH i AS (INSERT INTO account_tokens (kind, token_hash, email, organisation_id, expires_at)
			VALUES ('invite', sha256('walk'::bytea), 'walk@example.org', $1, now() + interval '14 days') RETURNING id),
		m AS (INSERT INTO mailbox (recipient, subject, text_body, html_body, raw)
			VALUES ('walk@example.org', 'Walk', 'text', '<p>html</p>', 'raw') RETURNING id)
		SELECT i.id, m.id FROM i, m`, org).Scan(&invitation, &mail)
	if err != nil {
		t.Fatal(err)
	}
	s.track = tid
	s.ids = map[string]int64{"groups": s.group, "events": eid, "tracks": tid, "alerts": alert,
		"organisations": org, "programmes": prog, "users": user, "invitations": invitation, "mail": mail}
	s.params = map[string]int64{"cid": cid, "did": did, "nid": nid, "reg": reg, "mid": mid, "fid": fid}
	return s
}

var param = regexp.MustCompile(`\{(\w+)\}`)

// fill substitutes the seeded records' ids for a route's URL parameters; ok is false
// when the route has none (it names no record).
func (s seeded) fill(t *testing.T, route string) (path string, ok bool) {
	section := strings.Split(strings.TrimPrefix(route, "/manage/"), "/")[0]
	path = param.ReplaceAllStringFunc(route, func(m string) string {
		name := m[1 : len(m)-1]
		ok = true
		if name == "id" {
			if id, found := s.ids[section]; found {
				return fmt.Sprint(id)
			}
		} else if id, found := s.params[name]; found {
			return fmt.Sprint(id)
		}
		t.Fatalf("route %s: no seeded record for %s; add one to seedManaged", route, m)
		return ""
	})
	return path, ok
}

// TestEveryManageRouteIsGated walks every route under /manage, so a route added
// tomorrow is checked the day it is added: anonymous visitors go to the login page,
// staff (and a coordinator demoted to staff who is still listed on the records) get
// 403 everywhere, and a coordinator of nothing gets 403 on every route that names a
// record and is never offered a link to manage it elsewhere.
func TestEveryManageRouteIsGated(t *testing.T) {
	srv := testutil.NewServer(t)
	s := seedManaged(t, srv)
	ctx := context.Background()
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	unrelated := testutil.CreateUser(t, srv.DB, "coordinator", "Kolding Bibliotekerne")
	demoted := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	if _, err := srv.DB.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2)`, s.group, demoted.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Exec(ctx, `INSERT INTO track_coordinators (track_id, user_id) VALUES ($1, $2)`, s.track, demoted.ID); err != nil {
		t.Fatal(err)
	}
	clients := map[string]*testutil.Client{"anonymous": srv.Client(t)}
	for name, u := range map[string]testutil.User{"staff": staff, "unrelated coordinator": unrelated, "demoted coordinator": demoted} {
		c := srv.Client(t)
		c.Login(u.Email)
		clients[name] = c
	}
	// Demoted while signed in, behind the admin's back (straight in the database, so
	// the assignments stay): the role alone must now refuse.
	if _, err := srv.DB.Exec(ctx, `UPDATE users SET role = 'staff' WHERE id = $1`, demoted.ID); err != nil {
		t.Fatal(err)
	}
	admin := srv.Client(t)
	admin.Login(testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek").Email)

	type route struct{ method, pattern string }
	var routes []route
	err := chi.Walk(srv.App.Handler.(chi.Routes), func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasPrefix(pattern, "/manage") {
			routes = append(routes, route{method, pattern})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) < 50 {
		t.Fatalf("walked only %d routes under /manage", len(routes))
	}
	do := func(c *testutil.Client, method, path string) testutil.Response {
		if method == http.MethodGet {
			return c.Get(path)
		}
		return c.Post(path, url.Values{})
	}
	for _, rt := range routes {
		path, namesRecord := s.fill(t, rt.pattern)
		t.Run(rt.method+" "+rt.pattern, func(t *testing.T) {
			if res := do(clients["anonymous"], rt.method, path); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
				t.Errorf("anonymous: %d %q, want the login page", res.Status, res.Header.Get("Location"))
			}
			for _, who := range []string{"staff", "demoted coordinator"} {
				if res := do(clients[who], rt.method, path); res.Status != http.StatusForbidden {
					t.Errorf("%s: %d, want 403", who, res.Status)
				}
			}
			res := do(clients["unrelated coordinator"], rt.method, path)
			switch {
			case namesRecord && res.Status != http.StatusForbidden:
				t.Errorf("unrelated coordinator on another's record: %d, want 403", res.Status)
			case res.Status >= 500:
				t.Errorf("unrelated coordinator: %d", res.Status)
			case res.Status < 300: // the coordinator's own scope: nothing of another's
				for _, sec := range []string{"groups", "events", "tracks"} {
					link := fmt.Sprintf("/manage/%s/%d", sec, s.ids[sec])
					if strings.Contains(res.Body, link+`"`) || strings.Contains(res.Body, link+"/") {
						t.Errorf("unrelated coordinator (%d) is offered %s", res.Status, link)
					}
				}
			}
			// The substitution named real records: the admin reaches every page.
			if rt.method == http.MethodGet {
				res := admin.Get(path)
				if (namesRecord && res.Status != http.StatusOK) || res.Status == http.StatusForbidden || res.Status >= 500 {
					t.Errorf("admin: %d (is the seeded id right?)", res.Status)
				}
			}
		})
	}
}
