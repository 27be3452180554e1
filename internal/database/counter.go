package database

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// Round trips are what a page costs (see the README's Performance section), so every
// query and every batch is counted against a counter carried in the context.

type counterKey struct{}

// WithQueryCounter returns a context that counts the database round trips made with it.
func WithQueryCounter(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, counterKey{}, n), n
}

// QueryCount returns the round trips counted so far in ctx, or 0 without a counter.
func QueryCount(ctx context.Context) int64 {
	if n, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		return n.Load()
	}
	return 0
}

type queryCounter struct{}

func count(ctx context.Context) {
	if n, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

func (queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	if !inBatch(ctx) {
		count(ctx)
	}
	return ctx
}

func (queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

type batchKey struct{}

func inBatch(ctx context.Context) bool { return ctx.Value(batchKey{}) != nil }

// A batch is one round trip however many queries it carries.
func (queryCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	count(ctx)
	return context.WithValue(ctx, batchKey{}, true)
}

func (queryCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (queryCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

// CountRoundTrip counts one round trip made outside pgx's tracer (the session store
// queries with its own context).
func CountRoundTrip(ctx context.Context) { count(ctx) }
