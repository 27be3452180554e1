package learning

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/learning"
)

// ManageRoutes mounts /manage/learning. Any coordinator or admin reaches the list
// (showing only what they may change); everything under /manage/learning/{id} is
// gated by requireEditor.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/learning", func(r chi.Router) {
		r.Use(requireManager)
		r.Get("/", h.manageList)
		r.Get("/new", h.newResource)
		r.Post("/", h.saveResource)
		r.Get("/export.csv", h.export)
		r.Post("/import", h.importCSV)
		h.listRoutes(r)
		r.Route("/{id}", func(r chi.Router) {
			r.Use(h.requireEditor)
			r.Get("/", h.editResource)
			r.Post("/", h.saveResource)
			r.Post("/archive", h.archive)
			r.Post("/restore", h.restore)
		})
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

type resourceKey struct{}

// requireEditor loads the resource in the URL and checks the user's role and
// programme against it on every request; handlers below it never check again.
func (h *Handler) requireEditor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := httpx.IDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		ok, err := h.store.CanEdit(r.Context(), httpx.User(r), id)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if !ok {
			httpx.Error(w, r, httpx.ErrForbidden)
			return
		}
		res, err := h.store.ResourceByID(r.Context(), id)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), resourceKey{}, res)))
	})
}

// gated is the resource requireEditor loaded.
func gated(r *http.Request) model.LearningResource {
	res, _ := r.Context().Value(resourceKey{}).(model.LearningResource)
	return res
}

func (h *Handler) manageList(w http.ResponseWriter, r *http.Request) {
	h.renderManage(w, r, http.StatusOK, nil)
}

func (h *Handler) renderManage(w http.ResponseWriter, r *http.Request, status int, imp *views.ImportResult) {
	list, err := h.store.Managed(r.Context(), httpx.User(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v := views.ManagePage{Resources: list, Import: imp}
	for _, res := range list {
		if res.LinkBroken() && !res.Archived {
			v.Broken = append(v.Broken, res)
		}
	}
	httpx.Render(w, r, status, i18n.T(r.Context(), "learning.manage_title"), views.Manage(v))
}

func (h *Handler) newResource(w http.ResponseWriter, r *http.Request) {
	res := model.LearningResource{Kind: "video", Lang: i18n.Lang(r.Context()), Level: "introductory", Visibility: model.VisibilityPublic}
	h.renderForm(w, r, http.StatusOK, fieldsOf(res, ""), nil)
}

func (h *Handler) editResource(w http.ResponseWriter, r *http.Request) {
	res := gated(r)
	h.renderForm(w, r, http.StatusOK, h.fields(r, res), nil)
}

// fields is res as form text, its programme named by id (the form's select).
func (h *Handler) fields(_ *http.Request, res model.LearningResource) Fields {
	prog := ""
	if res.ProgrammeID != 0 {
		prog = strconv.FormatInt(res.ProgrammeID, 10)
	}
	return fieldsOf(res, prog)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, f Fields, errs model.Errors) {
	ctx := r.Context()
	progs, err := h.store.Programmes(ctx, httpx.User(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	stmts, err := h.store.Statements(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v := views.ResourceForm{Fields: f, Errors: errs, Statements: stmts, Admin: httpx.User(r).IsAdmin()}
	if id, err := httpx.IDParam(r, "id"); err == nil {
		v.ID = id
		v.Archived = gated(r).Archived
	}
	for _, p := range progs {
		v.Programmes = append(v.Programmes, views.Choice{Value: strconv.FormatInt(p.ID, 10), Label: p.Title})
	}
	title := i18n.T(ctx, "learning.new")
	if v.ID != 0 {
		title = f["title"]
	}
	httpx.Render(w, r, status, title, views.Form(v))
}

// formFields reads the posted form into Fields.
func formFields(r *http.Request) Fields {
	f := Fields{}
	for _, c := range Columns {
		f[c] = r.PostFormValue(c)
	}
	// Checkboxes: many values of one name.
	f["areas"] = joinValues(r.PostForm["areas"])
	f["statements"] = joinValues(r.PostForm["statements"])
	return f
}

func (h *Handler) saveResource(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	u := httpx.User(r)
	f := formFields(r)
	progs, err := h.store.Programmes(ctx, u)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	res, errs := parseResource(f, progs, u.IsAdmin())
	res.ID = gated(r).ID
	if len(errs) > 0 {
		h.renderForm(w, r, http.StatusUnprocessableEntity, f, errs)
		return
	}
	id, err := h.store.SaveResource(ctx, res)
	if fe, ok := err.(model.Errors); ok {
		h.renderForm(w, r, http.StatusUnprocessableEntity, f, fe)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, ctx, "learning.saved")
	http.Redirect(w, r, "/manage/learning/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (h *Handler) archive(w http.ResponseWriter, r *http.Request) { h.setArchived(w, r, true) }

func (h *Handler) restore(w http.ResponseWriter, r *http.Request) { h.setArchived(w, r, false) }

func (h *Handler) setArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	res := gated(r)
	if err := h.store.SetArchived(r.Context(), res.ID, archived); err != nil {
		httpx.Error(w, r, err)
		return
	}
	msg := "learning.archived"
	if !archived {
		msg = "learning.restored"
	}
	httpx.SetFlash(h.sessions, r.Context(), msg)
	http.Redirect(w, r, "/manage/learning", http.StatusSeeOther)
}

func joinValues(vs []string) string {
	out := ""
	for i, v := range vs {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}
