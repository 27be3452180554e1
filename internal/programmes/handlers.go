package programmes

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/markdown"
	"spor/internal/model"
	"spor/templates/components"
	views "spor/templates/programmes"
)

// Handler serves programme pages and their management.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	extras   Extras
}

// NewHandler returns the programmes handler.
func NewHandler(store *Store, sessions *scs.SessionManager, extras Extras) *Handler {
	return &Handler{store: store, sessions: sessions, extras: extras}
}

// Routes mounts /programmes.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/programmes", h.list)
	r.Get("/programmes/{slug}", h.page)
}

// ManageRoutes mounts /manage/programmes (admins only).
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/programmes", func(r chi.Router) {
		r.Use(auth.RequireRole(model.RoleAdmin))
		r.Get("/", h.manageList)
		r.Get("/new", h.newForm)
		r.Post("/", h.save)
		r.Get("/{id}", h.edit)
		r.Post("/{id}", h.save)
		r.Get("/{id}/delete", h.confirmDelete)
		r.Post("/{id}/delete", h.delete)
	})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.Programmes(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "programmes.title"), views.List(views.ListPage{Programmes: list}))
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r)
	v, err := h.store.Page(r.Context(), chi.URLParam(r, "slug"), u != nil, h.extras)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v.Admin = u.IsAdmin()
	httpx.Render(w, r, http.StatusOK, v.Programme.Title, views.Page(v))
}

func (h *Handler) manageList(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.Programmes(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "programmes.title"), views.List(views.ListPage{Programmes: list, Manage: true}))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, model.Programme{Lang: "da"}, nil)
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	p, err := h.store.Programme(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, p, nil)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, p model.Programme, errs model.Errors) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "programmes.title"), views.Edit(views.Form{Programme: p, Errors: errs}))
}

func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	p := model.Programme{
		Title:          r.PostFormValue("title"),
		Slug:           r.PostFormValue("slug"),
		Summary:        r.PostFormValue("summary"),
		BodyMD:         strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"),
		Funder:         r.PostFormValue("funder"),
		CoordinatorOrg: r.PostFormValue("coordinator_org"),
		Lang:           r.PostFormValue("lang"),
		Website:        r.PostFormValue("website"),
	}
	if chi.URLParam(r, "id") != "" {
		id, err := httpx.IDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		p.ID = id
	}
	dateErrs := model.Errors{}
	for _, f := range []struct {
		name string
		into **time.Time
	}{{"starts_on", &p.StartsOn}, {"ends_on", &p.EndsOn}} {
		if strings.TrimSpace(r.PostFormValue(f.name)) == "" {
			continue
		}
		if t := httpx.FormDate(r, f.name); !t.IsZero() {
			*f.into = &t
		} else {
			dateErrs.Add(f.name, "error.date")
		}
	}
	err := p.Validate()
	if err != nil || len(dateErrs) > 0 {
		errs := dateErrs
		if err != nil {
			for k, v := range err.(model.Errors) {
				errs.Add(k, v)
			}
		}
		h.render(w, r, http.StatusUnprocessableEntity, p, errs)
		return
	}
	if p.BodyHTML, err = markdown.RenderField("body", p.BodyMD); err != nil {
		if invalid := (model.Errors{}); errors.As(err, &invalid) {
			h.render(w, r, http.StatusUnprocessableEntity, p, invalid)
			return
		}
		httpx.Error(w, r, err)
		return
	}
	_, err = h.store.Save(r.Context(), p)
	if database.IsUniqueViolation(err, "programmes_slug_key") {
		h.render(w, r, http.StatusUnprocessableEntity, p, model.Errors{"slug": "groups.slug_taken"})
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "programmes.saved")
	http.Redirect(w, r, "/manage/programmes", http.StatusSeeOther)
}

func (h *Handler) confirmDelete(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	p, err := h.store.Programme(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	path := "/manage/programmes/" + strconv.FormatInt(p.ID, 10)
	httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "programmes.delete"),
		components.ConfirmDelete(i18n.T(ctx, "programmes.delete"), i18n.T(ctx, "programmes.delete_what", "Title", p.Title), path+"/delete", "/manage/programmes"))
}

func (h *Handler) delete(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.Delete(r.Context(), id); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "programmes.deleted")
	http.Redirect(w, r, "/manage/programmes", http.StatusSeeOther)
}
