package app

import (
	"context"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
	"spor/internal/database"
)

// countedStore is scs's pgxstore with its round trips counted against the request
// (pgxstore queries without the request's context, so the tracer cannot see them).
// Its Commit also records the session's user in sessions.user_id, so a user's
// sessions can be listed and ended ("log out everywhere else", password reset)
// without decoding every session in the table.
type countedStore struct {
	*pgxstore.PostgresStore
	pool *pgxpool.Pool
}

func (s countedStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	database.CountRoundTrip(ctx)
	return s.Find(token)
}

func (s countedStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	database.CountRoundTrip(ctx)
	var userID *int64
	if _, values, err := (scs.GobCodec{}).Decode(b); err == nil {
		if id, ok := values[auth.SessionUserKey].(int64); ok {
			userID = &id
		}
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, user_id = EXCLUDED.user_id`,
		token, b, expiry, userID)
	return err
}

func (s countedStore) DeleteCtx(ctx context.Context, token string) error {
	database.CountRoundTrip(ctx)
	return s.Delete(token)
}
