package privacy

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
	"spor/internal/config"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	privacyviews "spor/templates/privacy"
)

// Handler serves /privacy, /me/privacy and the admin's erasure.
type Handler struct {
	db       *pgxpool.Pool
	sessions *scs.SessionManager
	cfg      config.Privacy
	mailer   Mailer
}

// NewHandler returns the privacy pages; mailer tells coordinators of erased contacts.
func NewHandler(db *pgxpool.Pool, sm *scs.SessionManager, cfg config.Privacy, mailer Mailer) *Handler {
	return &Handler{db: db, sessions: sm, cfg: cfg, mailer: mailer}
}

// Routes mounts the public statement and the person's own page.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/privacy", h.statement)
	r.Route("/me/privacy", func(r chi.Router) {
		r.Use(auth.RequireUser)
		r.Get("/", h.me)
		r.Get("/export.zip", h.export)
		r.Post("/erase", h.eraseSelf)
	})
}

// ManageRoutes mounts the admin's erasure of any account.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/erase", func(r chi.Router) {
		r.Use(auth.RequireRole(model.RoleAdmin))
		r.Get("/{id}", h.eraseForm)
		r.Post("/{id}", h.eraseUser)
	})
}

func (h *Handler) retention() privacyviews.Retention {
	return privacyviews.Retention{Registrations: h.cfg.RegistrationsMonths, Inactive: h.cfg.InactiveMonths, Audit: h.cfg.AuditMonths}
}

func (h *Handler) statement(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "privacy.title"), privacyviews.StatementPage(privacyviews.Statement{
		Controller: h.cfg.Controller, Contact: h.cfg.Contact, Retention: h.retention()}))
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	h.renderMe(w, r, http.StatusOK, "")
}

func (h *Handler) renderMe(w http.ResponseWriter, r *http.Request, status int, emailErr string) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "privacy.me_title"), privacyviews.MePage(privacyviews.Me{
		Email: httpx.User(r).Email, EmailError: emailErr, Retention: h.retention()}))
}

// export streams the person's ZIP. Headers go out before the first byte, so an
// error half-way can only cut the download short (a broken ZIP the person's tools
// reject), and is logged.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r)
	hd := w.Header()
	hd.Set("Content-Type", "application/zip")
	hd.Set("Content-Disposition", httpx.Attachment("spor-"+time.Now().UTC().Format("2006-01-02")+".zip"))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	ctx := r.Context()
	html := func(email string, s []privacyviews.ExportSection) templ.Component {
		return privacyviews.ExportPage(email, s)
	}
	if err := Export(ctx, h.db, u.ID, w, html); err != nil {
		slog.ErrorContext(ctx, "privacy: export cut short", "user_id", u.ID, "err", err)
	}
}

func sameEmail(typed, email string) bool {
	return strings.EqualFold(strings.TrimSpace(typed), email)
}

// eraseSelf erases the signed-in person's own account once they typed its address.
func (h *Handler) eraseSelf(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	u := httpx.User(r)
	if !sameEmail(r.PostFormValue("email"), u.Email) {
		h.renderMe(w, r, http.StatusUnprocessableEntity, i18n.T(r.Context(), "privacy.erase_mismatch"))
		return
	}
	ctx := database.WithActor(r.Context(), u.ID)
	n, err := Erase(ctx, h.db, u.ID, h.mailer)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "account erased", "user_id", u.ID, "by", "self", "registrations_anonymised", n.Anonymised, "attempts", n.Attempts, "contact_groups", n.ContactGroups)
	// Its sessions are gone from the database; this request's must not be saved again.
	if err := h.sessions.Destroy(ctx); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, ctx, "privacy.erased")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *Handler) loadUser(w http.ResponseWriter, r *http.Request) (privacyviews.EraseUser, bool) {
	id, err := httpx.IDParam(r, "id")
	var v privacyviews.EraseUser
	if err == nil {
		err = database.Wrap(h.db.QueryRow(r.Context(), `SELECT id, name, email FROM users WHERE id = $1`, id).Scan(&v.ID, &v.Name, &v.Email), "privacy: user")
	}
	if err != nil {
		httpx.Error(w, r, err)
		return v, false
	}
	return v, true
}

func (h *Handler) eraseForm(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.loadUser(w, r); ok {
		httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "privacy.admin_erase_title"), privacyviews.EraseUserPage(v))
	}
}

// eraseUser is the admin's erasure of an account, confirmed by typing its address.
// An admin cannot erase themselves here (that is /me/privacy), so a slip cannot lock
// the last admin out from this page.
func (h *Handler) eraseUser(w http.ResponseWriter, r *http.Request) {
	v, ok := h.loadUser(w, r)
	if !ok {
		return
	}
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	admin := httpx.User(r)
	switch {
	case v.ID == admin.ID:
		v.Error = i18n.T(r.Context(), "privacy.erase_self_here")
	case !sameEmail(r.PostFormValue("email"), v.Email):
		v.Error = i18n.T(r.Context(), "privacy.erase_mismatch")
	}
	if v.Error != "" {
		httpx.Render(w, r, http.StatusUnprocessableEntity, i18n.T(r.Context(), "privacy.admin_erase_title"), privacyviews.EraseUserPage(v))
		return
	}
	n, err := Erase(r.Context(), h.db, v.ID, h.mailer)
	if errors.Is(err, database.ErrNotFound) {
		http.Redirect(w, r, "/manage/users", http.StatusSeeOther)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	slog.InfoContext(r.Context(), "account erased", "user_id", v.ID, "by", admin.ID, "registrations_anonymised", n.Anonymised, "attempts", n.Attempts, "contact_groups", n.ContactGroups)
	httpx.SetFlash(h.sessions, r.Context(), "privacy.erased_user")
	http.Redirect(w, r, "/manage/users", http.StatusSeeOther)
}
