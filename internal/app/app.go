// Package app wires Spor together: it builds every domain's store and handler, the
// middleware chain and the router. It is the only package that imports the domains.
package app

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"spor/internal/account"
	"spor/internal/alerts"
	"spor/internal/assessment"
	"spor/internal/audit"
	"spor/internal/auth"
	"spor/internal/config"
	"spor/internal/database"
	"spor/internal/documents"
	"spor/internal/events"
	"spor/internal/groups"
	"spor/internal/home"
	"spor/internal/httpx"
	"spor/internal/learning"
	"spor/internal/mail"
	"spor/internal/me"
	"spor/internal/model"
	"spor/internal/news"
	"spor/internal/notify"
	"spor/internal/organisations"
	"spor/internal/privacy"
	"spor/internal/programmes"
	"spor/internal/search"
	"spor/internal/sso"
	"spor/internal/tracks"
	"spor/web"
)

// Options are the parts of the configuration the app needs, plus test hooks.
type Options struct {
	Config      config.Config
	LoginLimits auth.Limits
	// SessionCleanup is how often expired sessions are deleted; 0 turns it off.
	SessionCleanup time.Duration
	// StartMail runs the mail workers in this process (spor serve; tests that read
	// mail). Without it mails are only enqueued.
	StartMail bool
	// Mail adjusts the mail queue (tests: fast retries).
	Mail mail.Options
	// SSO adjusts single sign-on (tests: a short discovery retry).
	SSO sso.Options
}

// App is the wired HTTP application.
type App struct {
	Handler http.Handler
	// Metrics serves Prometheus metrics; it is mounted on its own listener
	// (METRICS_ADDR), never on the public router.
	Metrics     http.Handler
	Sessions    *scs.SessionManager
	Mail        *mail.Queue
	mailStarted bool
	stopCleanup context.CancelFunc
	cleanupDone chan struct{}
	closeProbe  func()
}

// Close stops background work (session clean-up, mail workers) and waits for it:
// mails being sent get 10 s to finish, the rest stay queued for the next start.
func (a *App) Close() {
	a.stopCleanup()
	<-a.cleanupDone
	if a.closeProbe != nil {
		a.closeProbe()
	}
	a.StopMail(10 * time.Second)
}

// StopMail stops the mail workers within d: sends in flight may finish until then,
// and are cancelled after it (River retries them at the next start). spor serve
// calls it while requests drain, so shutdown keeps its time limit.
func (a *App) StopMail(d time.Duration) {
	if !a.mailStarted {
		return
	}
	a.mailStarted = false
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := a.Mail.Stop(ctx); err != nil {
		slog.Warn("stopping mail queue: cancelling sends in flight", "err", err)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		if err := a.Mail.StopAndCancel(ctx); err != nil {
			slog.Warn("stopping mail queue", "err", err)
		}
	}
}

// New builds the application on pool.
func New(pool *pgxpool.Pool, opts Options) *App {
	cfg := opts.Config
	if opts.LoginLimits.Window == 0 {
		opts.LoginLimits = auth.DefaultLimits
		opts.LoginLimits.PerIP = cfg.LoginPerIP
	}

	// pgxstore's own clean-up goroutine races with its StopCleanup (the channel is
	// made inside the goroutine), so Spor runs the clean-up itself.
	store := pgxstore.NewWithCleanupInterval(pool, 0)
	sm := scs.New()
	sm.Store = countedStore{store, pool}
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

	learningStore := learning.NewStore(pool)
	mailOpts := opts.Mail
	// The learning catalogue's link check: River's leader schedules a turn every hour
	// (each link is due weekly, see learning.LinkChecker); the advisory lock keeps a
	// long turn from overlapping the next.
	checker := learning.NewLinkChecker(learningStore)
	mailOpts.Tasks = append(mailOpts.Tasks, mail.Task{Name: "learning-link-check", Interval: time.Hour, Timeout: time.Hour,
		Run: func(ctx context.Context, _ *mail.Queue) error {
			_, err := learning.RunLocked(ctx, pool, learning.LinkCheckLock, checker)
			return err
		}})
	mailQueue := newMailQueue(pool, cfg, mailOpts)
	mailbox := mail.NewMailbox(pool)

	orgStore := organisations.NewStore(pool)
	authH := auth.NewHandler(auth.NewStore(pool), sm, opts.LoginLimits, orgStore)
	orgH := organisations.NewHandler(orgStore, sm)
	alertH := alerts.NewHandler(alerts.NewStore(pool), sm, cfg.SecureCookies)
	homeH := home.NewHandler(home.NewStore(pool))
	meH := me.NewHandler(me.NewStore(pool), sm, cfg.BaseURL)
	// The events and tracks features fill these boxes by setting the functions here.
	progH := programmes.NewHandler(programmes.NewStore(pool), sm,
		programmes.Extras{ProgrammeEvents: events.QueueProgrammeUpcoming, ProgrammeTracks: tracks.QueueProgrammeTracks})
	groupStore := groups.NewStore(pool)
	groupH := groups.NewHandler(groupStore, sm, groups.Extras{GroupEvents: events.QueueGroupUpcoming, GroupMaterial: learning.QueueGroupMaterial})
	newsH := news.NewHandler(news.NewStore(pool).WithAtOnce(notify.AtOnce{Q: mailQueue}), groupStore, sm, cfg.BaseURL)
	docH := documents.NewHandler(documents.NewStore(pool).WithAtOnce(notify.AtOnce{Q: mailQueue}), groupStore, sm, cfg.UploadLimit)
	eventH := events.NewHandler(events.NewStore(pool).WithMail(mailQueue).WithAtOnce(notify.AtOnce{Q: mailQueue}), sm, cfg.BaseURL)
	trackH := tracks.NewHandler(tracks.NewStore(pool).WithMail(mailQueue), sm, cfg.BaseURL, cfg.UploadLimit, tracks.Extras{TrackMaterial: learning.QueueTrackMaterial})
	// The results page recommends catalogue material; the aggregates show where it lacks.
	assessmentH := assessment.NewHandler(assessment.NewStore(pool), sm,
		assessment.Extras{Recommend: learningStore.Recommend, MaterialCounts: learningStore.MaterialCounts})
	learningH := learning.NewHandler(learningStore, sm)
	searchH := search.NewHandler(search.NewStore(pool), cfg.BaseURL, search.NewLimiter(cfg.SearchPerIP, time.Minute))
	accountH := account.NewHandler(account.NewStore(pool, mailQueue), auth.NewStore(pool), sm, account.Limits{}, orgStore)
	mailH := mail.NewHandler(mailbox, cfg.SMTPURL != "")
	ssoH := sso.NewHandler(sso.NewStore(pool), auth.NewStore(pool), sm, cfg.BaseURL, cfg.OIDCProviders, opts.SSO)
	if ssoH.Enabled() {
		authH.SetSSO(ssoH)
		accountH.SetIdentities(ssoH.Identities)
		ssoH.Start()
	}
	auditH := audit.NewHandler(audit.NewStore(pool))
	privacyH := privacy.NewHandler(pool, sm, cfg.Privacy, privacyMailer(mailQueue))
	notifyH := notify.NewHandler(notify.NewStore(pool), sm)

	r := chi.NewRouter()
	r.Use(middleware.RequestID, httpx.RealIP(cfg.TrustedProxies), accessLog, recoverer, securityHeaders(cfg.SecureCookies))
	// HEAD is answered wherever GET is, by the GET handler (net/http drops the body).
	r.Use(headAsGet, httpx.Site(cfg.BaseURL))
	r.Use(checkInput) // bad bytes are a 400 before any handler or database work

	// Operations endpoints: no session, no chrome.
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	probe, err := database.ProbePool(pool)
	if err != nil {
		probe = pool // only a malformed configuration fails here, and pool has the same
	}
	r.Get("/readyz", readyz(probe))
	r.Handle("/static/*", http.StripPrefix("/static/", web.Static()))
	r.Get("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/img/favicon-32.png", http.StatusMovedPermanently)
	})
	// The trivial page the benchmark uses as this machine's ceiling.
	r.Get("/bench/trivial", trivial)

	r.Group(func(r chi.Router) {
		r.Use(countQueries, bodyLimit(cfg.UploadLimit+httpx.MaxFormBytes), crossOrigin, sm.LoadAndSave,
			locale(cfg.SecureCookies), chrome(pool, sm))
		r.Use(httpx.NoStorePersonal) // after chrome: it needs to know the user
		if ssoH.Enabled() {
			r.Use(ssoH.AllowForms)
		}
		r.NotFound(func(w http.ResponseWriter, r *http.Request) { httpx.ErrorPage(w, r, http.StatusNotFound) })
		r.MethodNotAllowed(withAllow(r, func(w http.ResponseWriter, r *http.Request) { httpx.ErrorPage(w, r, http.StatusMethodNotAllowed) }))

		homeH.Routes(r)
		authH.Routes(r)
		alertH.Routes(r)
		meH.Routes(r)
		progH.Routes(r)
		groupH.Routes(r)
		newsH.Routes(r)
		docH.Routes(r)
		eventH.Routes(r)
		trackH.Routes(r)
		assessmentH.Routes(r)
		searchH.Routes(r)
		learningH.Routes(r)
		accountH.Routes(r)
		accountH.ProfileRoutes(r)
		ssoH.Routes(r)
		privacyH.Routes(r)
		notifyH.Routes(r)
		r.Route("/manage", func(r chi.Router) {
			// Every write under /manage is credited to its user in the audit log.
			r.Use(audit.RecordActor)
			// Invitations have their own gate: admins and library contacts (who may
			// be staff) invite people.
			accountH.ManageRoutes(r)
			r.Group(func(r chi.Router) {
				// The role gates the rest of the subtree; each record is checked again below.
				r.Use(auth.RequireRole(model.RoleCoordinator, model.RoleAdmin))
				r.Get("/", manageHome)
				authH.ManageRoutes(r)
				orgH.ManageRoutes(r)
				alertH.ManageRoutes(r)
				eventH.ManageRoutes(r)
				progH.ManageRoutes(r)
				r.Route("/groups", func(r chi.Router) {
					groupH.ManageRoutes(r)
					newsH.ManageRoutes(r)
					docH.ManageRoutes(r)
				})
				trackH.ManageRoutes(r)
				assessmentH.ManageRoutes(r)
				mailH.ManageRoutes(r)
				auditH.ManageRoutes(r)
				privacyH.ManageRoutes(r)
				learningH.ManageRoutes(r)
			})
		})
	})
	notAllowedInSubrouters(r, withAllow(r, func(w http.ResponseWriter, r *http.Request) { httpx.ErrorPage(w, r, http.StatusMethodNotAllowed) }))
	ctx, cancel := context.WithCancel(context.Background())
	a := &App{Handler: r, Metrics: promhttp.HandlerFor(newRegistry(pool, mail.Collectors(pool)...), promhttp.HandlerOpts{}), Sessions: sm, Mail: mailQueue, stopCleanup: cancel, cleanupDone: make(chan struct{})}
	if opts.StartMail {
		// River's own context: cancelling it would stop the workers abruptly, so
		// Close stops them gracefully instead.
		if err := mailQueue.Start(context.Background()); err != nil {
			panic(err)
		}
		a.mailStarted = true
	}
	if probe != pool {
		a.closeProbe = probe.Close
	}
	go cleanup(ctx, pool, opts.SessionCleanup, a.cleanupDone, func(ctx context.Context) {
		privacy.RunDaily(ctx, pool, cfg.Privacy, privacyMailer(mailQueue), time.Now())
	})
	return a
}

// newMailQueue builds the queue with its sender: SMTP when SMTP_URL is set, the
// development mailbox otherwise. The configuration was checked at load, so an
// error here is a programming error.
func newMailQueue(pool *pgxpool.Pool, cfg config.Config, o mail.Options) *mail.Queue {
	if o.Sender == nil {
		o.Sender = mail.NewMailbox(pool)
		if cfg.SMTPURL != "" {
			smtp, err := mail.NewSMTP(cfg.SMTPURL)
			if err != nil {
				panic(err)
			}
			o.Sender = smtp
		}
	}
	o.Renderer = mail.Renderer{BaseURL: cfg.BaseURL, From: cfg.MailFrom}
	o.Tasks = append(o.Tasks, notify.Reminders(pool, cmp.Or(o.TaskInterval, notify.Interval)),
		notify.Digests(pool, cmp.Or(o.TaskInterval, notify.Interval)))
	q, err := mail.NewQueue(pool, o)
	if err != nil {
		panic(err)
	}
	return q
}

// cleanup deletes expired sessions and old login counters every interval until ctx
// ends (interval 0: never).
func cleanup(ctx context.Context, pool *pgxpool.Pool, interval time.Duration, done chan struct{}, daily func(context.Context)) {
	defer close(done)
	if interval <= 0 {
		return
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`); err != nil && ctx.Err() == nil {
				slog.Warn("session clean-up", "err", err)
			}
			if _, err := pool.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`); err != nil && ctx.Err() == nil {
				slog.Warn("rate-limit clean-up", "err", err)
			}
			// Spent and expired links are kept a month for the invitation list, then go.
			if _, err := pool.Exec(ctx, `DELETE FROM account_tokens WHERE expires_at < now() - interval '30 days' AND accepted_user_id IS NULL`); err != nil && ctx.Err() == nil {
				slog.Warn("account-token clean-up", "err", err)
			}
			// The retention job: runs on the first tick of each day, on one instance.
			daily(ctx)
		}
	}
}
