package account

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/account"
)

// ProfileRoutes mounts /me/profile (logged-in users, their own account only: every
// handler works on httpx.User, never on an id from the request).
func (h *Handler) ProfileRoutes(r chi.Router) {
	r.Route("/me/profile", func(r chi.Router) {
		r.Use(auth.RequireUser)
		r.Get("/", h.profile)
		r.Post("/", h.saveProfile)
		r.Post("/password", h.changePassword)
		r.Post("/email", h.changeEmail)
		r.Post("/sessions/end-others", h.endOthers)
	})
}

func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, status int, v views.ProfilePage) {
	ctx := r.Context()
	u := httpx.User(r)
	if v.Name == "" && v.Lang == "" {
		v.Name, v.Lang = u.Name, u.Lang
	}
	v.Email = u.Email
	list, err := h.store.Sessions(ctx, u.ID, h.sessions.Token(ctx))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	for _, s := range list {
		v.Sessions = append(v.Sessions, views.Session{Current: s.Current, LastSeen: s.LastSeen, Expires: s.Expires})
	}
	httpx.Render(w, r, status, i18n.T(ctx, "profile.title"), views.Profile(v))
}

func (h *Handler) profile(w http.ResponseWriter, r *http.Request) {
	h.renderProfile(w, r, http.StatusOK, views.ProfilePage{})
}

func (h *Handler) saveProfile(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	v := views.ProfilePage{Name: strings.TrimSpace(r.PostFormValue("name")), Lang: r.PostFormValue("lang"), Errors: model.Errors{}}
	if v.Name == "" || utf8.RuneCountInString(v.Name) > 200 {
		v.Errors.Add("name", "account.name.invalid")
	}
	if !i18n.Supported(v.Lang) {
		v.Errors.Add("lang", "account.lang.invalid")
	}
	if len(v.Errors) > 0 {
		h.renderProfile(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err := h.store.UpdateProfile(r.Context(), httpx.User(r).ID, v.Name, v.Lang); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "profile.saved")
	http.Redirect(w, r, "/me/profile?lang="+v.Lang, http.StatusSeeOther)
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	u := httpx.User(r)
	// Guessing the current password here is as throttled as at the login form.
	if err := h.throttle(r, "password", "user:"+u.Email); err != nil {
		httpx.Error(w, r, err)
		return
	}
	v := views.ProfilePage{Errors: model.Errors{}}
	hash, err := h.store.PasswordHash(ctx, u.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if ok, err := auth.CheckPassword(ctx, r.PostFormValue("current"), hash); err != nil || !ok {
		v.Errors.Add("current", "profile.current_password.wrong")
	}
	p := checkPasswords(r, v.Errors, u.Email, u.Name)
	if len(v.Errors) > 0 {
		h.renderProfile(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	newHash, err := auth.HashPassword(ctx, p)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.ChangePassword(ctx, u.ID, newHash, h.sessions.Token(ctx)); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, ctx, "profile.password_changed")
	http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
}

func (h *Handler) changeEmail(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	u := httpx.User(r)
	email, errs := parseEmail(r)
	v := views.ProfilePage{NewEmail: email, Errors: errs}
	if len(errs) == 0 && strings.EqualFold(email, u.Email) {
		v.Errors.Add("email", "profile.new_email.same")
	}
	if len(v.Errors) > 0 {
		h.renderProfile(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err := h.throttle(r, "email", email); err != nil {
		httpx.Error(w, r, err)
		return
	}
	err := h.store.RequestEmailChange(ctx, u.ID, email)
	if errors.Is(err, database.ErrConflict) {
		// Saying "taken" reveals an account, but only to a logged-in, throttled user
		// who could not otherwise take over the address either way.
		v.Errors.Add("email", "profile.new_email.taken")
		h.renderProfile(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, ctx, "profile.email_sent")
	http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
}

func (h *Handler) endOthers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if _, err := h.store.EndOtherSessions(ctx, httpx.User(r).ID, h.sessions.Token(ctx)); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, ctx, "profile.ended_others")
	http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
}

// confirmEmailForm and confirmEmail serve /email/confirm/{token} for an address
// change (the same path confirms sign-ups).
func (h *Handler) confirmEmailForm(w http.ResponseWriter, r *http.Request, t Token) {
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "profile.confirm_email.title"), views.ConfirmEmail(r.URL.Path, t.Email))
}

func (h *Handler) confirmEmail(w http.ResponseWriter, r *http.Request) {
	_, err := h.store.ConfirmEmailChange(r.Context(), chi.URLParam(r, "token"))
	if errors.Is(err, ErrInvalidToken) {
		h.invalid(w, r, "email")
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "profile.email_changed")
	http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
}
