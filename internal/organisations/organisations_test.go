package organisations_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"spor/internal/model"
	"spor/internal/organisations"
	"spor/internal/testutil"
)

func orgForm(name, domains string) url.Values {
	return url.Values{"name": {name}, "kind": {"public_library"}, "country": {"DK"}, "email_domains": {domains}}
}

func domainsOf(t *testing.T, srv *testutil.Server, id int64) (array, table []string) {
	t.Helper()
	ctx := context.Background()
	if err := srv.DB.QueryRow(ctx, `SELECT email_domains FROM organisations WHERE id = $1`, id).Scan(&array); err != nil {
		t.Fatal(err)
	}
	rows, _ := srv.DB.Query(ctx, `SELECT domain FROM organisation_domains WHERE organisation_id = $1 ORDER BY domain`, id)
	for rows.Next() {
		var d string
		_ = rows.Scan(&d)
		table = append(table, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return array, table
}

func TestAdminEditsEmailDomains(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	vejle := testutil.CreateOrg(t, srv.DB, "Vejle Bibliotekerne")
	odense := testutil.CreateOrg(t, srv.DB, "Odense Bibliotekerne")
	c := srv.Client(t)
	c.Login(admin.Email)
	path := "/manage/organisations/" + strconv.FormatInt(vejle, 10)

	t.Run("saved lower-case, one per line or comma, duplicates dropped", func(t *testing.T) {
		res := c.Post(path, orgForm("Vejle Bibliotekerne", "Vejle.DK\r\nbib.vejle.dk, vejle.dk\n\n"))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", res.Status)
		}
		array, table := domainsOf(t, srv, vejle)
		if !slices.Equal(array, []string{"vejle.dk", "bib.vejle.dk"}) || !slices.Equal(table, []string{"bib.vejle.dk", "vejle.dk"}) {
			t.Errorf("domains %q, index %q", array, table)
		}
		if list := c.Get("/manage/organisations"); !strings.Contains(list.Body, "vejle.dk, bib.vejle.dk") {
			t.Error("the list does not show the domains")
		}
		if v := c.Get(path).Doc(t).Find("textarea[name=email_domains]").Text(); v != "vejle.dk\nbib.vejle.dk" {
			t.Errorf("form shows %q", v)
		}
	})

	for _, tc := range []struct{ name, domains, message string }{
		{"an address is refused", "kontakt@odense.dk", "without @"},
		{"a bare word is refused", "odense", "must be a domain name"},
		{"a public mail service is refused", "odense.dk\ngmail.com", "public mail service"},
		{"another organisation's domain is refused, naming it", "odense.dk\nVEJLE.dk", "vejle.dk belongs to Vejle Bibliotekerne"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Post("/manage/organisations/"+strconv.FormatInt(odense, 10)+"?lang=en", orgForm("Odense Bibliotekerne", tc.domains))
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Status)
			}
			doc := res.Doc(t)
			field := doc.Find("#f-email_domains").Parent().Text()
			if !strings.Contains(field, tc.message) || doc.Find("#f-email_domains-error").Length() != 1 {
				t.Errorf("field says %q, want %q", field, tc.message)
			}
			if got := doc.Find("textarea[name=email_domains]").Text(); !strings.Contains(got, "odense") {
				t.Errorf("input lost: %q", got)
			}
			if array, table := domainsOf(t, srv, odense); len(array)+len(table) != 0 {
				t.Errorf("saved anyway: %q %q", array, table)
			}
		})
	}

	t.Run("a domain removed from one organisation is free for another", func(t *testing.T) {
		if res := c.Post(path, orgForm("Vejle Bibliotekerne", "bib.vejle.dk")); res.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.Status)
		}
		if res := c.Post("/manage/organisations/"+strconv.FormatInt(odense, 10), orgForm("Odense Bibliotekerne", "odense.dk vejle.dk")); res.Status != http.StatusSeeOther {
			t.Fatalf("take over: %d", res.Status)
		}
		if _, table := domainsOf(t, srv, odense); !slices.Equal(table, []string{"odense.dk", "vejle.dk"}) {
			t.Errorf("odense's domains %q", table)
		}
	})

	t.Run("a new organisation with domains", func(t *testing.T) {
		if res := c.Post("/manage/organisations", orgForm("Horsens Kommunes Biblioteker", "horsens.dk")); res.Status != http.StatusSeeOther {
			t.Fatalf("create: %d", res.Status)
		}
		var n int
		_ = srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM organisation_domains d JOIN organisations o ON o.id = d.organisation_id
			WHERE o.name = 'Horsens Kommunes Biblioteker' AND d.domain = 'horsens.dk'`).Scan(&n)
		if n != 1 {
			t.Error("the new organisation's domain is not indexed")
		}
	})
}

// TestDomainBelongsToOneOrganisation goes past the handler's check: the database
// itself refuses a second owner, as when two admins save at the same moment.
func TestDomainBelongsToOneOrganisation(t *testing.T) {
	db := testutil.NewDB(t)
	store := organisations.NewStore(db)
	ctx := context.Background()
	a := model.Organisation{Name: "Aarhus Kommunes Biblioteker", Kind: "public_library", Country: "DK", EmailDomains: []string{"aarhus.dk"}}
	id, err := store.SaveOrganisation(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	b := model.Organisation{Name: "Aarhus Universitetsbibliotek", Kind: "public_library", Country: "DK", EmailDomains: []string{"au.dk", "aarhus.dk"}}
	if _, err := store.SaveOrganisation(ctx, b); !errors.Is(err, organisations.ErrDomainTaken) {
		t.Fatalf("second owner on create: %v, want ErrDomainTaken", err)
	}
	b.EmailDomains = []string{"au.dk"}
	if b.ID, err = store.SaveOrganisation(ctx, b); err != nil {
		t.Fatal(err)
	}
	b.EmailDomains = []string{"au.dk", "aarhus.dk"}
	if _, err := store.SaveOrganisation(ctx, b); !errors.Is(err, organisations.ErrDomainTaken) {
		t.Fatalf("second owner on update: %v, want ErrDomainTaken", err)
	}
	if _, err := db.Exec(ctx, `UPDATE organisations SET email_domains = '{x.dk,x.dk}' WHERE id = $1`, id); err == nil {
		t.Error("a domain listed twice in one organisation was accepted")
	}
	got, err := store.Organisation(ctx, b.ID)
	if err != nil || !slices.Equal(got.EmailDomains, []string{"au.dk"}) {
		t.Errorf("after the refused update: %q, %v", got.EmailDomains, err)
	}
}

// TestDomainRace has many admins give the same domain to different organisations
// at once: exactly one gets it.
func TestDomainRace(t *testing.T) {
	db := testutil.NewDB(t)
	store := organisations.NewStore(db)
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := store.SaveOrganisation(context.Background(), model.Organisation{
				Name: "Bibliotek " + strconv.Itoa(i), Kind: "public_library", Country: "DK", EmailDomains: []string{"delt.dk", "bib" + strconv.Itoa(i) + ".dk"}})
			errs <- err
		}()
	}
	won, taken := 0, 0
	for range n {
		switch err := <-errs; {
		case err == nil:
			won++
		case errors.Is(err, organisations.ErrDomainTaken):
			taken++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	var owners, orgs int
	_ = db.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM organisation_domains WHERE domain = 'delt.dk'), (SELECT count(*) FROM organisations)`).Scan(&owners, &orgs)
	if won != 1 || taken != n-1 || owners != 1 || orgs != 1 {
		t.Errorf("won %d, refused %d, owners %d, organisations %d; want 1, %d, 1, 1", won, taken, owners, orgs, n-1)
	}
}

func TestOnlyAdminsChangeOrganisations(t *testing.T) {
	srv := testutil.NewServer(t)
	org := testutil.CreateOrg(t, srv.DB, "Skive Bibliotek")
	path := "/manage/organisations/" + strconv.FormatInt(org, 10)
	for _, role := range []string{"staff", "coordinator"} {
		u := testutil.CreateUser(t, srv.DB, role, "Skive Bibliotek")
		c := srv.Client(t)
		c.Login(u.Email)
		for _, p := range []string{path, "/manage/organisations"} {
			if res := c.Post(p, orgForm("Skive Bibliotek", "skive.dk")); res.Status != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", role, p, res.Status)
			}
		}
	}
	if res := srv.Client(t).Post(path, orgForm("Skive Bibliotek", "skive.dk")); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous POST: %d %q", res.Status, res.Header.Get("Location"))
	}
	var n int
	_ = srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM organisation_domains`).Scan(&n)
	if n != 0 {
		t.Error("a non-admin's change was saved")
	}
}
