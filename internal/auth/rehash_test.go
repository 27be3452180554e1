package auth_test

import (
	"context"
	"testing"

	"github.com/alexedwards/argon2id"

	"spor/internal/auth"
	"spor/internal/testutil"
)

// A hash made with older parameters (here a cheaper 8 MiB, 1 pass) is replaced by
// one with today's at the next successful login; a current hash is left alone.
func TestLoginRehashesOldParameters(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	old := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	current := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	oldHash, err := argon2id.CreateHash(testutil.Password, &argon2id.Params{Memory: 8 * 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, old.ID, oldHash); err != nil {
		t.Fatal(err)
	}
	hashOf := func(id int64) string {
		var h string
		if err := srv.DB.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	currentBefore := hashOf(current.ID)

	srv.Client(t).Login(old.Email)
	srv.Client(t).Login(current.Email)

	h := hashOf(old.ID)
	p, _, _, err := argon2id.DecodeHash(h)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := auth.HashPassword(ctx, "anything")
	if err != nil {
		t.Fatal(err)
	}
	want, _, _, _ := argon2id.DecodeHash(fresh)
	if *p != *want {
		t.Errorf("after login the old hash has %+v, want today's %+v", *p, *want)
	}
	if ok, err := argon2id.ComparePasswordAndHash(testutil.Password, h); !ok || err != nil {
		t.Errorf("the new hash does not match the password (%v)", err)
	}
	srv.Client(t).Login(old.Email) // still logs in with the new hash
	if hashOf(current.ID) != currentBefore {
		t.Error("a hash with today's parameters was rewritten")
	}
}
