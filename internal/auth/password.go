package auth

import (
	"context"
	"runtime"
	"sync"

	"github.com/alexedwards/argon2id"
)

// params follow OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane): strong
// enough against offline guessing, cheap enough that a burst of logins cannot
// exhaust memory, because hashing is also capped at one per core.
var params = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// hashing caps concurrent argon2id work so that a login flood queues instead of
// taking every core and gigabytes of memory.
var hashing = make(chan struct{}, runtime.NumCPU())

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
