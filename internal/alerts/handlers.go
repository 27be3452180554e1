package alerts

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/alerts"
)

// DismissCookie remembers, per browser and without JavaScript, which alerts the
// visitor has dismissed: a comma-separated list of ids.
const DismissCookie = "spor_dismissed"

// Zone is the time zone admins enter alert windows in.
var Zone = mustZone("Europe/Copenhagen")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Handler serves /manage/alerts and the dismiss button.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	secure   bool
}

// NewHandler returns the alerts handler; secure marks the dismiss cookie Secure.
func NewHandler(store *Store, sessions *scs.SessionManager, secure bool) *Handler {
	return &Handler{store: store, sessions: sessions, secure: secure}
}

// Routes mounts the public dismiss endpoint.
func (h *Handler) Routes(r chi.Router) {
	r.Post("/alerts/{id}/dismiss", h.dismiss)
}

// ManageRoutes mounts /manage/alerts (admins only).
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/alerts", func(r chi.Router) {
		r.Use(auth.RequireRole(model.RoleAdmin))
		r.Get("/", h.list)
		r.Get("/new", h.newForm)
		r.Post("/", h.save)
		r.Get("/{id}", h.edit)
		r.Post("/{id}", h.save)
		r.Post("/{id}/end", h.end)
		r.Post("/{id}/delete", h.delete)
	})
}

// Dismissed parses the dismiss cookie.
func Dismissed(r *http.Request) map[int64]bool {
	c, err := r.Cookie(DismissCookie)
	if err != nil {
		return nil
	}
	ids := map[int64]bool{}
	for _, s := range strings.Split(c.Value, "-") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids[id] = true
		}
	}
	return ids
}

func (h *Handler) dismiss(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	a, err := h.store.Alert(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if a.Dismissible() {
		ids := []string{strconv.FormatInt(id, 10)}
		for old := range Dismissed(r) {
			if old != id && len(ids) < 50 {
				ids = append(ids, strconv.FormatInt(old, 10))
			}
		}
		http.SetCookie(w, &http.Cookie{Name: DismissCookie, Value: strings.Join(ids, "-"), Path: "/",
			MaxAge: 90 * 24 * 3600, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	}
	httpx.Back(w, r, "/")
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.Alerts(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "alerts.title"), views.List(views.AlertList{Alerts: list, Now: time.Now()}))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	now := time.Now().In(Zone).Truncate(time.Hour)
	a := model.Alert{Level: "info", Message: map[string]string{}, StartsAt: now, EndsAt: now.Add(7 * 24 * time.Hour)}
	h.render(w, r, http.StatusOK, a, nil)
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	a, err := h.store.Alert(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, a, nil)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, a model.Alert, errs model.Errors) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "alerts.title"), views.Form(views.AlertForm{Alert: a, Errors: errs, Zone: Zone}))
}

func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	a := model.Alert{
		Message: map[string]string{
			"da": r.PostFormValue("message_da"),
			"sv": r.PostFormValue("message_sv"),
			"en": r.PostFormValue("message_en"),
		},
		Level:    r.PostFormValue("level"),
		Link:     strings.TrimSpace(r.PostFormValue("link")),
		StartsAt: httpx.FormTime(r, "starts_at", Zone),
		EndsAt:   httpx.FormTime(r, "ends_at", Zone),
	}
	if chi.URLParam(r, "id") != "" {
		id, err := httpx.IDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		a.ID = id
	}
	if err := a.Validate(); err != nil {
		h.render(w, r, http.StatusUnprocessableEntity, a, err.(model.Errors))
		return
	}
	if _, err := h.store.SaveAlert(r.Context(), a, httpx.User(r).ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "alerts.saved")
	http.Redirect(w, r, "/manage/alerts", http.StatusSeeOther)
}

func (h *Handler) end(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, h.store.EndNow, "alerts.ended")
}

func (h *Handler) delete(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, h.store.DeleteAlert, "alerts.deleted")
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, id int64) error, flash string) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := do(r.Context(), id); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), flash)
	http.Redirect(w, r, "/manage/alerts", http.StatusSeeOther)
}
