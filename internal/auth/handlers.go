// Package auth logs staff in and out, guards pages by role, and lets admins manage
// users.
package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
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

// Limits are the login throttles, counted in PostgreSQL (shared by every instance)
// over a fixed window. Only failures count, and they are counted three ways: per
// account and client address, per account, and per client address. A client that
// keeps failing on one account is refused (PerAccount); everyone else is only slowed
// down, so an attacker elsewhere cannot lock the owner out, and a library's shared
// address keeps working for the people who know their passwords.
type Limits struct {
	Window time.Duration
	// PerIP failures from one client address, after which every attempt from it
	// waits a progressive delay.
	PerIP int
	// PerAccount failures on one account from one client address, after which that
	// client is refused for the account; the same number from all addresses together
	// makes attempts on the account wait a progressive delay.
	PerAccount int
	// BaseDelay is the first delay; it doubles with every further failure, up to
	// MaxDelay.
	BaseDelay, MaxDelay time.Duration
	// Sleep waits d or until ctx ends (nil: a timer); tests record the delays.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultLimits allow a forgetful person a few tries and slow a guessing script to a
// crawl.
var DefaultLimits = Limits{Window: 15 * time.Minute, PerIP: 30, PerAccount: 5,
	BaseDelay: 500 * time.Millisecond, MaxDelay: 10 * time.Second}

// delay is the progressive delay after failures, counted from limit on: none below
// it, then BaseDelay, doubling, at most MaxDelay.
func (l Limits) delay(failures, limit int) time.Duration {
	if failures < limit || l.BaseDelay <= 0 {
		return 0
	}
	d := l.BaseDelay
	for i := limit; i < failures && d < l.MaxDelay; i++ {
		d *= 2
	}
	return min(d, l.MaxDelay)
}

func (l Limits) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if l.Sleep != nil {
		return l.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

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
	ip := httpx.ClientIP(r)
	keys := failureKeys(form.Email, ip)
	pair, account, perIP, err := h.store.failures(ctx, keys, h.limits.Window)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if pair >= h.limits.PerAccount {
		slog.WarnContext(ctx, "login refused: repeated failures on one account from this address", "ip", ip)
		httpx.Error(w, r, httpx.TooManyRequests(h.limits.Window))
		return
	}
	// Slow down before the password is checked: a delayed answer only for wrong
	// passwords would tell a patient script which guess was right.
	if d := max(h.limits.delay(account, h.limits.PerAccount), h.limits.delay(perIP, h.limits.PerIP)); d > 0 {
		slog.InfoContext(ctx, "login slowed down", "ip", ip, "delay_ms", d.Milliseconds())
		if err := h.limits.sleep(ctx, d); err != nil {
			return // the client left
		}
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
		if err := h.store.fail(ctx, keys, h.limits.Window); err != nil {
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

// failureKeys are the rate_limits keys of a login attempt: the pair, the account and
// the address. The email is hashed so that a long invented address stores no more
// than any other. An IPv6 address counts by its /64, the block one subscriber gets:
// otherwise a single client could use a fresh address for every attempt.
func failureKeys(email, ip string) [3]string {
	if a, err := netip.ParseAddr(ip); err == nil && a.Is6() && !a.Is4In6() {
		ip = netip.PrefixFrom(a, 64).Masked().String()
	}
	sum := sha256.Sum256([]byte(strings.ToLower(email)))
	acct := hex.EncodeToString(sum[:16])
	return [3]string{"fail:pair:" + acct + "|" + ip, "fail:account:" + acct, "fail:ip:" + ip}
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
