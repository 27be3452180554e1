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

// dbConn is an open pool and, when DATABASE_URL is unset, the private cluster.
type dbConn struct {
	pool    *pgxpool.Pool
	cluster *database.Cluster
}

func (d *dbConn) close(log *slog.Logger) {
	d.pool.Close()
	if err := d.cluster.Stop(); err != nil {
		log.Error("stopping private PostgreSQL", "err", err)
	}
}

func openDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*dbConn, error) {
	d := &dbConn{}
	url := cfg.DatabaseURL
	if url == "" {
		c, err := database.StartCluster(context.WithoutCancel(ctx), cfg.DataDir, database.ClusterOptions{}, log)
		if err != nil {
			return nil, err
		}
		d.cluster = c
		url = c.URL("spor")
	}
	pool, err := database.Open(ctx, url)
	if err != nil {
		_ = d.cluster.Stop()
		return nil, err
	}
	d.pool = pool
	return d, nil
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
	db, err := openDB(ctx, cfg, log)
	if err != nil {
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
	a := app.New(db.pool, app.Options{Config: cfg, SessionCleanup: 5 * time.Minute, LinkCheck: true})
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
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight (10 s at most)")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
