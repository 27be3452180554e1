package groups

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/markdown"
	"spor/internal/model"
	"spor/templates/components"
	views "spor/templates/groups"
)

// editable loads {id} and checks that the user may edit it: admins always,
// coordinators only groups they are listed on.
func (h *Handler) editable(w http.ResponseWriter, r *http.Request) (model.GroupRef, bool) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return model.GroupRef{}, false
	}
	g, err := h.store.GroupRefByID(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return g, false
	}
	ok, err := h.store.CanEdit(r.Context(), httpx.User(r), g.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return g, false
	}
	if !ok {
		httpx.Error(w, r, httpx.ErrForbidden)
		return g, false
	}
	return g, true
}

func (h *Handler) manageList(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r)
	list, stale, err := h.store.Managed(r.Context(), u)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "groups.manage_title"),
		views.Manage(views.ManageList{Groups: list, Stale: stale, Admin: u.IsAdmin()}))
}

func (h *Handler) newGroup(w http.ResponseWriter, r *http.Request) {
	h.renderForm(w, r, http.StatusOK, model.Group{Lang: "da", Visibility: "public"}, nil)
}

func (h *Handler) editGroup(w http.ResponseWriter, r *http.Request) {
	ref, ok := h.editable(w, r)
	if !ok {
		return
	}
	g, err := h.store.Group(r.Context(), ref.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, g, nil)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, g model.Group, errs model.Errors) {
	ctx := r.Context()
	v := views.GroupForm{Group: g, Errors: errs, Admin: httpx.User(r).IsAdmin(), Now: time.Now()}
	if v.Admin {
		c, err := h.store.FormChoices(ctx)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		v.Programmes, v.Coordinators = c.Programmes, c.Coordinators
	}
	if g.ID != 0 {
		var err error
		if v.Contacts, err = h.store.Contacts(ctx, g.ID); err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	title := i18n.T(ctx, "groups.new")
	if g.ID != 0 {
		title = i18n.T(ctx, "groups.edit", "Title", g.Title)
	}
	httpx.Render(w, r, status, title, views.Form(v))
}

func (h *Handler) saveGroup(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	u := httpx.User(r)
	var g model.Group
	if chi.URLParam(r, "id") != "" {
		ref, ok := h.editable(w, r)
		if !ok {
			return
		}
		var err error
		if g, err = h.store.Group(r.Context(), ref.ID); err != nil {
			httpx.Error(w, r, err)
			return
		}
	} else if !u.IsAdmin() {
		httpx.Error(w, r, httpx.ErrForbidden)
		return
	}
	g.Title = r.PostFormValue("title")
	g.Summary = r.PostFormValue("summary")
	g.BodyMD = strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	g.Lang = r.PostFormValue("lang")
	g.ProjectURL = r.PostFormValue("project_url")
	if u.IsAdmin() {
		g.Slug = r.PostFormValue("slug")
		g.ProgrammeID = httpx.FormInt64(r, "programme")
		g.Visibility = r.PostFormValue("visibility")
		g.Coordinators = g.Coordinators[:0]
		for _, s := range r.PostForm["coordinators"] {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				g.Coordinators = append(g.Coordinators, id)
			}
		}
	}
	if err := g.Validate(); err != nil {
		h.renderForm(w, r, http.StatusUnprocessableEntity, g, err.(model.Errors))
		return
	}
	if u.IsAdmin() {
		ok, err := h.store.ValidCoordinators(r.Context(), g.Coordinators)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if !ok {
			h.renderForm(w, r, http.StatusUnprocessableEntity, g, model.Errors{"coordinators": "rights.error.not_coordinator"})
			return
		}
	}
	html, err := markdown.RenderField("body", g.BodyMD)
	if invalid := (model.Errors{}); errors.As(err, &invalid) {
		h.renderForm(w, r, http.StatusUnprocessableEntity, g, invalid)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	g.BodyHTML = html
	if g.ID == 0 {
		g.ID, err = h.store.CreateGroup(r.Context(), g)
	} else {
		err = h.store.UpdateGroup(r.Context(), g, u.IsAdmin())
	}
	if database.IsUniqueViolation(err, "groups_slug_key") {
		h.renderForm(w, r, http.StatusUnprocessableEntity, g, model.Errors{"slug": "groups.slug_taken"})
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "groups.saved")
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}

func (h *Handler) confirmDelete(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	path := "/manage/groups/" + strconv.FormatInt(g.ID, 10)
	httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "groups.delete"),
		components.ConfirmDelete(i18n.T(ctx, "groups.delete"), i18n.T(ctx, "groups.delete_what", "Title", g.Title), path+"/delete", path))
}

func (h *Handler) deleteGroup(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	if err := h.store.DeleteGroup(r.Context(), g.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "groups.deleted")
	http.Redirect(w, r, "/manage/groups", http.StatusSeeOther)
}
