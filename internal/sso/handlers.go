package sso

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/scs/v2"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-chi/chi/v5"
	"golang.org/x/oauth2"

	"spor/internal/auth"
	"spor/internal/config"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/sso"
)

// Session keys. The flow and the pending link are JSON strings, so scs's gob
// codec needs no registered types.
const (
	flowKey   = "sso_flow"
	linkKey   = "sso_link"
	logoutKey = "sso_logout"
)

// flowTTL is how long a started login may take at the provider.
const flowTTL = 10 * time.Minute

// flow is one login in progress, bound to the browser's session: the callback
// must bring back the same state, and the ID token the same nonce.
type flow struct {
	Provider string    `json:"p"`
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"` // PKCE code verifier
	Next     string    `json:"next"`
	Started  time.Time `json:"t"`
}

// pendingLink is a verified work account waiting for the person to prove, with
// their password, that the existing Spor account with the same address is theirs.
type pendingLink struct {
	Provider string    `json:"p"`
	Subject  string    `json:"sub"`
	Email    string    `json:"e"`
	UserID   int64     `json:"u"`
	Next     string    `json:"next"`
	IDToken  string    `json:"id"`
	Started  time.Time `json:"t"`
}

// logoutInfo lets logout end the provider's session too.
type logoutInfo struct {
	Provider string `json:"p"`
	IDToken  string `json:"id"`
}

// Options adjust the handler (tests: a short discovery retry).
type Options struct {
	Retry  time.Duration
	Client *http.Client
}

// Handler serves the single sign-on flow.
type Handler struct {
	store     *Store
	auth      *auth.Store
	sessions  *scs.SessionManager
	baseURL   string
	providers map[string]*Provider
	order     []string
}

// NewHandler returns the handler for the configured providers; discovery waits
// until a provider is first used (see Start to begin it early).
func NewHandler(store *Store, authStore *auth.Store, sm *scs.SessionManager, baseURL string, cfgs []config.OIDCProvider, o Options) *Handler {
	if o.Retry == 0 {
		o.Retry = Retry
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 10 * time.Second}
	}
	h := &Handler{store: store, auth: authStore, sessions: sm, baseURL: baseURL, providers: map[string]*Provider{}}
	for _, c := range cfgs {
		h.providers[c.Key] = newProvider(c, baseURL, o.Client, o.Retry)
		h.order = append(h.order, c.Key)
	}
	return h
}

// Start reads every provider's discovery document in the background, so the
// first person to click a button does not wait for it.
func (h *Handler) Start() {
	for _, p := range h.providers {
		go func() { _, _ = p.discover(context.Background()) }()
	}
}

// Enabled reports whether any provider is configured.
func (h *Handler) Enabled() bool { return len(h.order) > 0 }

// Buttons are the login page's provider buttons in the page's language.
func (h *Handler) Buttons(ctx context.Context) []model.SSOButton {
	var b []model.SSOButton
	for _, k := range h.order {
		p := h.providers[k]
		b = append(b, model.SSOButton{Key: k, Label: p.Name(i18n.Lang(ctx)), Available: p.Available()})
	}
	return b
}

// Routes mounts the flow and the profile's unlink.
func (h *Handler) Routes(r chi.Router) {
	r.Post("/login/oidc/link", h.linkAccount)
	r.Post("/login/oidc/{provider}", h.start)
	r.Get("/login/oidc/{provider}/callback", h.callback)
	r.With(auth.RequireUser).Post("/me/profile/sso/{provider}/remove", h.unlink)
}

func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// problem renders the page that says why single sign-on did not let the person
// in and what to do instead; detail goes to the log only.
func (h *Handler) problem(w http.ResponseWriter, r *http.Request, status int, msg string, err error) {
	if err != nil {
		slog.WarnContext(r.Context(), "sso: login refused", "reason", msg, "err", err)
	}
	httpx.Render(w, r, status, i18n.T(r.Context(), "sso.problem.title"), views.Problem(msg))
}

// start begins a login at the provider (a POST: it writes to the session).
func (h *Handler) start(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	p, ok := h.providers[chi.URLParam(r, "provider")]
	if !ok {
		httpx.Error(w, r, database.ErrNotFound)
		return
	}
	next := httpx.LocalPath(r.PostFormValue("next"))
	if httpx.User(r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	op, err := p.discover(r.Context())
	if err != nil {
		h.problem(w, r, http.StatusServiceUnavailable, "sso.error.unavailable", err)
		return
	}
	f := flow{Provider: p.cfg.Key, State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(), Next: next, Started: time.Now()}
	b, _ := json.Marshal(f)
	h.sessions.Put(r.Context(), flowKey, string(b))
	u := p.oauth2Config(op).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// claims are the ID token's claims Spor reads.
type claims struct {
	Email         string `json:"email"`
	EmailVerified any    `json:"email_verified"` // some providers send "true"
	// XMSEdov is Microsoft Entra ID's optional claim "email domain owner
	// verified": Entra sends no email_verified.
	XMSEdov           any    `json:"xms_edov"`
	Name              string `json:"name"`
	PreferredUsername string `json:"preferred_username"`
}

func isTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true") || v == "1"
	}
	return false
}

// callback completes the login: the state must match the session's flow (which
// is used up here, once), the code is exchanged with the PKCE verifier, and the
// ID token must be signed by the provider, for this client, unexpired, and carry
// the flow's nonce.
func (h *Handler) callback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	// The answer (a redirect, the link page, a refusal) is for this browser only.
	w.Header().Set("Cache-Control", "no-store")
	p, ok := h.providers[chi.URLParam(r, "provider")]
	if !ok {
		httpx.Error(w, r, database.ErrNotFound)
		return
	}
	var f flow
	raw := h.sessions.PopString(ctx, flowKey)
	q := r.URL.Query()
	if raw == "" || json.Unmarshal([]byte(raw), &f) != nil || f.Provider != p.cfg.Key ||
		subtle.ConstantTimeCompare([]byte(f.State), []byte(q.Get("state"))) != 1 || time.Since(f.Started) > flowTTL {
		h.problem(w, r, http.StatusBadRequest, "sso.error.state", errors.New("state missing, expired or not this session's"))
		return
	}
	if e := q.Get("error"); e != "" {
		h.problem(w, r, http.StatusBadRequest, "sso.error.provider", errors.New("provider error: "+e))
		return
	}
	op, err := p.discover(ctx)
	if err != nil {
		h.problem(w, r, http.StatusServiceUnavailable, "sso.error.unavailable", err)
		return
	}
	cctx := p.clientContext(ctx)
	tok, err := p.oauth2Config(op).Exchange(cctx, q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		h.problem(w, r, http.StatusBadRequest, "sso.error.token", err)
		return
	}
	rawID, _ := tok.Extra("id_token").(string)
	idt, err := op.Verifier(&oidc.Config{ClientID: p.cfg.ClientID}).Verify(cctx, rawID)
	if err != nil {
		h.problem(w, r, http.StatusBadRequest, "sso.error.token", err)
		return
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		h.problem(w, r, http.StatusBadRequest, "sso.error.token", errors.New("nonce does not match"))
		return
	}
	var c claims
	if err := idt.Claims(&c); err != nil {
		h.problem(w, r, http.StatusBadRequest, "sso.error.token", err)
		return
	}
	h.signIn(w, r, p, idt.Subject, c, rawID, f.Next)
}

// signIn finds or makes the account for a verified ID token.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request, p *Provider, subject string, c claims, rawID, next string) {
	ctx := r.Context()
	email := strings.TrimSpace(c.Email)
	if subject == "" || len(subject) > 255 || len(email) > 254 {
		h.problem(w, r, http.StatusBadRequest, "sso.error.token", errors.New("subject or email too long"))
		return
	}
	a, err := h.store.userBySubject(ctx, p.cfg.Key, subject, email)
	switch {
	case err == nil:
		h.finish(w, r, p, a, rawID, next)
		return
	case !errors.Is(err, database.ErrNotFound):
		httpx.Error(w, r, err)
		return
	}
	// Not linked yet: only a verified address may create or find an account.
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email || !(isTrue(c.EmailVerified) || isTrue(c.XMSEdov)) {
		h.problem(w, r, http.StatusForbidden, "sso.error.unverified", errors.New("email missing or not verified"))
		return
	}
	a, err = h.store.userByEmail(ctx, email)
	if err == nil {
		if a.Disabled {
			h.problem(w, r, http.StatusForbidden, "sso.error.disabled", nil)
			return
		}
		// Never linked silently: the person proves the account is theirs.
		l := pendingLink{Provider: p.cfg.Key, Subject: subject, Email: email, UserID: a.ID, Next: next, IDToken: rawID, Started: time.Now()}
		b, _ := json.Marshal(l)
		h.sessions.Put(ctx, linkKey, string(b))
		h.renderLink(w, r, http.StatusOK, l, "")
		return
	}
	if !errors.Is(err, database.ErrNotFound) {
		httpx.Error(w, r, err)
		return
	}
	orgID, err := h.store.organisationFor(ctx, p.cfg.Organisation, p.cfg.ByEmailDomain, email)
	if errors.Is(err, database.ErrNotFound) {
		h.problem(w, r, http.StatusForbidden, "sso.error.no_organisation", errors.New("no organisation for "+p.cfg.Key))
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	id, err := h.store.createUser(ctx, p.cfg.Key, subject, email, displayName(c, email), i18n.Lang(ctx), orgID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "sso: account created", "provider", p.cfg.Key, "user_id", id)
	h.finish(w, r, p, account{ID: id}, rawID, next)
}

// displayName is the new account's name: the token's name, else the user name,
// else the address's local part.
func displayName(c claims, email string) string {
	for _, n := range []string{c.Name, c.PreferredUsername, strings.SplitN(email, "@", 2)[0]} {
		if n = strings.TrimSpace(n); n != "" && utf8.ValidString(n) {
			return httpx.TruncateUTF8(n, 200)
		}
	}
	return email
}

// finish starts the session, unless the account is disabled: the provider may
// still know the person, but Spor's decision stands.
func (h *Handler) finish(w http.ResponseWriter, r *http.Request, p *Provider, a account, rawID, next string) {
	ctx := r.Context()
	if a.Disabled {
		h.problem(w, r, http.StatusForbidden, "sso.error.disabled", nil)
		return
	}
	if err := auth.LogIn(ctx, h.sessions, a.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	b, _ := json.Marshal(logoutInfo{Provider: p.cfg.Key, IDToken: rawID})
	h.sessions.Put(ctx, logoutKey, string(b))
	httpx.SetFlash(h.sessions, ctx, "auth.login.welcome")
	slog.InfoContext(ctx, "login", "user_id", a.ID, "provider", p.cfg.Key)
	if next == "/" || next == "/login" {
		next = "/me"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) renderLink(w http.ResponseWriter, r *http.Request, status int, l pendingLink, errMsg string) {
	p := h.providers[l.Provider]
	httpx.Render(w, r, status, i18n.T(r.Context(), "sso.link.title"), views.Link(views.LinkPage{Provider: p.Name(i18n.Lang(r.Context())), Email: l.Email, Error: errMsg}))
}

// linkLimit is how many wrong passwords one account may get on the link page in
// linkWindow.
const (
	linkLimit  = 5
	linkWindow = 15 * time.Minute
)

// linkAccount links the pending work account once the person has given the
// existing account's password.
func (h *Handler) linkAccount(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	w.Header().Set("Cache-Control", "no-store")
	var l pendingLink
	raw := h.sessions.GetString(ctx, linkKey)
	if raw == "" || json.Unmarshal([]byte(raw), &l) != nil || time.Since(l.Started) > flowTTL {
		h.sessions.Remove(ctx, linkKey)
		h.problem(w, r, http.StatusBadRequest, "sso.error.state", errors.New("no pending link"))
		return
	}
	p, known := h.providers[l.Provider]
	if !known {
		h.sessions.Remove(ctx, linkKey)
		h.problem(w, r, http.StatusBadRequest, "sso.error.state", errors.New("pending link for an unknown provider"))
		return
	}
	hits, err := h.auth.Hit(ctx, "sso-link:"+l.Email, linkWindow)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if hits > linkLimit {
		httpx.Error(w, r, httpx.ErrTooManyRequests)
		return
	}
	hash, disabled, err := h.store.passwordHash(ctx, l.UserID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	password := r.PostFormValue("password")
	if ok, cerr := auth.CheckPassword(ctx, password, hash); hash == "" || password == "" || cerr != nil || !ok {
		h.renderLink(w, r, http.StatusUnauthorized, l, "sso.link.wrong_password")
		return
	}
	h.sessions.Remove(ctx, linkKey)
	if err := h.store.link(ctx, l.Provider, l.Subject, l.Email, l.UserID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "sso: account linked", "provider", l.Provider, "user_id", l.UserID)
	h.finish(w, r, p, account{ID: l.UserID, Disabled: disabled}, l.IDToken, l.Next)
}

// unlink removes the current user's link to a provider (their own only).
func (h *Handler) unlink(w http.ResponseWriter, r *http.Request) {
	if err := h.store.unlink(r.Context(), httpx.User(r).ID, chi.URLParam(r, "provider")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "sso.unlinked")
	http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
}

// Identities are the user's linked work accounts with provider names in the
// page's language (for the profile page).
func (h *Handler) Identities(ctx context.Context, userID int64) ([]model.LinkedIdentity, error) {
	ids, err := h.store.Identities(ctx, userID)
	for i := range ids {
		ids[i].ProviderName = ids[i].Provider // a provider since removed from the file
		if p, ok := h.providers[ids[i].Provider]; ok {
			ids[i].ProviderName = p.Name(i18n.Lang(ctx))
		}
	}
	return ids, err
}

// LogoutURL is where logout sends the browser: the provider's end_session_endpoint
// (RP-initiated logout) when the session came from a provider that has one, ""
// otherwise. It forgets the session's ID token either way.
func (h *Handler) LogoutURL(ctx context.Context) string {
	raw := h.sessions.PopString(ctx, logoutKey)
	var li logoutInfo
	if raw == "" || json.Unmarshal([]byte(raw), &li) != nil {
		return ""
	}
	p, ok := h.providers[li.Provider]
	if !ok {
		return ""
	}
	end := p.endSessionURL()
	u, err := url.Parse(end)
	if end == "" || err != nil {
		return ""
	}
	q := u.Query()
	q.Set("id_token_hint", li.IDToken)
	q.Set("client_id", p.cfg.ClientID)
	q.Set("post_logout_redirect_uri", h.baseURL+"/")
	u.RawQuery = q.Encode()
	return u.String()
}

// AllowForms adds the providers' origins to the CSP's form-action. Browsers
// apply form-action to the redirects after a form is sent too, so without it
// the login button (a POST answered by a redirect to the provider) and the
// logout form (a redirect to the provider's end_session_endpoint) would be
// blocked. Forms may still only be sent to Spor itself and these providers.
func (h *Handler) AllowForms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var origins []string
		for _, k := range h.order {
			for _, o := range h.providers[k].origins() {
				if !slices.Contains(origins, o) {
					origins = append(origins, o)
				}
			}
		}
		if csp := w.Header().Get("Content-Security-Policy"); len(origins) > 0 && strings.Contains(csp, "form-action 'self'") {
			w.Header().Set("Content-Security-Policy", strings.Replace(csp, "form-action 'self'", "form-action 'self' "+strings.Join(origins, " "), 1))
		}
		next.ServeHTTP(w, r)
	})
}
