// Command sporbench measures Spor under load on loopback (`make bench`): it builds
// the binary, starts it against a private PostgreSQL holding the national-scale
// dataset (`spor seed scale`), drives each main page with 50 concurrent connections,
// and prints one Markdown table with throughput as a ratio of a trivial handler in
// the same binary, latency percentiles, errors, round trips per request and the
// server's peak memory.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/migrations"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "sporbench:", err)
		os.Exit(1)
	}
}

type options struct {
	dataDir  string
	addr     string
	conns    int
	duration time.Duration
	reseed   bool
	seed     int
	scale    string // extra flags for spor seed scale, e.g. "--staff 2000"
	profile  bool   // record a CPU profile of the server for each page
	rounds   int    // runs per page; the best is kept
	only     string // measure only the pages whose name contains this
}

// pprofAddr is where the server under test serves its profiles with -profile.
const pprofAddr = "127.0.0.1:8189"

func run(ctx context.Context) error {
	var o options
	flag.StringVar(&o.dataDir, "data", ".data/bench", "private cluster folder for the benchmark dataset")
	flag.StringVar(&o.addr, "addr", "127.0.0.1:8181", "address the server under test listens on")
	flag.IntVar(&o.conns, "c", 50, "concurrent connections")
	flag.DurationVar(&o.duration, "d", 4*time.Second, "measured duration per page")
	flag.IntVar(&o.rounds, "rounds", 2, "runs per page, in turn; the best is kept (other work on the machine makes single runs noisy)")
	flag.BoolVar(&o.reseed, "reseed", false, "drop and reload the dataset")
	flag.IntVar(&o.seed, "seed", 1, "dataset seed")
	flag.StringVar(&o.scale, "scale", "", "extra flags for `spor seed scale`")
	flag.BoolVar(&o.profile, "profile", false, "record a CPU profile of the server per page into <data>/profiles (SPOR_PPROF)")
	flag.StringVar(&o.only, "only", "", "measure only the pages whose name contains this (e.g. search); the ceiling always runs")
	flag.Parse()

	bin, err := filepath.Abs("bin/spor-bench")
	if err != nil {
		return err
	}
	step("building %s", bin)
	if err := command(ctx, nil, "go", "build", "-o", bin, "./cmd/spor").Run(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	env := []string{"DATA_DIR=" + o.dataDir}
	out, err := command(ctx, env, bin, "cluster", "start").Output()
	if err != nil {
		return fmt.Errorf("cluster start: %w", err)
	}
	dbURL := strings.TrimSpace(string(out))
	defer command(context.Background(), env, bin, "cluster", "stop").Run() //nolint:errcheck

	if err := ensureDataset(ctx, o, bin, env, dbURL); err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()

	step("starting the server on %s", o.addr)
	if o.profile {
		env = append(env, "SPOR_PPROF="+pprofAddr)
	}
	srv := command(ctx, append(env, "DATABASE_URL="+dbURL, "ADDR="+o.addr, "BASE_URL=http://"+o.addr,
		"DEMO=false", "LOG_LEVEL=warn", "LOGIN_LIMIT_PER_IP=100000", "SEARCH_LIMIT_PER_IP=0"), bin, "serve")
	srv.Stdout, srv.Stderr = io.Discard, os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	base := "http://" + o.addr
	if err := waitReady(ctx, base); err != nil {
		return err
	}
	return measure(ctx, o, base, pool, srv.Process.Pid)
}

func ensureDataset(ctx context.Context, o options, bin string, env []string, dbURL string) error {
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	// Reuse the dataset only if it is complete (its last tables filled) and was loaded
	// under the current schema: an older one would measure old code paths, or fail.
	var loaded bool
	_ = pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'goose_db_version')
		AND (SELECT max(version_id) FROM goose_db_version) = $1 AND (SELECT count(*) FROM users) > 1000
		AND EXISTS (SELECT 1 FROM group_followers) AND EXISTS (SELECT 1 FROM event_registrations)
		AND EXISTS (SELECT 1 FROM assessment_attempts)`, latestMigration()).Scan(&loaded)
	if loaded && !o.reseed {
		step("reusing the dataset in %s (-reseed to rebuild)", o.dataDir)
		return nil
	}
	if _, err := pool.Exec(ctx, `DROP SCHEMA public CASCADE; CREATE SCHEMA public`); err != nil {
		return err
	}
	envDB := append(env, "DATABASE_URL="+dbURL)
	if err := command(ctx, envDB, bin, "migrate", "up").Run(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	args := []string{"seed", "scale", "--seed", fmt.Sprint(o.seed)}
	args = append(args, strings.Fields(o.scale)...)
	c := command(ctx, envDB, bin, args...)
	c.Stdout = os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("seed scale: %w", err)
	}
	return nil
}

func waitReady(ctx context.Context, base string) error {
	client := newClient(1)
	for i := 0; i < 200; i++ {
		if res, err := client.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("server did not become ready")
}

func command(ctx context.Context, env []string, name string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, name, args...)
	c.Env = append(os.Environ(), env...)
	c.Stderr = os.Stderr
	return c
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sporbench: "+format+"\n", args...)
}

// latestMigration is the number of the newest embedded migration.
func latestMigration() int64 {
	files, _ := fs.Glob(migrations.FS, "*.sql")
	var latest int64
	for _, f := range files {
		if n, err := strconv.ParseInt(strings.SplitN(f, "_", 2)[0], 10, 64); err == nil && n > latest {
			latest = n
		}
	}
	return latest
}
