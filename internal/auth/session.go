package auth

import (
	"context"
	"time"

	"github.com/alexedwards/scs/v2"
)

// LogIn starts a logged-in session for userID on a new token (a new token on every
// change of privilege prevents session fixation).
func LogIn(ctx context.Context, sm *scs.SessionManager, userID int64) error {
	if err := sm.RenewToken(ctx); err != nil {
		return err
	}
	sm.Put(ctx, SessionUserKey, userID)
	sm.Put(ctx, lastSeenKey, time.Now().Unix())
	return nil
}

// Hit counts one event against key in the current fixed window of the shared
// rate-limit table and returns the count so far (for other domains' limits).
func (s *Store) Hit(ctx context.Context, key string, window time.Duration) (int, error) {
	return s.hit(ctx, key, window)
}

// CheckPassword compares password with hash (argon2id, bounded like logins).
func CheckPassword(ctx context.Context, password, hash string) (bool, error) {
	return checkPassword(ctx, password, hash)
}
