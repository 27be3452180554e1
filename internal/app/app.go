// Package app wires Spor together: it builds every domain's store and handler, the
// middleware chain and the router. It is the only package that imports the domains.
package app

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"spor/internal/alerts"
	"spor/internal/assessment"
	"spor/internal/auth"
	"spor/internal/config"
	"spor/internal/home"
	"spor/internal/httpx"
	"spor/internal/me"
	"spor/internal/organisations"
	"spor/web"
)

// Options are the parts of the configuration the app needs, plus test hooks.
type Options struct {
	Config      config.Config
	LoginLimits auth.Limits
	// SessionCleanup is how often expired sessions are deleted; 0 turns it off.
	SessionCleanup time.Duration
}

// App is the wired HTTP application.
type App struct {
	Handler  http.Handler
	Sessions *scs.SessionManager
	store    *pgxstore.PostgresStore
}

// Close stops background work (session clean-up).
func (a *App) Close() {
	if a.store != nil {
		a.store.StopCleanup()
	}
}

// New builds the application on pool.
func New(pool *pgxpool.Pool, opts Options) *App {
	cfg := opts.Config
	if opts.LoginLimits.Window == 0 {
		opts.LoginLimits = auth.DefaultLimits
		opts.LoginLimits.PerIP = cfg.LoginPerIP
	}

	store := pgxstore.NewWithCleanupInterval(pool, opts.SessionCleanup)
	sm := scs.New()
	sm.Store = countedStore{store}
	sm.Lifetime = 12 * time.Hour
	// The idle timeout is auth.TouchSession's (see there why not scs's own).
	sm.Cookie.Name = "spor_session"
	if cfg.SecureCookies {
		// __Host- cookies must be Secure, path /, and carry no Domain: the browser
		// then refuses them from any other (sub)domain.
		sm.Cookie.Name = "__Host-spor_session"
	}
	sm.Cookie.HttpOnly = true
	sm.Cookie.Secure = cfg.SecureCookies
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { httpx.Error(w, r, err) }

	orgStore := organisations.NewStore(pool)
	authH := auth.NewHandler(auth.NewStore(pool), sm, opts.LoginLimits, orgStore)
	orgH := organisations.NewHandler(orgStore, sm)
	alertH := alerts.NewHandler(alerts.NewStore(pool), sm, cfg.SecureCookies)
	homeH := home.NewHandler(home.NewStore(pool))
	meH := me.NewHandler(me.NewStore(pool), sm, cfg.BaseURL)
	assessmentH := assessment.NewHandler(assessment.NewStore(pool), sm)

	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.RealIP, accessLog, recoverer, securityHeaders(cfg.SecureCookies))

	// Operations endpoints: no session, no chrome.
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	r.Get("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := pool.Ping(r.Context()); err != nil {
			http.Error(w, "database unavailable\n", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	r.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(newRegistry(pool), promhttp.HandlerOpts{}))
	r.Handle("/static/*", http.StripPrefix("/static/", web.Static()))
	r.Get("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/img/favicon.svg", http.StatusMovedPermanently)
	})
	// The trivial page the benchmark uses as this machine's ceiling.
	r.Get("/bench/trivial", trivial)

	r.Group(func(r chi.Router) {
		r.Use(countQueries, bodyLimit(cfg.UploadLimit+httpx.MaxFormBytes), crossOrigin, sm.LoadAndSave,
			locale(cfg.SecureCookies), chrome(pool, sm))
		r.NotFound(func(w http.ResponseWriter, r *http.Request) { httpx.ErrorPage(w, r, http.StatusNotFound) })
		r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { httpx.ErrorPage(w, r, http.StatusMethodNotAllowed) })

		homeH.Routes(r)
		authH.Routes(r)
		alertH.Routes(r)
		meH.Routes(r)
		assessmentH.Routes(r)
		r.Route("/manage", func(r chi.Router) {
			r.Use(auth.RequireUser)
			r.Get("/", manageHome)
			authH.ManageRoutes(r)
			orgH.ManageRoutes(r)
			alertH.ManageRoutes(r)
			assessmentH.ManageRoutes(r)
		})
	})
	return &App{Handler: r, Sessions: sm, store: store}
}
