package app

import (
	"context"
	"time"

	"github.com/alexedwards/scs/pgxstore"

	"spor/internal/database"
)

// countedStore is scs's pgxstore with its round trips counted against the request
// (pgxstore queries without the request's context, so the tracer cannot see them).
type countedStore struct{ *pgxstore.PostgresStore }

func (s countedStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	database.CountRoundTrip(ctx)
	return s.Find(token)
}

func (s countedStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	database.CountRoundTrip(ctx)
	return s.Commit(token, b, expiry)
}

func (s countedStore) DeleteCtx(ctx context.Context, token string) error {
	database.CountRoundTrip(ctx)
	return s.Delete(token)
}
