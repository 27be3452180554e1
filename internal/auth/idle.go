package auth

import (
	"context"
	"time"

	"github.com/alexedwards/scs/v2"
)

// Idle timeout. scs's own IdleTimeout rewrites the session row on every request
// (a database write per page view, measured at about half the throughput of /me);
// instead the session remembers when it was last seen, and is written again only
// when that is more than idleGranularity old. The absolute lifetime (12 h) stays
// with scs.
const (
	IdleTimeout     = 2 * time.Hour
	idleGranularity = 10 * time.Minute
	lastSeenKey     = "last_seen"
)

// TouchSession applies the idle timeout to a logged-in session and reports whether
// it is still valid. An expired session is logged out (token renewed, user removed).
func TouchSession(ctx context.Context, sm *scs.SessionManager, now time.Time) bool {
	last := sm.GetInt64(ctx, lastSeenKey)
	if last != 0 && now.Sub(time.Unix(last, 0)) > IdleTimeout {
		_ = sm.RenewToken(ctx)
		sm.Remove(ctx, SessionUserKey)
		sm.Remove(ctx, lastSeenKey)
		return false
	}
	if last == 0 || now.Sub(time.Unix(last, 0)) > idleGranularity {
		sm.Put(ctx, lastSeenKey, now.Unix())
	}
	return true
}
