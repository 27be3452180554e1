package auth

import (
	"context"
	"time"

	"github.com/alexedwards/scs/v2"

	"spor/internal/database"
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
	var n int
	err := s.db.QueryRow(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`, key, time.Now().Truncate(window)).Scan(&n)
	return n, database.Wrap(err, "auth: rate limit")
}

// CheckPassword compares password with hash (argon2id, bounded like logins).
func CheckPassword(ctx context.Context, password, hash string) (bool, error) {
	return checkPassword(ctx, password, hash)
}
