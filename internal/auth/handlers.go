// Package auth logs staff in and out, guards pages by role, and lets admins manage
// users.
package auth

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	authviews "spor/templates/auth"
)

// SessionUserKey is the session key holding the logged-in user's id.
const SessionUserKey = "user_id"

// Limits are the login throttles: attempts per client IP, and failed attempts per
// account, each in a fixed window.
type Limits struct {
	Window     time.Duration
	PerIP      int
	PerAccount int
}

// DefaultLimits allow a forgetful person a few tries and stop a guessing script.
var DefaultLimits = Limits{Window: 15 * time.Minute, PerIP: 30, PerAccount: 5}

// Handler serves login, logout and the admin's user pages.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	limits   Limits
	orgs     OrganisationLister
}

// OrganisationLister lists organisations for the user form's select.
type OrganisationLister interface {
	OrganisationOptions(ctx context.Context) ([]model.Organisation, error)
}

// NewHandler returns the auth handler.
func NewHandler(store *Store, sessions *scs.SessionManager, limits Limits, orgs OrganisationLister) *Handler {
	return &Handler{store: store, sessions: sessions, limits: limits, orgs: orgs}
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if httpx.User(r) != nil {
		http.Redirect(w, r, httpx.LocalPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	h.renderLogin(w, r, http.StatusOK, authviews.LoginForm{Next: httpx.LocalPath(r.URL.Query().Get("next"))})
}

func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, f authviews.LoginForm) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "auth.login.title"), authviews.Login(f))
}

// login checks the throttles, then the password. A wrong password, an unknown email
// and a disabled account all get the same answer, so the form does not reveal which
// addresses have accounts.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	form := authviews.LoginForm{
		Email: strings.TrimSpace(r.PostFormValue("email")),
		Next:  httpx.LocalPath(r.PostFormValue("next")),
	}
	password := r.PostFormValue("password")
	if form.Email == "" || password == "" {
		form.Error = "auth.login.missing"
		h.renderLogin(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	n, err := h.store.hit(ctx, "ip:"+httpx.ClientIP(r), h.limits.Window)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	accountKey := "account:" + strings.ToLower(form.Email)
	failures, err := h.store.hits(ctx, accountKey, h.limits.Window)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if n > h.limits.PerIP || failures >= h.limits.PerAccount {
		slog.WarnContext(ctx, "login throttled", "ip", httpx.ClientIP(r))
		httpx.Error(w, r, httpx.ErrTooManyRequests)
		return
	}

	user, hash, err := h.store.userForLogin(ctx, form.Email)
	if err != nil && !errors.Is(err, database.ErrNotFound) {
		httpx.Error(w, r, err)
		return
	}
	if err != nil {
		hash = dummyHash()
	}
	ok, cerr := checkPassword(ctx, password, hash)
	if err != nil || cerr != nil || !ok || user.Disabled {
		if _, err := h.store.hit(ctx, accountKey, h.limits.Window); err != nil {
			httpx.Error(w, r, err)
			return
		}
		form.Error = "auth.login.failed"
		h.renderLogin(w, r, http.StatusUnauthorized, form)
		return
	}

	if needsRehash(hash) {
		h.rehash(ctx, user.ID, password)
	}

	// A new token on every change of privilege prevents session fixation.
	if err := h.sessions.RenewToken(ctx); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.sessions.Put(ctx, SessionUserKey, user.ID)
	h.sessions.Put(ctx, lastSeenKey, time.Now().Unix())
	httpx.SetFlash(h.sessions, ctx, "auth.login.welcome")
	slog.InfoContext(ctx, "login", "user_id", user.ID)
	next := form.Next
	if next == "/" || next == "/login" {
		next = "/me"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := h.sessions.RenewToken(ctx); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.sessions.Remove(ctx, SessionUserKey)
	httpx.SetFlash(h.sessions, ctx, "auth.logout.done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// RequireUser lets logged-in users through and sends others to the login page.
func RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if httpx.User(r) == nil {
			httpx.RedirectToLogin(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireRole lets through users with one of roles: anonymous visitors go to the
// login page, others get 403.
func RequireRole(roles ...model.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := httpx.User(r)
			for _, role := range roles {
				if u != nil && u.Role == role {
					next.ServeHTTP(w, r)
					return
				}
			}
			httpx.Error(w, r, httpx.ErrForbidden)
		})
	}
}
