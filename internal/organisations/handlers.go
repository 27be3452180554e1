package organisations

import (
	"errors"
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/organisations"
)

// Handler serves the admin's organisation pages.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
}

// NewHandler returns the organisations handler.
func NewHandler(store *Store, sessions *scs.SessionManager) *Handler {
	return &Handler{store: store, sessions: sessions}
}

// ManageRoutes mounts /manage/organisations (admins only).
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/organisations", func(r chi.Router) {
		r.Use(auth.RequireRole(model.RoleAdmin))
		r.Get("/", h.list)
		r.Get("/new", h.newForm)
		r.Post("/", h.save)
		r.Get("/{id}", h.edit)
		r.Post("/{id}", h.save)
	})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	orgs, err := h.store.Organisations(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "orgs.title"), views.List(orgs))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, model.Organisation{Kind: "public_library", Country: "DK"}, nil)
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	o, err := h.store.Organisation(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, o, nil)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, o model.Organisation, errs model.Errors) {
	h.renderForm(w, r, status, views.OrgForm{Org: o, Errors: errs})
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v views.OrgForm) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "orgs.title"), views.Form(v))
}

func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	o := model.Organisation{
		Name:         r.PostFormValue("name"),
		Kind:         r.PostFormValue("kind"),
		Country:      r.PostFormValue("country"),
		Municipality: strings.TrimSpace(r.PostFormValue("municipality")),
		Region:       strings.TrimSpace(r.PostFormValue("region")),
		Website:      strings.TrimSpace(r.PostFormValue("website")),
		EmailDomains: model.ParseDomains(r.PostFormValue("email_domains")),
		RequireSSO:   httpx.FormBool(r, "require_sso"),
	}
	if chi.URLParam(r, "id") != "" {
		id, err := httpx.IDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		o.ID = id
	}
	if err := o.Validate(); err != nil {
		h.render(w, r, http.StatusUnprocessableEntity, o, err.(model.Errors))
		return
	}
	owners, err := h.store.DomainOwners(r.Context(), o.EmailDomains, o.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if len(owners) > 0 {
		h.renderForm(w, r, http.StatusUnprocessableEntity, views.OrgForm{Org: o, Errors: model.Errors{"email_domains": "orgs.domain_taken"}, Taken: owners})
		return
	}
	_, err = h.store.SaveOrganisation(r.Context(), o)
	if errors.Is(err, ErrDomainTaken) { // another admin took it since the check above
		h.render(w, r, http.StatusUnprocessableEntity, o, model.Errors{"email_domains": "orgs.domain_taken"})
		return
	}
	if errors.Is(err, database.ErrConflict) {
		h.render(w, r, http.StatusUnprocessableEntity, o, model.Errors{"name": "orgs.name_taken"})
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "orgs.saved")
	http.Redirect(w, r, "/manage/organisations", http.StatusSeeOther)
}
