package auth

import (
	"context"
	"runtime"
	"sync"

	"github.com/alexedwards/argon2id"
)

// params are one of OWASP's equivalent argon2id settings (m=12 MiB, t=3, p=1, as
// strong against guessing as its first choice of 19 MiB with 2 passes, for less
// memory; the library's default is 64 MiB). Memory per login is what bounds a login
// burst, so the lower-memory setting is chosen. Hashes made with other parameters
// are redone at the next login.
var params = &argon2id.Params{Memory: 12 * 1024, Iterations: 3, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// maxHashing caps concurrent argon2id work, whatever the number of cores: at most
// maxHashing × 12 MiB = 48 MiB live, which with the collector's headroom stays well
// within the 150 MB target (`make bench` measures a burst of 50 logins). Beyond it
// logins queue, bounded by the request's context.
const maxHashing = 4

var hashing = make(chan struct{}, min(runtime.NumCPU(), maxHashing))

// HashPassword returns the argon2id hash of password.
func HashPassword(ctx context.Context, password string) (string, error) {
	select {
	case hashing <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-hashing }()
	return argon2id.CreateHash(password, params)
}

// checkPassword compares password with hash in constant time.
func checkPassword(ctx context.Context, password, hash string) (bool, error) {
	select {
	case hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-hashing }()
	return argon2id.ComparePasswordAndHash(password, hash)
}

// dummyHash is compared against when the email is unknown, so that an unknown
// address takes as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := argon2id.CreateHash("spor: no such user", params)
	return h
})

// needsRehash reports whether hash was made with parameters other than today's (an
// older, costlier or weaker setting), so that a successful login replaces it.
func needsRehash(hash string) bool {
	p, salt, key, err := argon2id.DecodeHash(hash)
	if err != nil {
		return false
	}
	return p.Memory != params.Memory || p.Iterations != params.Iterations || p.Parallelism != params.Parallelism ||
		uint32(len(salt)) != params.SaltLength || uint32(len(key)) != params.KeyLength
}
