package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/alerts"
	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
)

// securityHeaders sets the headers every response carries. The CSP allows no inline
// script at all: JSON-LD and enhancement scripts are served as files or as
// non-executable data blocks.
func securityHeaders(secure bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			if secure {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// crossOrigin rejects unsafe cross-origin requests (CSRF) with a translated 403 page.
func crossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slog.WarnContext(r.Context(), "cross-origin request refused", "path", httpx.LogPath(r), "origin", r.Header.Get("Origin"))
		httpx.ErrorPage(w, r, http.StatusForbidden)
	}))
	return p.Handler(next)
}

// locale picks the page language; ?lang= is remembered in a cookie for a year.
func locale(secure bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			lang := i18n.Negotiate(r)
			if q := r.URL.Query().Get("lang"); i18n.Supported(q) {
				http.SetCookie(w, &http.Cookie{Name: "lang", Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
					HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
			}
			w.Header().Add("Vary", "Accept-Language, Cookie")
			w.Header().Set("Content-Language", lang)
			next.ServeHTTP(w, r.WithContext(i18n.WithLang(r.Context(), lang)))
		})
	}
}

// chrome loads what the layout needs, the logged-in user and the active alerts, in
// one database round trip, and pops the flash message.
func chrome(db *pgxpool.Pool, sm *scs.SessionManager) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			c := &httpx.Chrome{Dismissed: alerts.Dismissed(r)}
			var b pgx.Batch
			var u model.User
			userID := sm.GetInt64(ctx, auth.SessionUserKey)
			if userID != 0 && !auth.TouchSession(ctx, sm, time.Now()) {
				userID = 0
			}
			if userID != 0 {
				auth.QueueUser(&b, userID, &u)
			}
			alerts.QueueActive(&b, &c.Alerts)
			if err := db.SendBatch(ctx, &b).Close(); err != nil {
				httpx.Error(w, r, fmt.Errorf("app: chrome: %w", err))
				return
			}
			if u.ID != 0 {
				c.User = &u
				ctx = i18n.WithZone(ctx, u.Zone())
			} else if userID != 0 {
				sm.Remove(ctx, auth.SessionUserKey) // disabled or deleted since login
			}
			if sm.Exists(ctx, httpx.FlashKey) {
				c.Flash = sm.PopString(ctx, httpx.FlashKey)
			}
			next.ServeHTTP(w, r.WithContext(httpx.WithChrome(ctx, c)))
		})
	}
}

// countQueries carries a round-trip counter through the request and reports it in a
// Server-Timing header ("db;desc=queries;dur=0" counts, not times: the bench reads it).
func countQueries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, n := database.WithQueryCounter(r.Context())
		ww := &queryHeaderWriter{ResponseWriter: w, n: func() int64 { return n.Load() }}
		next.ServeHTTP(ww, r.WithContext(ctx))
	})
}

type queryHeaderWriter struct {
	http.ResponseWriter
	n       func() int64
	written bool
}

func (w *queryHeaderWriter) WriteHeader(status int) {
	if !w.written {
		w.written = true
		w.Header().Set("X-Spor-Queries", strconv.FormatInt(w.n(), 10))
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *queryHeaderWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *queryHeaderWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog writes one slog line per request with its request id.
func accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := chi.RouteContext(r.Context()).RoutePattern()
		observe(r.Method, route, ww.Status(), time.Since(start))
		level := slog.LevelInfo
		if route == "/static/*" || route == "/healthz" {
			level = slog.LevelDebug
		}
		slog.Log(r.Context(), level, "request", "method", r.Method, "path", httpx.LogPath(r), "status", ww.Status(),
			"bytes", ww.BytesWritten(), "duration_ms", time.Since(start).Milliseconds(),
			"request_id", middleware.GetReqID(r.Context()), "ip", httpx.ClientIP(r))
	})
}

// recoverer turns a panic into the translated 500 page and logs the stack.
func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", "value", fmt.Sprint(v), "stack", string(debug.Stack()),
					"request_id", middleware.GetReqID(r.Context()))
				httpx.ErrorPage(w, r, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// bodyLimit caps every request body; upload handlers set their own, larger limit.
func bodyLimit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				httpx.ErrorPage(w, r, http.StatusRequestEntityTooLarge)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}
