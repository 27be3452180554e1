package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/testutil"
)

// databaseURL turns the test pool's settings into the postgres:// URL an operator
// would put in DATABASE_URL.
func databaseURL(db *pgxpool.Pool) string {
	c := db.Config().ConnConfig
	u := url.URL{Scheme: "postgres", User: url.UserPassword(c.User, c.Password), Path: "/" + c.Database,
		RawQuery: url.Values{"host": {c.Host}, "port": {strconv.Itoa(int(c.Port))}, "sslmode": {"disable"}}.Encode()}
	return u.String()
}

// TestFirstAdminOnEmptyDatabase runs the README's commands against a database that
// has only the migrations, then logs in as the admin they made through the real
// router and reaches an admin-only page.
func TestFirstAdminOnEmptyDatabase(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	var n int
	if err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM organisations) + (SELECT count(*) FROM users)`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the database is not empty: %d %v", n, err)
	}
	password := "rødgrød med fløde hver søndag"
	env := map[string]string{"DATABASE_URL": databaseURL(db), "LOG_LEVEL": "warn", "SPOR_PASSWORD": password}
	spor := func(args ...string) (string, error) {
		var out strings.Builder
		err := run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}

	out, err := spor("org", "add", "--name", "Vejle Bibliotekerne", "--kind", "public_library", "--country", "DK", "--domain", "vejle.dk", "--domain", "Bib.Vejle.dk")
	if err != nil || !strings.Contains(out, "created organisation") || !strings.Contains(out, "vejle.dk, bib.vejle.dk") {
		t.Fatalf("org add: %q, %v", out, err)
	}
	out, err = spor("user", "add", "--email", "you@vejle.dk", "--name", "Yrsa Ulvsdatter", "--org", "Vejle Bibliotekerne", "--role", "admin")
	if err != nil || !strings.Contains(out, "created user") {
		t.Fatalf("user add: %q, %v", out, err)
	}

	srv := testutil.NewServerOn(t, db)
	c := srv.Client(t)
	if res := c.Post("/login", url.Values{"email": {"you@vejle.dk"}, "password": {password}}); res.Status != http.StatusSeeOther {
		t.Fatalf("login as the first admin: %d", res.Status)
	}
	if res := c.Get("/manage/organisations"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Vejle Bibliotekerne") {
		t.Fatalf("/manage/organisations as the first admin: %d", res.Status)
	}
}

func TestOrgAndUserAddRefuseBadInput(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	env := map[string]string{"DATABASE_URL": databaseURL(db), "LOG_LEVEL": "warn", "SPOR_PASSWORD": "kaffe og kage hver fredag"}
	spor := func(args ...string) error {
		return run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard)
	}
	if err := spor("org", "add", "--name", "Falu stadsbibliotek", "--kind", "public_library", "--country", "se", "--domain", "falun.se"); err != nil {
		t.Fatalf("org add: %v", err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown kind", []string{"org", "add", "--name", "X", "--kind", "library", "--country", "DK"}, "--kind: use one of public_library"},
		{"unknown country", []string{"org", "add", "--name", "X", "--kind", "union", "--country", "DE"}, "--country: use one of DK, SE, NO, FI"},
		{"an address for a domain", []string{"org", "add", "--name", "X", "--kind", "union", "--country", "DK", "--domain", "a@x.dk"}, "without @"},
		{"a domain of another organisation", []string{"org", "add", "--name", "X", "--kind", "union", "--country", "SE", "--domain", "FALUN.se"}, `falun.se already belongs to "Falu stadsbibliotek"`},
		{"a name in use", []string{"org", "add", "--name", "Falu stadsbibliotek", "--kind", "union", "--country", "SE"}, "already exists"},
		{"a user of an unknown organisation", []string{"user", "add", "--email", "a@falun.se", "--name", "A", "--org", "Nowhere"}, "spor org add"},
		{"a user with an unknown role", []string{"user", "add", "--email", "a@falun.se", "--name", "A", "--org", "falu stadsbibliotek", "--role", "boss"}, "--role: use one of staff, coordinator, admin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := spor(tc.args...)
			if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q (exit 1)", err, tc.want)
			}
		})
	}
	t.Run("a weak password, saying why", func(t *testing.T) {
		env["SPOR_PASSWORD"] = "AnnaAndersson1!"
		err := spor("user", "add", "--email", "anna.andersson@falun.se", "--name", "Anna Andersson", "--org", "Falu stadsbibliotek")
		if err == nil || !strings.Contains(err.Error(), "--password: The password is too close to your name") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("an unmigrated database is named as such", func(t *testing.T) {
		bare := testutil.NewDB(t)
		if _, err := bare.Exec(ctx, `DROP SCHEMA public CASCADE; CREATE SCHEMA public`); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"DATABASE_URL": databaseURL(bare), "LOG_LEVEL": "warn", "SPOR_PASSWORD": "kaffe og kage hver fredag"}
		for _, args := range [][]string{
			{"org", "add", "--name", "X", "--kind", "union", "--country", "DK"},
			{"user", "add", "--email", "a@x.dk", "--name", "A", "--org", "X"},
		} {
			err := run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "run spor migrate up first") {
				t.Errorf("%s: %v", args[0], err)
			}
		}
	})
	for _, args := range [][]string{{"org"}, {"org", "remove"}, {"org", "add", "--name", "X"}, {"org", "add", "--name", "X", "--kind", "union", "--country", "DK", "extra"}} {
		if err := spor(args...); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v, want usage (exit 2)", args, err)
		}
	}
	var n int
	_ = db.QueryRow(ctx, `SELECT (SELECT count(*) FROM organisations) + (SELECT count(*) FROM users)`).Scan(&n)
	if n != 1 {
		t.Errorf("refused commands left rows behind: %d, want only the first organisation", n)
	}
}
