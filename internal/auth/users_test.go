package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/testutil"
)

// userRows returns the names in the list's table.
func userRows(doc *goquery.Document) []string {
	var names []string
	doc.Find("tbody tr td:first-child").Each(func(_ int, s *goquery.Selection) { names = append(names, strings.TrimSpace(s.Text())) })
	return names
}

func TestUserListSearchFiltersAndPages(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	vejle := testutil.CreateOrg(t, srv.DB, "Vejle Bibliotekerne")
	falun := testutil.CreateOrg(t, srv.DB, "Falu stadsbibliotek")
	// 120 staff at Vejle, 3 coordinators at Falun, one of them a library contact,
	// and a name with LIKE's wildcards in it.
	if _, err := srv.DB.Exec(ctx, `INSERT INTO users (email, name, organisation_id, role, password_hash, library_contact)
		SELECT 'medarbejder' || i || '@vejle.dk', 'Vejle Medarbejder ' || lpad(i::text, 3, '0'), $1::bigint, 'staff', 'x', false FROM generate_series(1, 120) i
		UNION ALL SELECT 'samordnare' || i || '@falun.se', 'Samordnare Dalarna ' || i, $2::bigint, 'coordinator', 'x', i = 2 FROM generate_series(1, 3) i
		UNION ALL SELECT 'procent@falun.se', 'Hundra_Procent%', $2, 'staff', 'x', false`, vejle, falun); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(admin.Email)
	get := func(query string) *goquery.Document {
		t.Helper()
		res := c.Get("/manage/users?lang=en&" + query)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", query, res.Status)
		}
		return res.Doc(t)
	}
	count := func(doc *goquery.Document) string { return strings.TrimSpace(doc.Find("#users-count").Text()) }

	t.Run("50 a page, with the count and a next link that keeps the filter", func(t *testing.T) {
		doc := get("org=" + itoa(vejle))
		if rows := userRows(doc); len(rows) != 50 || rows[0] != "Vejle Medarbejder 001" {
			t.Fatalf("page 1: %d rows, first %q", len(rows), rows[0])
		}
		if count(doc) != "120 users" {
			t.Errorf("count %q", count(doc))
		}
		next, _ := doc.Find(`a[rel=next]`).Attr("href")
		u, _ := url.Parse(next)
		if u.Query().Get("org") != itoa(vejle) || u.Query().Get("page") != "2" {
			t.Fatalf("next link %q", next)
		}
		last := get("org=" + itoa(vejle) + "&page=3")
		if rows := userRows(last); len(rows) != 20 || rows[19] != "Vejle Medarbejder 120" {
			t.Errorf("page 3: %d rows", len(rows))
		}
		if last.Find(`a[rel=prev]`).Length() != 1 || last.Find(`a[rel=next]`).Length() != 0 {
			t.Error("the last page's links are wrong")
		}
	})
	t.Run("search finds part of a name or an email, any case", func(t *testing.T) {
		if rows := userRows(get("q=DALARNA")); len(rows) != 3 {
			t.Errorf("by name: %q", rows)
		}
		if rows := userRows(get("q=" + url.QueryEscape("medarbejder7@"))); len(rows) != 1 || rows[0] != "Vejle Medarbejder 007" {
			t.Errorf("by email: %q", rows)
		}
	})
	t.Run("wildcards are searched for literally", func(t *testing.T) {
		if rows := userRows(get("q=" + url.QueryEscape("_Procent%"))); len(rows) != 1 {
			t.Errorf("%q", rows)
		}
		if rows := userRows(get("q=" + url.QueryEscape("%"))); len(rows) != 1 {
			t.Errorf("%% matched %d users", len(rows))
		}
	})
	t.Run("filters combine", func(t *testing.T) {
		doc := get("org=" + itoa(falun) + "&role=coordinator&contacts=on")
		if rows := userRows(doc); len(rows) != 1 || rows[0] != "Samordnare Dalarna 2" || !strings.Contains(doc.Find("tbody").Text(), "Library contact") {
			t.Errorf("%q", rows)
		}
		if rows := userRows(get("org=" + itoa(falun) + "&role=staff")); len(rows) != 1 {
			t.Errorf("staff at Falun: %q", rows)
		}
		if v, _ := doc.Find(`select[name=role] option[selected]`).Attr("value"); v != "coordinator" {
			t.Errorf("the role filter is not kept: %q", v)
		}
	})
	t.Run("an unknown role is ignored, not an error", func(t *testing.T) {
		if rows := userRows(get("role=emperor")); len(rows) != 50 {
			t.Errorf("%d rows", len(rows))
		}
	})
	t.Run("no match has an empty state and a way back", func(t *testing.T) {
		doc := get("q=nobody-here")
		if len(userRows(doc)) != 0 || !strings.Contains(doc.Find(".empty").Text(), "No users match") || doc.Find(`main a[href="/manage/users"]`).Length() == 0 {
			t.Error("no empty state")
		}
	})
}

func TestAdminMarksLibraryContact(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(admin.Email)
	path := "/manage/users/" + itoa(staff.ID)
	form := url.Values{"email": {staff.Email}, "name": {"Vibeke Vejle"}, "organisation": {itoa(staff.OrgID)}, "role": {"staff"}, "lang": {"da"}}
	contact := func() bool {
		var b bool
		if err := srv.DB.QueryRow(ctx, `SELECT library_contact FROM users WHERE id = $1`, staff.ID).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}

	form.Set("library_contact", "on")
	if res := c.Post(path, form); res.Status != http.StatusSeeOther {
		t.Fatalf("mark: %d", res.Status)
	}
	if !contact() {
		t.Fatal("not marked")
	}
	if _, ok := c.Get(path).Doc(t).Find(`input[name=library_contact]`).Attr("checked"); !ok {
		t.Error("the form does not show the mark")
	}

	// Staff, even a library contact, cannot change anyone's mark.
	for _, role := range []string{"staff", "coordinator"} {
		u := testutil.CreateUser(t, srv.DB, role, "Vejle Bibliotekerne")
		o := srv.Client(t)
		o.Login(u.Email)
		form.Del("library_contact")
		if res := o.Post(path, form); res.Status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", role, res.Status)
		}
	}
	if !contact() {
		t.Fatal("a non-admin removed the mark")
	}

	form.Del("library_contact")
	if res := c.Post(path, form); res.Status != http.StatusSeeOther {
		t.Fatalf("unmark: %d", res.Status)
	}
	if contact() {
		t.Error("still marked")
	}
}
