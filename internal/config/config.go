// Package config reads Spor's settings from the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting Spor reads from the environment.
type Config struct {
	DatabaseURL   string // empty: start a private cluster in DataDir
	DataDir       string
	Addr          string
	BaseURL       string
	RunMigrations bool
	Demo          bool
	SecureCookies bool
	LogFormat     string // text or json
	LogLevel      slog.Level
	UploadLimit   int64 // bytes per uploaded document
	// LoginPerIP caps login attempts per client IP in 15 minutes. A whole library
	// often shares one address, so it is generous; failures per account are capped
	// separately at 5.
	LoginPerIP int
	// PprofAddr, when set (SPOR_PPROF), serves net/http/pprof on its own listener,
	// which must be a loopback address: profiles reveal internals and cost CPU, so
	// they are never on the public router.
	PprofAddr string
	// DBMaxConns is the size of the database pool (DB_MAX_CONNS; see
	// database.DefaultMaxConns for why 20).
	DBMaxConns int
	// ShutdownTimeout is how long SIGTERM lets requests in flight finish before it
	// cancels them (SHUTDOWN_TIMEOUT); the process exits within it plus a second.
	ShutdownTimeout time.Duration
}

// Load reads the configuration through getenv (os.Getenv in production, a map in
// tests). A wrong value is an error that names the variable and what it accepts.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: getenv("DATABASE_URL"),
		DataDir:     or(getenv("DATA_DIR"), "./.data"),
		Addr:        or(getenv("ADDR"), ":8080"),
		BaseURL:     strings.TrimRight(getenv("BASE_URL"), "/"),
		LogFormat:   or(getenv("LOG_FORMAT"), "text"),
	}
	var errs []error
	var err error
	if c.RunMigrations, err = boolVar(getenv, "RUN_MIGRATIONS", true); err != nil {
		errs = append(errs, err)
	}
	if c.Demo, err = boolVar(getenv, "DEMO", false); err != nil {
		errs = append(errs, err)
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost" + portOf(c.Addr)
	}
	u, perr := url.Parse(c.BaseURL)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("BASE_URL=%q: want an absolute http(s) URL such as https://spor.example.org", c.BaseURL))
	}
	localHTTP := strings.HasPrefix(c.BaseURL, "http://localhost") || strings.HasPrefix(c.BaseURL, "http://127.0.0.1")
	if c.SecureCookies, err = boolVar(getenv, "SECURE_COOKIES", !localHTTP); err != nil {
		errs = append(errs, err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("LOG_FORMAT=%q: want text or json", c.LogFormat))
	}
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("LOG_LEVEL=%q: want debug, info, warn or error", v))
		}
	}
	c.UploadLimit = 25 << 20
	if v := getenv("UPLOAD_LIMIT_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1024 {
			errs = append(errs, fmt.Errorf("UPLOAD_LIMIT_MB=%q: want a whole number of MiB from 1 to 1024", v))
		}
		c.UploadLimit = int64(n) << 20
	}
	c.LoginPerIP = 100
	if v := getenv("LOGIN_LIMIT_PER_IP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("LOGIN_LIMIT_PER_IP=%q: want a whole number of attempts per 15 minutes, 1 or more", v))
		}
		c.LoginPerIP = n
	}
	switch v := getenv("SPOR_PPROF"); v {
	case "", "0", "false":
	case "1", "true":
		c.PprofAddr = "127.0.0.1:6060"
	default:
		host, _, err := net.SplitHostPort(v)
		if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			errs = append(errs, fmt.Errorf("SPOR_PPROF=%q: want 1 (127.0.0.1:6060) or a loopback address such as 127.0.0.1:6061", v))
		}
		c.PprofAddr = v
	}
	c.DBMaxConns = 20
	if v := getenv("DB_MAX_CONNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 || n > 1000 {
			errs = append(errs, fmt.Errorf("DB_MAX_CONNS=%q: want a whole number of connections from 2 to 1000", v))
		}
		c.DBMaxConns = n
	}
	c.ShutdownTimeout = 10 * time.Second
	if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 10*time.Minute {
			errs = append(errs, fmt.Errorf("SHUTDOWN_TIMEOUT=%q: want a duration from 0s to 10m, such as 10s", v))
		}
		c.ShutdownTimeout = d
	}
	if c.DatabaseURL != "" {
		if _, err := url.Parse(c.DatabaseURL); err != nil || !strings.HasPrefix(c.DatabaseURL, "postgres") {
			errs = append(errs, errors.New("DATABASE_URL: want a postgres:// or postgresql:// URL"))
		}
	}
	return c, errors.Join(errs...)
}

func boolVar(getenv func(string) string, name string, def bool) (bool, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("%s=%q: want true or false", name, v)
	}
	return b, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func portOf(addr string) string {
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		return addr[i:]
	}
	return ""
}
