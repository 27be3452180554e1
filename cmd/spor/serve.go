package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/app"
	"spor/internal/config"
	"spor/internal/database"
	"spor/internal/demo"
)

// poolCloseWait bounds how long closing the pool may take at exit.
const poolCloseWait = 300 * time.Millisecond

// dbConn is an open pool and, when DATABASE_URL is unset, the private cluster.
type dbConn struct {
	pool    *pgxpool.Pool
	cluster *database.Cluster
}

func (d *dbConn) close(log *slog.Logger) {
	// pool.Close waits for every borrowed connection; after a shutdown's cancel those
	// come back within pgx's cancel delay, but the exit must not hang on a stray one.
	closed := make(chan struct{})
	go func() { d.pool.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(poolCloseWait):
		log.Warn("closing the database pool: connections still busy; exiting without them")
	}
	if err := d.cluster.Stop(); err != nil {
		log.Error("stopping private PostgreSQL", "err", err)
	}
}

func openDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*dbConn, error) {
	return openDBWith(ctx, cfg, log, database.ClusterOptions{})
}

// openDBWith opens the database; opts apply to the private cluster when
// DATABASE_URL is unset.
func openDBWith(ctx context.Context, cfg config.Config, log *slog.Logger, opts database.ClusterOptions) (*dbConn, error) {
	d := &dbConn{}
	url := cfg.DatabaseURL
	if url == "" {
		c, err := database.StartCluster(context.WithoutCancel(ctx), cfg.DataDir, opts, log)
		if err != nil {
			return nil, err
		}
		d.cluster = c
		url = c.URL("spor")
	}
	pool, err := waitForDB(ctx, url, cfg.DBMaxConns, log)
	if err != nil {
		_ = d.cluster.Stop()
		return nil, err
	}
	d.pool = pool
	return d, nil
}

// Waiting for PostgreSQL at start: an orchestrator (or a machine booting) may start
// Spor before the database, so an unreachable server is retried with a backoff that
// doubles up to dbRetryMax, each attempt logged, for dbWaitMax in all.
const (
	dbRetryFirst = 250 * time.Millisecond
	dbRetryMax   = 5 * time.Second
	dbWaitMax    = 2 * time.Minute
)

// waitForDB opens the pool, retrying while the server is unreachable. Errors that a
// retry cannot fix (a bad URL, a wrong password) end it at once.
func waitForDB(ctx context.Context, url string, maxConns int, log *slog.Logger) (*pgxpool.Pool, error) {
	deadline := time.Now().Add(dbWaitMax)
	wait := dbRetryFirst
	for attempt := 1; ; attempt++ {
		pool, err := database.OpenPool(ctx, url, database.PoolOptions{MaxConns: maxConns})
		if err == nil {
			if attempt > 1 {
				log.Info("PostgreSQL is reachable", "attempts", attempt)
			}
			return pool, nil
		}
		if !database.Unavailable(err) || ctx.Err() != nil || time.Now().Add(wait).After(deadline) {
			return nil, err
		}
		log.Warn("waiting for PostgreSQL", "attempt", attempt, "retry_in", wait.String(), "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, dbRetryMax)
	}
}

func withDB(ctx context.Context, cfg config.Config, log *slog.Logger, f func(*dbConn) error) error {
	db, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.close(log)
	return f(db)
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	limitMemory(log)
	db, err := openDBWith(ctx, cfg, log, database.ClusterOptions{Own: true})
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while waiting for PostgreSQL
		}
		return err
	}
	defer db.close(log)
	if cfg.RunMigrations {
		if err := database.Migrate(ctx, db.pool, "up", io.Discard); err != nil {
			return err
		}
	}
	if cfg.Demo {
		if _, err := demo.Load(ctx, db.pool, stdout); err != nil {
			return err
		}
	}
	a := app.New(db.pool, app.Options{Config: cfg, SessionCleanup: 5 * time.Minute, StartMail: true})
	defer a.Close()

	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads on slow lines
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on ADDR=%s: %w", cfg.Addr, err)
	}
	fmt.Fprintf(stdout, "\nSpor is running at %s (Ctrl-C stops it)\n", cfg.BaseURL)
	if cfg.SMTPURL == "" {
		fmt.Fprintf(stdout, "No SMTP_URL: mails are kept, not sent; admins read them at %s/manage/mail\n", cfg.BaseURL)
	}
	if cfg.Demo {
		fmt.Fprintf(stdout, "Demo logins (password %q):\n", demo.Password)
		for _, l := range demo.Logins {
			fmt.Fprintf(stdout, "  %-26s %s\n", l.Email, l.Role)
		}
	}
	if cfg.PprofAddr != "" {
		stop, err := servePprof(cfg.PprofAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	if cfg.MetricsAddr != "" {
		_, stop, err := serveMetrics(cfg.MetricsAddr, a.Metrics, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	// Requests run in a context of their own that shutdown cancels after the drain
	// time, so a request stuck on the database ends and its transaction rolls back.
	requestCtx, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()
	srv.BaseContext = func(net.Listener) context.Context { return requestCtx }
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// The mail workers stop while requests drain, within the same time limit.
	mailStopped := make(chan struct{})
	go func() { defer close(mailStopped); a.StopMail(cfg.ShutdownTimeout) }()
	shutdown(srv, cancelRequests, cfg.ShutdownTimeout, log)
	<-mailStopped
	return nil
}

// cancelledGrace is how long requests cancelled at the end of the drain get to answer
// (503) before their connections are closed.
const cancelledGrace = 600 * time.Millisecond

// shutdown stops accepting connections, lets requests in flight finish within drain,
// then cancels the rest and closes their connections: with the pool's bounded close
// the process exits within drain plus a second, whatever the database is doing.
func shutdown(srv *http.Server, cancelRequests context.CancelFunc, drain time.Duration, log *slog.Logger) {
	log.Info("shutting down: finishing requests in flight", "drain", drain.String())
	drainCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	err := srv.Shutdown(drainCtx)
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		return
	}
	log.Warn("shutdown: requests still running after the drain; cancelling them (their transactions roll back)")
	cancelRequests()
	graceCtx, cancelGrace := context.WithTimeout(context.Background(), cancelledGrace)
	defer cancelGrace()
	_ = srv.Shutdown(graceCtx)
	_ = srv.Close()
}
