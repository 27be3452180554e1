package search

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/model"
)

// NewStoreWithCap is NewStore with a smaller candidate cap, so a test can exceed
// it with a few records.
func NewStoreWithCap(db *pgxpool.Pool, n int) *Store { return &Store{db: db, cap: n} }

// ExplainSearch runs the search statement for q under EXPLAIN (ANALYZE, FORMAT
// JSON) and returns the plan, so a test can see how many rows each table gave.
func ExplainSearch(ctx context.Context, s *Store, q model.SearchQuery) ([]byte, error) {
	var plan []byte
	err := s.db.QueryRow(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+searchSQL, s.searchArgs(q)...).Scan(&plan)
	return plan, err
}

// SetClock makes the limiter read the time from now.
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }
