package database

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Every database wait has a budget, so that one slow query or one locked row cannot
// hold the connections that every other page needs. A budget that runs out is an
// error that Unavailable recognises, and the HTTP layer answers 503 with Retry-After.
const (
	// DefaultMaxConns is the pool size when DB_MAX_CONNS is unset. pgxpool would take
	// max(4, cores), 4 on a 2-core machine: four requests waiting on one locked row
	// then stall every page. A request holds a connection only while its queries run
	// (a few milliseconds), so 20 keeps pages flowing while some wait on a lock, and
	// 4 instances still fit PostgreSQL's default max_connections of 100.
	DefaultMaxConns = 20
	// AcquireTimeout is how long a query waits for a free connection from the pool.
	AcquireTimeout = 2 * time.Second
	// PageStatementTimeout is every connection's statement_timeout: the longest a
	// page's query may run. Page reads take milliseconds; past this one is broken.
	PageStatementTimeout = 5 * time.Second
	// PageLockTimeout is every connection's lock_timeout: writes behind a page (a
	// follow, a save) wait this long for a row another transaction holds.
	PageLockTimeout = 1 * time.Second
	// RegistrationLockTimeout is how long a registration waits for its event's row
	// lock. Under a rush the lock is held for about a millisecond per registration (500
	// settle in 0.6 s), so this only runs out when something holds the row far longer.
	RegistrationLockTimeout = 3 * time.Second
	// ExportStatementTimeout is the statement_timeout of exports (participant lists,
	// CSV), which read more rows than a page.
	ExportStatementTimeout = 30 * time.Second
	// IdleInTransactionTimeout ends a transaction left open by a stuck client, which
	// would otherwise hold its locks for ever.
	IdleInTransactionTimeout = 30 * time.Second
	// ProbeTimeout bounds the /readyz ping.
	ProbeTimeout = 1 * time.Second
)

// PoolOptions size a pool; zero values take the defaults above.
type PoolOptions struct {
	MaxConns int
}

func ms(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

// configure applies the budgets to a pool configuration.
func configure(cfg *pgxpool.Config, opts PoolOptions) {
	if opts.MaxConns <= 0 {
		opts.MaxConns = DefaultMaxConns
	}
	cfg.MaxConns = int32(opts.MaxConns)
	cfg.ConnConfig.Tracer = tracer{acquireTimeout: AcquireTimeout}
	p := cfg.ConnConfig.RuntimeParams
	p["statement_timeout"] = ms(PageStatementTimeout)
	p["lock_timeout"] = ms(PageLockTimeout)
	p["idle_in_transaction_session_timeout"] = ms(IdleInTransactionTimeout)
	// A cancelled request (client gone, server shutting down) cancels its statement on
	// the server at once, so its transaction rolls back and its locks are released,
	// instead of only closing the socket, which a backend waiting on a lock does not
	// notice until the wait ends.
	cfg.ConnConfig.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 500 * time.Millisecond}
	}
}

// SetLocalTimeouts sets the statement and lock timeouts for the rest of tx, for
// queries whose budget differs from a page's (registrations, exports).
func SetLocalTimeouts(ctx context.Context, tx pgx.Tx, statement, lock time.Duration) error {
	_, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true)`,
		ms(statement), ms(lock))
	if err != nil {
		return fmt.Errorf("database: set timeouts: %w", err)
	}
	return nil
}

// tracer counts round trips and gives every pool acquire its budget.
type tracer struct {
	queryCounter
	acquireTimeout time.Duration
}

type acquireCancelKey struct{}

func (t tracer) TraceAcquireStart(ctx context.Context, _ *pgxpool.Pool, _ pgxpool.TraceAcquireStartData) context.Context {
	ctx, cancel := context.WithTimeout(ctx, t.acquireTimeout)
	return context.WithValue(ctx, acquireCancelKey{}, cancel)
}

func (t tracer) TraceAcquireEnd(ctx context.Context, _ *pgxpool.Pool, _ pgxpool.TraceAcquireEndData) {
	if cancel, ok := ctx.Value(acquireCancelKey{}).(context.CancelFunc); ok {
		cancel()
	}
}

// Unavailable reports whether err means the database could not serve the request in
// its budget: unreachable, restarting, out of connections, a timeout, a lock not
// granted in time, or a cancelled request. Such a request may succeed when retried.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57014", // query_canceled: statement_timeout or a cancelled request
			"55P03",                   // lock_not_available: lock_timeout
			"57P01", "57P02", "57P03", // shutting down, crashed, starting up
			"25P03",                            // idle_in_transaction_session_timeout
			"53000", "53100", "53200", "53300": // insufficient resources, too many connections
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection exceptions
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return pgconn.Timeout(err) || pgconn.SafeToRetry(err) || errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		strings.Contains(err.Error(), "closed pool")
}

// RolledBack reports whether err certainly left nothing behind: the server refused
// a statement in time (a timeout, a lock not granted) or the request never reached
// it. Other unavailable errors (a connection lost during COMMIT) leave the outcome
// unknown.
func RolledBack(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "57014" || pgErr.Code == "55P03"
	}
	var connectErr *pgconn.ConnectError
	return pgconn.SafeToRetry(err) || errors.As(err, &connectErr)
}

// MaintenancePool opens a pool to the same database as pool without the page
// budgets, for work that is not a page: migrations (an index build on a large table)
// and bulk loads run as long as they need. The caller closes it.
func MaintenancePool(ctx context.Context, pool *pgxpool.Pool) (*pgxpool.Pool, error) {
	cfg := pool.Config()
	p := cfg.ConnConfig.RuntimeParams
	p["statement_timeout"], p["lock_timeout"] = "0", "0"
	m, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: maintenance pool: %w", err)
	}
	return m, nil
}
