package database

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a private PostgreSQL cluster in a folder of its own, reached only through
// a Unix socket. It lets `make run` and `make test` work on a machine that has
// PostgreSQL's binaries and nothing running. Production uses a real server instead.
type Cluster struct {
	Dir       string // the data directory (DATA_DIR/postgres)
	SocketDir string
	bin       string
	asUser    string // "postgres" when we are root: initdb refuses root
	started   bool   // we started it, so we stop it
	log       *slog.Logger
}

// ClusterOptions tune a private cluster.
type ClusterOptions struct {
	// Fast turns off durability (fsync, full page writes). Only for throwaway test data.
	Fast bool
	// Own is for `spor serve`, which stops the cluster when it exits: it records
	// itself as the owner (DATA_DIR/postgres.owner) and adopts a cluster still running
	// after its previous owner died (kill -9, a crash), so that it is stopped too.
	Own bool
}

const superuser = "spor"

// ErrNoPostgres means no PostgreSQL server binaries were found.
var ErrNoPostgres = errors.New("no PostgreSQL server binaries found on PATH or in /usr/lib/postgresql/*/bin: install the Debian package postgresql (apt-get install postgresql), or set DATABASE_URL")

// NewCluster describes the private cluster under dataDir/postgres without starting it.
func NewCluster(dataDir string, log *slog.Logger) (*Cluster, error) {
	bin, err := findBinaries()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("database: cluster: %w", err)
	}
	c := &Cluster{Dir: filepath.Join(abs, "postgres"), bin: bin, log: log}
	c.SocketDir = socketDir(c.Dir)
	if os.Geteuid() == 0 {
		c.asUser = "postgres"
		if _, err := user.Lookup("postgres"); err != nil {
			return nil, errors.New("database: cluster: running as root needs the system user postgres (installed with the Debian package postgresql)")
		}
	}
	return c, nil
}

// StartCluster starts (initialising first if needed) the private cluster under
// dataDir/postgres, or reuses it when it is already running.
func StartCluster(ctx context.Context, dataDir string, opts ClusterOptions, log *slog.Logger) (*Cluster, error) {
	c, err := NewCluster(dataDir, log)
	if err != nil {
		return nil, err
	}
	return c, c.Start(ctx, opts)
}

// Start initialises the cluster if needed and starts it unless it already runs.
func (c *Cluster) Start(ctx context.Context, opts ClusterOptions) error {
	if err := c.init(ctx); err != nil {
		return err
	}
	if c.running(ctx) {
		if opts.Own && c.ownerGone() {
			c.log.Warn("adopting the private PostgreSQL left running by a spor serve that stopped without stopping it; it is stopped on exit", "dir", c.Dir)
			c.started = true
		} else {
			c.log.Info("private PostgreSQL already running; reusing it", "dir", c.Dir)
		}
	} else if err := c.start(ctx, opts); err != nil {
		return err
	} else if !opts.Own {
		_ = os.Remove(c.ownerFile()) // a stale record must not make a later serve adopt this one
	}
	if opts.Own && c.started {
		if err := c.recordOwner(); err != nil {
			return err
		}
	}
	return c.createDatabase(ctx, "spor")
}

// ownerFile records which process owns (will stop) the running cluster: its pid and
// start time, so that a recycled pid is not mistaken for the owner. It lives in
// DATA_DIR, beside the cluster's own folder.
func (c *Cluster) ownerFile() string { return filepath.Join(filepath.Dir(c.Dir), "postgres.owner") }

func (c *Cluster) recordOwner() error {
	pid := os.Getpid()
	if err := os.WriteFile(c.ownerFile(), []byte(fmt.Sprintf("%d %s\n", pid, procStart(pid))), 0o644); err != nil {
		return fmt.Errorf("database: cluster owner: %w", err)
	}
	return nil
}

// ownerGone reports whether the cluster was started by an owner (spor serve) that is
// no longer running. Without an owner record the cluster was started by hand (spor
// cluster start) or by a test run, and is not adopted.
func (c *Cluster) ownerGone() bool {
	data, err := os.ReadFile(c.ownerFile())
	if err != nil {
		return false
	}
	var pid int
	var start string
	if n, _ := fmt.Sscan(string(data), &pid, &start); n < 1 || pid <= 0 {
		return true
	}
	err = syscall.Kill(pid, 0)
	alive := err == nil || errors.Is(err, syscall.EPERM)
	return !alive || procStart(pid) != start
}

// procStart is a process's start time in clock ticks since boot (/proc/PID/stat,
// field 22), or "" where /proc is missing.
func procStart(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	i := strings.LastIndexByte(string(data), ')')
	fields := strings.Fields(string(data[i+1:]))
	if i < 0 || len(fields) < 20 {
		return ""
	}
	return fields[19]
}

// URL returns the connection URL for database name on this cluster.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&sslmode=disable", superuser, name, url.QueryEscape(c.SocketDir))
}

// Stop stops the cluster if this process started it. It waits for connections to
// finish their transactions (fast mode rolls back open ones).
func (c *Cluster) Stop() error {
	if c == nil || !c.started {
		return nil
	}
	return c.ForceStop()
}

// ForceStop stops the cluster whoever started it.
func (c *Cluster) ForceStop() error {
	out, err := c.pg(context.Background(), "pg_ctl", "-D", c.Dir, "-m", "fast", "-w", "stop").CombinedOutput()
	if err != nil && !strings.Contains(string(out), "Is server running?") {
		return fmt.Errorf("database: stop cluster: %v: %s", err, strings.TrimSpace(string(out)))
	}
	c.started = false
	_ = os.Remove(c.ownerFile())
	return nil
}

func (c *Cluster) init(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(c.Dir, "PG_VERSION")); err == nil {
		return c.prepareSocketDir()
	}
	// The parent stays readable: the postgres user must be able to reach the data
	// folder (and the socket folder inside it) when we run as root.
	if err := os.MkdirAll(filepath.Dir(c.Dir), 0o755); err != nil {
		return fmt.Errorf("database: cluster: %w", err)
	}
	if err := os.Mkdir(c.Dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("database: cluster: %w", err)
	}
	if err := c.chown(c.Dir); err != nil {
		return err
	}
	c.log.Info("initialising private PostgreSQL", "dir", c.Dir)
	out, err := c.pg(ctx, "initdb", "-D", c.Dir, "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions").CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "Permission denied") {
			return fmt.Errorf("database: initdb: the postgres user cannot reach %s: make every folder above it readable (chmod o+x), or set DATA_DIR elsewhere", c.Dir)
		}
		return fmt.Errorf("database: initdb: %v: %s", err, lastLine(out))
	}
	return c.prepareSocketDir()
}

func (c *Cluster) prepareSocketDir() error {
	if err := os.MkdirAll(c.SocketDir, 0o755); err != nil {
		return fmt.Errorf("database: socket folder: %w", err)
	}
	return c.chown(c.SocketDir)
}

// running reports whether the cluster answers. A postmaster.pid left by a crash (the
// machine or the process was killed) names a process that is gone or is no longer
// postgres; such a file is removed so that the next start succeeds.
func (c *Cluster) running(ctx context.Context) bool {
	pidFile := filepath.Join(c.Dir, "postmaster.pid")
	data, err := os.ReadFile(pidFile)
	if err != nil {
		return false
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0]))
	if pid > 0 && processIsPostgres(pid) {
		conn, err := pgx.Connect(ctx, c.URL("postgres"))
		if err == nil {
			conn.Close(ctx)
			return true
		}
		// A live postmaster still starting up or shutting down: let pg_ctl wait for it.
		return c.pg(ctx, "pg_ctl", "-D", c.Dir, "-w", "-t", "30", "status").Run() == nil
	}
	c.log.Warn("removing stale postmaster.pid", "pid", pid)
	_ = os.Remove(pidFile)
	return false
}

func processIsPostgres(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return true // no /proc: trust the signal check
	}
	name := strings.TrimSpace(string(comm))
	return name == "postgres" || name == "postmaster"
}

func (c *Cluster) start(ctx context.Context, opts ClusterOptions) error {
	settings := []string{
		"-c listen_addresses=''",
		"-k " + shellQuote(c.SocketDir),
		"-c max_connections=200",
	}
	if opts.Fast {
		settings = append(settings, "-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off")
	}
	logFile := filepath.Join(filepath.Dir(c.Dir), "postgres.log")
	if f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err == nil {
		f.Close()
		_ = c.chown(logFile)
	}
	cmd := c.pg(ctx, "pg_ctl", "-D", c.Dir, "-l", logFile, "-w", "-t", "60", "-o", strings.Join(settings, " "), "start")
	// Its own process group: Ctrl-C in the terminal reaches Spor, which then stops
	// the cluster cleanly, instead of reaching postgres directly.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("database: start cluster: %v: %s (see %s)", err, lastLine(out), logFile)
	}
	c.started = true
	c.log.Info("private PostgreSQL started", "socket", c.SocketDir)
	return nil
}

func (c *Cluster) createDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("database: connect to cluster: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("database: create %s: %w", name, err)
		}
	}
	return nil
}

// pg builds a command for a PostgreSQL binary, run as the postgres user when root.
func (c *Cluster) pg(ctx context.Context, name string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, name)
	if c.asUser != "" {
		return exec.CommandContext(ctx, "runuser", append([]string{"-u", c.asUser, "--", path}, args...)...)
	}
	return exec.CommandContext(ctx, path, args...)
}

func (c *Cluster) chown(path string) error {
	if c.asUser == "" {
		return nil
	}
	u, err := user.Lookup(c.asUser)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return filepath.WalkDir(path, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

// socketDir keeps the socket inside the data folder unless that path is too long for
// a Unix socket (about 107 bytes including ".s.PGSQL.5432"): deep CI checkouts get a
// short folder under /tmp named after a hash of the data folder instead.
func socketDir(dataDir string) string {
	dir := filepath.Join(dataDir, "run")
	if len(dir)+len("/.s.PGSQL.5432") < 100 {
		return dir
	}
	sum := sha256.Sum256([]byte(dataDir))
	return fmt.Sprintf("/tmp/spor-%x", sum[:6])
}

// findBinaries looks for pg_ctl on PATH, then in /usr/lib/postgresql/*/bin, newest first.
func findBinaries() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "initdb")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoPostgres
}

func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// WaitGone waits until the cluster's postmaster.pid is gone (used by tests).
func (c *Cluster) WaitGone(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(filepath.Join(c.Dir, "postmaster.pid")); errors.Is(err, fs.ErrNotExist) {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// Binary returns the path of a PostgreSQL client or server program (pg_dump,
// pg_restore, psql) from the same installation the private cluster uses.
func Binary(name string) (string, error) {
	dir, err := findBinaries()
	if err != nil {
		return "", err
	}
	// pg_ctl on PATH is often a link into the installation's bin folder, which has
	// the rest of the programs.
	if real, err := filepath.EvalSymlinks(filepath.Join(dir, "pg_ctl")); err == nil {
		dir = filepath.Dir(real)
	}
	return filepath.Join(dir, name), nil
}
