package assessment

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/assessment"
)

// Handler serves /assessment and /manage/assessment.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	extras   Extras
}

// Extras are what other features add to the self-assessment's pages, wired in app
// (the learning catalogue); a nil function leaves its part out.
type Extras struct {
	// Recommend finds material for a person's weakest areas and statements.
	Recommend func(ctx context.Context, userID int64, lang string, areas []string, statements []int64) ([]model.AreaMaterial, error)
	// MaterialCounts counts the catalogue's material per area.
	MaterialCounts func(ctx context.Context) (map[string]int, error)
}

// NewHandler returns the self-assessment handler.
func NewHandler(store *Store, sessions *scs.SessionManager, extras ...Extras) *Handler {
	h := &Handler{store: store, sessions: sessions}
	if len(extras) > 0 {
		h.extras = extras[0]
	}
	return h
}

// Routes mounts the pages every logged-in staff member uses. Every attempt URL is
// looked up together with the user's id, so someone else's attempt is a 404. The
// form's address shows anonymous visitors what the self-assessment is, with a way to
// log in, rather than sending them to the login page without a word.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/assessment", func(r chi.Router) {
		r.Get("/", h.take)
		r.Group(func(r chi.Router) {
			r.Use(auth.RequireUser)
			r.Post("/", h.submit)
			r.Post("/draft", h.autosave)
			r.Get("/results", h.results)
			r.Get("/attempts/{id}", h.attempt)
			r.Get("/attempts/{id}/delete", h.confirmDelete)
			r.Post("/attempts/{id}/delete", h.deleteOne)
			r.Get("/delete-all", h.confirmDeleteAll)
			r.Post("/delete-all", h.deleteAll)
		})
	})
}

// ManageRoutes mounts /manage/assessment (coordinators and admins; which scopes each
// may see is checked per request).
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/assessment", func(r chi.Router) {
		r.Use(requireManager)
		r.Get("/", h.manage)
		r.Post("/targets", h.saveTargets)
		r.With(httpx.Conditional).Get("/export.csv", h.export)
	})
}

func requireManager(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !httpx.User(r).CanManage() {
			httpx.Error(w, r, httpx.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) take(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r)
	if u == nil {
		list, _, err := h.store.TakePage(r.Context(), 0)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "assessment.title"), views.Intro(len(list)))
		return
	}
	list, draft, err := h.store.TakePage(r.Context(), u.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderTake(w, r, http.StatusOK, views.TakePage{VersionID: list[0].VersionID, Statements: list, Values: draft})
}

func (h *Handler) renderTake(w http.ResponseWriter, r *http.Request, status int, p views.TakePage) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "assessment.title"), views.Take(p))
}

// parseAnswers reads the posted version and every statement's value; a value
// outside the scale counts as unanswered.
func (h *Handler) parseAnswers(w http.ResponseWriter, r *http.Request) ([]model.Statement, Draft, error) {
	if err := httpx.ParseForm(w, r); err != nil {
		return nil, nil, err
	}
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version <= 0 {
		return nil, nil, httpx.ErrBadRequest
	}
	list, err := h.store.Statements(r.Context(), version)
	if err != nil {
		return nil, nil, err
	}
	d := Draft{}
	for _, s := range list {
		v, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(views.FieldName(s))))
		if err == nil && v >= model.ScaleMin && v <= model.ScaleMax {
			d[s.ID] = v
		}
	}
	return list, d, nil
}

// submit stores the answers as a draft (action=draft) or as a completed attempt. With
// statements unanswered the form comes back (422) listing each of them; what was
// answered is kept, on the page and in the draft, so nothing is lost.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r)
	list, d, err := h.parseAnswers(w, r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if r.PostFormValue("action") == "draft" {
		if err := h.store.SaveDraft(r.Context(), u.ID, list[0].VersionID, d); err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.SetFlash(h.sessions, r.Context(), "assessment.draft_saved")
		http.Redirect(w, r, "/assessment", http.StatusSeeOther)
		return
	}
	var missing []model.Statement
	for _, s := range list {
		if d[s.ID] == 0 {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		if err := h.store.SaveDraft(r.Context(), u.ID, list[0].VersionID, d); err != nil {
			httpx.Error(w, r, err)
			return
		}
		h.renderTake(w, r, http.StatusUnprocessableEntity, views.TakePage{VersionID: list[0].VersionID, Statements: list, Values: d, Missing: missing})
		return
	}
	if _, err := h.store.Submit(r.Context(), u.ID, list[0].VersionID, d); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "assessment.saved")
	http.Redirect(w, r, "/assessment/results", http.StatusSeeOther)
}

// autosave is the optional script's endpoint: the same form, stored as the draft,
// answered with 204.
func (h *Handler) autosave(w http.ResponseWriter, r *http.Request) {
	list, d, err := h.parseAnswers(w, r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.SaveDraft(r.Context(), httpx.User(r).ID, list[0].VersionID, d); err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
