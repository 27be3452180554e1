package account

import (
	"errors"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/account"
)

// Limits cap mail-sending requests in a fixed window: per client IP (a library
// often shares one address, so generous) and per target address (so nobody can be
// flooded with mail).
type Limits struct {
	Window     time.Duration
	PerIP      int
	PerAddress int
}

// DefaultLimits allow a person a few retries and stop a script.
var DefaultLimits = Limits{Window: 15 * time.Minute, PerIP: 30, PerAddress: 3}

// minAnswer is the least time a request that might send mail takes to answer, so an
// address with an account (token insert, enqueue) and one without (one lookup)
// cannot be told apart by timing.
const minAnswer = 250 * time.Millisecond

// Handler serves the account pages.
type Handler struct {
	store    *Store
	limiter  *auth.Store
	sessions *scs.SessionManager
	limits   Limits
	orgs     OrganisationLister
}

// NewHandler returns the account handler.
func NewHandler(store *Store, limiter *auth.Store, sessions *scs.SessionManager, limits Limits, orgs OrganisationLister) *Handler {
	if limits.Window == 0 {
		limits = DefaultLimits
	}
	return &Handler{store: store, limiter: limiter, sessions: sessions, limits: limits, orgs: orgs}
}

// Routes mounts the public account pages.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/password/forgot", h.forgotForm)
	r.Post("/password/forgot", h.forgot)
	r.Get("/password/reset/{token}", h.resetForm)
	r.Post("/password/reset/{token}", h.reset)
	r.Get("/signup", h.signupForm)
	r.Post("/signup", h.signup)
	r.Get("/email/confirm/{token}", h.confirmForm)
	r.Post("/email/confirm/{token}", h.confirm)
	r.Get("/invite/{token}", h.acceptForm)
	r.Post("/invite/{token}", h.accept)
}

// throttle counts the request against the client's IP and the target address
// (none: "") and reports whether either is over its limit.
func (h *Handler) throttle(r *http.Request, action, email string) error {
	ctx := r.Context()
	n, err := h.limiter.Hit(ctx, action+":ip:"+httpx.ClientIP(r), h.limits.Window)
	if err != nil {
		return err
	}
	m := 0
	if email != "" {
		if m, err = h.limiter.Hit(ctx, action+":addr:"+strings.ToLower(email), h.limits.Window); err != nil {
			return err
		}
	}
	if n > h.limits.PerIP || m > h.limits.PerAddress {
		slog.WarnContext(ctx, "account request throttled", "action", action, "ip", httpx.ClientIP(r))
		// Hit counts in windows aligned to the window's length: the client may
		// ask again when this one ends.
		return httpx.TooManyRequests(time.Until(time.Now().Truncate(h.limits.Window).Add(h.limits.Window)))
	}
	return nil
}

// parseEmail reads and checks the form's address.
func parseEmail(r *http.Request) (string, model.Errors) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	errs := model.Errors{}
	if !validEmail(email) {
		errs.Add("email", "account.email.invalid")
	}
	return email, errs
}

// validEmail accepts a bare address (no display name) of sensible length.
func validEmail(email string) bool {
	a, err := mail.ParseAddress(email)
	return err == nil && a.Address == email && len(email) <= 254 && strings.Contains(email[strings.LastIndex(email, "@"):], ".")
}

// padTo sleeps until d has passed since start.
func padTo(start time.Time, d time.Duration) {
	time.Sleep(time.Until(start.Add(d)))
}

func (h *Handler) forgotForm(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "account.forgot.title"), views.Forgot(views.EmailForm{}))
}

func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	email, errs := parseEmail(r)
	if len(errs) > 0 {
		httpx.Render(w, r, http.StatusUnprocessableEntity, i18n.T(r.Context(), "account.forgot.title"), views.Forgot(views.EmailForm{Email: email, Errors: errs}))
		return
	}
	if err := h.throttle(r, "forgot", email); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.RequestReset(r.Context(), email); err != nil {
		httpx.Error(w, r, err)
		return
	}
	padTo(start, minAnswer)
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "account.forgot.sent_title"),
		views.Sent("account.forgot.sent_title", "account.forgot.sent", email))
}

func (h *Handler) tokenPage(w http.ResponseWriter, r *http.Request, kind string) (Token, bool) {
	// The URL holds a secret: no cache may keep the page.
	w.Header().Set("Cache-Control", "no-store")
	t, err := h.store.ValidToken(r.Context(), kind, chi.URLParam(r, "token"))
	if errors.Is(err, ErrInvalidToken) {
		h.invalid(w, r, kind)
		return t, false
	}
	if err != nil {
		httpx.Error(w, r, err)
		return t, false
	}
	return t, true
}

// invalid answers 410 Gone with a way to ask for a new link.
func (h *Handler) invalid(w http.ResponseWriter, r *http.Request, kind string) {
	again, againID := "/password/forgot", "account.invalid.again_reset"
	switch kind {
	case "signup":
		again, againID = "/signup", "account.invalid.again_signup"
	case "invite":
		again, againID = "/login", "account.invalid.again_invite"
	case "email":
		again, againID = "/me/profile", "account.invalid.again_email"
	}
	httpx.Render(w, r, http.StatusGone, i18n.T(r.Context(), "account.invalid.title"), views.Invalid(again, againID))
}

func (h *Handler) resetForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.tokenPage(w, r, "reset"); !ok {
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "account.reset.title"), views.Reset(views.PasswordForm{Action: r.URL.Path}))
}

// checkPasswords validates the two password fields into errs.
func checkPasswords(r *http.Request, errs model.Errors, inputs ...string) string {
	p := r.PostFormValue("password")
	if problem := auth.PasswordProblem(p, inputs...); problem != "" {
		errs.Add("password", problem)
	} else if utf8.RuneCountInString(p) > 256 {
		errs.Add("password", "account.password.too_long")
	} else if p != r.PostFormValue("password2") {
		errs.Add("password2", "account.password.mismatch")
	}
	return p
}

func (h *Handler) reset(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	t, ok := h.tokenPage(w, r, "reset")
	if !ok {
		return
	}
	errs := model.Errors{}
	p := checkPasswords(r, errs, t.Email)
	if len(errs) > 0 {
		httpx.Render(w, r, http.StatusUnprocessableEntity, i18n.T(r.Context(), "account.reset.title"), views.Reset(views.PasswordForm{Action: r.URL.Path, Errors: errs}))
		return
	}
	hash, err := auth.HashPassword(r.Context(), p)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	userID, err := h.store.ResetPassword(r.Context(), chi.URLParam(r, "token"), hash)
	if errors.Is(err, ErrInvalidToken) {
		h.invalid(w, r, "reset")
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.logIn(w, r, userID, "account.reset.done")
}

func (h *Handler) logIn(w http.ResponseWriter, r *http.Request, userID int64, flash string) {
	if err := auth.LogIn(r.Context(), h.sessions, userID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), flash)
	slog.InfoContext(r.Context(), "login by mailed link", "user_id", userID)
	http.Redirect(w, r, "/me", http.StatusSeeOther)
}

func (h *Handler) signupForm(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "account.signup.title"), views.Signup(views.EmailForm{}))
}

func (h *Handler) signup(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	email, errs := parseEmail(r)
	if len(errs) > 0 {
		httpx.Render(w, r, http.StatusUnprocessableEntity, i18n.T(ctx, "account.signup.title"), views.Signup(views.EmailForm{Email: email, Errors: errs}))
		return
	}
	if err := h.throttle(r, "signup", email); err != nil {
		httpx.Error(w, r, err)
		return
	}
	found, err := h.store.RequestSignup(ctx, email, i18n.Lang(ctx))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if !found {
		httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "account.nodomain.title"), views.NoDomain(email))
		return
	}
	padTo(start, minAnswer)
	httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "account.signup.sent_title"),
		views.Sent("account.signup.sent_title", "account.signup.sent", email))
}

// emailToken reports whether /email/confirm/{token} is an address change (its
// token exists as kind "email"); otherwise it is a sign-up.
func (h *Handler) emailToken(r *http.Request) (Token, bool) {
	t, err := h.store.ValidToken(r.Context(), "email", chi.URLParam(r, "token"))
	return t, err == nil
}

func (h *Handler) confirmForm(w http.ResponseWriter, r *http.Request) {
	if t, ok := h.emailToken(r); ok {
		h.confirmEmailForm(w, r, t)
		return
	}
	t, ok := h.tokenPage(w, r, "signup")
	if !ok {
		return
	}
	f := views.ConfirmForm{Action: r.URL.Path, Email: t.Email, Organisation: t.Organisation, Lang: t.Lang}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "account.confirm.title"), views.Confirm(f))
}

func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if _, ok := h.emailToken(r); ok {
		h.confirmEmail(w, r)
		return
	}
	t, ok := h.tokenPage(w, r, "signup")
	if !ok {
		return
	}
	f := views.ConfirmForm{Action: r.URL.Path, Email: t.Email, Organisation: t.Organisation,
		Name: strings.TrimSpace(r.PostFormValue("name")), Lang: r.PostFormValue("lang"), Errors: model.Errors{}}
	p, ok := h.checkNewUser(r, &f)
	if !ok {
		httpx.Render(w, r, http.StatusUnprocessableEntity, i18n.T(r.Context(), "account.confirm.title"), views.Confirm(f))
		return
	}
	u, err := h.hashNewUser(r, f, p)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	userID, err := h.store.ConfirmSignup(r.Context(), chi.URLParam(r, "token"), u)
	if errors.Is(err, ErrInvalidToken) {
		h.invalid(w, r, "signup")
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.logIn(w, r, userID, "account.confirm.done")
}

// checkNewUser validates name, language and password of a new account into f.
func (h *Handler) checkNewUser(r *http.Request, f *views.ConfirmForm) (string, bool) {
	if f.Name == "" || utf8.RuneCountInString(f.Name) > 200 {
		f.Errors.Add("name", "account.name.invalid")
	}
	if !i18n.Supported(f.Lang) {
		f.Errors.Add("lang", "account.lang.invalid")
	}
	p := checkPasswords(r, f.Errors, f.Email, f.Name)
	return p, len(f.Errors) == 0
}

func (h *Handler) hashNewUser(r *http.Request, f views.ConfirmForm, password string) (NewUser, error) {
	hash, err := auth.HashPassword(r.Context(), password)
	return NewUser{Name: f.Name, Lang: f.Lang, PasswordHash: hash}, err
}
