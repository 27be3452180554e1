// Command spor runs the Spor portal and its chores: serve, migrate, seed, user, cluster.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"spor/internal/config"
	"spor/internal/database"
)

const usage = `Spor: a portal for national library competence programmes.

Usage:
  spor serve                          run the web server (ADDR, default :8080)
  spor migrate up|down|status         apply, roll back one, or list migrations
  spor seed demo                      load demo content into an empty database
  spor seed scale [--seed N] [--staff N ...]
                                      load the national-scale benchmark dataset
  spor org add --name N --kind K --country C [--domain D ...]
                                      create an organisation (kinds: public_library,
                                      central_library, regional_library,
                                      national_library, municipality_association,
                                      union; countries: DK, SE, NO, FI)
  spor user add --email E --name N --org "Organisation" --role staff|coordinator|admin
                                      create a user; the password comes from
                                      SPOR_PASSWORD or standard input, never a flag
  spor cluster start|stop|url         manage the private PostgreSQL in DATA_DIR
  spor healthcheck                    exit 0 when the server on ADDR is ready
                                      (/readyz answers 200): for HEALTHCHECK
  spor version                        print the version
  spor help                           print this help

Configuration comes from the environment: DATABASE_URL (unset: a private cluster in
DATA_DIR), DATA_DIR, ADDR, BASE_URL, RUN_MIGRATIONS, DEMO, SECURE_COOKIES, LOG_FORMAT,
LOG_LEVEL, UPLOAD_LIMIT_MB, LOGIN_LIMIT_PER_IP, TRUSTED_PROXIES, METRICS_ADDR. See the README.
`

// getenv is os.Getenv, except that a METRICS_ADDR set to empty reads as "off"
// (config.Load cannot tell empty from unset, and empty turns metrics off).
func getenv(k string) string {
	v, set := os.LookupEnv(k)
	if k == "METRICS_ADDR" && set && v == "" {
		return "off"
	}
	return v
}

// errUsage makes main print the usage and exit 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	case err != nil && os.Getenv("LOG_FORMAT") == "json":
		slog.New(slog.NewJSONHandler(os.Stderr, nil)).Error("spor: " + err.Error())
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "spor:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "version":
		fmt.Fprintln(stdout, "spor", version())
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if cmd == "healthcheck" { // silent on success: it runs every few seconds
		if len(rest) != 0 {
			return errUsage
		}
		return healthcheck(ctx, cfg.Addr)
	}
	log := newLogger(cfg, stderr)
	slog.SetDefault(log)
	if cfg.LogFormat == "json" && oneOf(cmd, "serve", "migrate", "seed") {
		stdout = &logLines{log: log}
	}
	switch cmd {
	case "serve":
		if len(rest) != 0 {
			return errUsage
		}
		return serve(ctx, cfg, log, stdout)
	case "migrate":
		if len(rest) != 1 || !oneOf(rest[0], "up", "down", "status") {
			return errUsage
		}
		return withDB(ctx, cfg, log, func(db *dbConn) error { return database.Migrate(ctx, db.pool, rest[0], stdout) })
	case "seed":
		return seed(ctx, cfg, log, rest, stdout)
	case "org":
		return orgCmd(ctx, cfg, log, rest, stdout)
	case "user":
		return userCmd(ctx, cfg, log, rest, getenv, stdin, stdout)
	case "cluster":
		return clusterCmd(ctx, cfg, log, rest, stdout)
	}
	return errUsage
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return s.Value[:12]
			}
		}
		if info.Main.Version != "" {
			return info.Main.Version
		}
	}
	return "dev"
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

// newFlags returns a flag set that reports errors instead of exiting, silently:
// main prints the usage once.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// readPassword takes the password from SPOR_PASSWORD, or else the first line of
// standard input. It is never a flag: flags show up in ps and shell history.
func readPassword(getenv func(string) string, stdin io.Reader) (string, error) {
	if p := getenv("SPOR_PASSWORD"); p != "" {
		return p, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password: set SPOR_PASSWORD or give it on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
