package search

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// NewStoreWithCap is NewStore with a smaller candidate cap, so a test can exceed
// it with a few records.
func NewStoreWithCap(db *pgxpool.Pool, n int) *Store { return &Store{db: db, cap: n} }

// SetClock makes the limiter read the time from now.
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }
