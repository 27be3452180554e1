// Package config reads Spor's settings from the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
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
	// LoginPerIP is how many failed logins one client address may have in 15
	// minutes before each further attempt from it is slowed down (progressively,
	// never refused: a whole library often shares one address).
	LoginPerIP int
	// SearchPerIP caps searches (/search, /search.atom) per client IP per minute;
	// 0 turns the cap off (the benchmark).
	SearchPerIP int
	// PprofAddr, when set (SPOR_PPROF), serves net/http/pprof on its own listener,
	// which must be a loopback address: profiles reveal internals and cost CPU, so
	// they are never on the public router.
	PprofAddr string
	// TrustedProxies are the networks whose X-Forwarded-For / X-Real-IP headers are
	// believed (TRUSTED_PROXIES); empty: the connection's address is the client's.
	TrustedProxies []netip.Prefix
	// MetricsAddr is where /metrics is served (METRICS_ADDR); empty: not at all. It
	// is its own listener so the public router never exposes internals.
	MetricsAddr string
	// SMTPURL is where mail is sent (smtp:// with STARTTLS required, smtps:// with
	// implicit TLS); empty keeps mails in PostgreSQL for /manage/mail.
	SMTPURL string
	// MailFrom is the From address of every mail.
	MailFrom string
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
			errs = append(errs, fmt.Errorf("LOGIN_LIMIT_PER_IP=%q: want a whole number of failed logins per 15 minutes, 1 or more", v))
		}
		c.LoginPerIP = n
	}
	c.SearchPerIP = 120
	if v := getenv("SEARCH_LIMIT_PER_IP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("SEARCH_LIMIT_PER_IP=%q: want a whole number of searches per minute, or 0 for no cap", v))
		}
		c.SearchPerIP = n
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
	if c.TrustedProxies, err = ParseProxies(getenv("TRUSTED_PROXIES")); err != nil {
		errs = append(errs, err)
	}
	c.MetricsAddr = "127.0.0.1:9090"
	if v, set := lookup(getenv, "METRICS_ADDR"); set {
		c.MetricsAddr = v
		if _, _, err := net.SplitHostPort(v); v != "" && err != nil {
			errs = append(errs, fmt.Errorf("METRICS_ADDR=%q: want host:port such as 127.0.0.1:9090, or off to turn metrics off", v))
		}
	}
	c.SMTPURL = getenv("SMTP_URL")
	if err := CheckSMTPURL(c.SMTPURL); err != nil {
		errs = append(errs, err)
	}
	c.MailFrom = or(getenv("MAIL_FROM"), "Spor <noreply@"+hostOf(c.BaseURL)+">")
	if a, err := mail.ParseAddress(c.MailFrom); err != nil || !strings.Contains(a.Address, ".") && !strings.HasSuffix(a.Address, "@localhost") {
		errs = append(errs, fmt.Errorf("MAIL_FROM=%q: want an address such as \"Spor <noreply@spor.example.org>\"", c.MailFrom))
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

// ParseProxies reads TRUSTED_PROXIES: comma-separated CIDRs (a bare address is
// one host).
func ParseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, fmt.Errorf("TRUSTED_PROXIES=%q: want comma-separated CIDRs such as 10.0.0.0/8,192.0.2.7/32", v)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// lookup reads name; "off" means set to empty (getenv cannot tell unset from empty).
func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	if v == "off" {
		return "", true
	}
	return v, v != ""
}

// CheckSMTPURL accepts smtp://[user:pass@]host[:port] (STARTTLS required),
// smtps://... (implicit TLS), and ?tls=none only towards a loopback host (tests, a
// local Mailpit). The error never contains the password.
func CheckSMTPURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("SMTP_URL: not a URL; want smtp://user:password@host:587 or smtps://user:password@host:465")
	}
	shown := u.Redacted()
	if (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return fmt.Errorf("SMTP_URL=%q: want smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465", shown)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("SMTP_URL=%q: the port must be a number from 1 to 65535", shown)
		}
	}
	switch tls := u.Query().Get("tls"); tls {
	case "":
	case "none":
		host := u.Hostname()
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("SMTP_URL=%q: tls=none is allowed only towards localhost; mail crosses the network encrypted", shown)
		}
		if u.Scheme == "smtps" {
			return fmt.Errorf("SMTP_URL=%q: smtps:// always uses TLS; drop tls=none or use smtp://", shown)
		}
	default:
		return fmt.Errorf("SMTP_URL=%q: tls accepts only none (for a loopback test server)", shown)
	}
	return nil
}

func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
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
