package documents

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	"spor/internal/upload"
	"spor/templates/components"
	views "spor/templates/documents"
)

// GroupFinder resolves the group a document belongs to (the groups store).
type GroupFinder interface {
	GroupRef(ctx context.Context, slug string) (model.GroupRef, error)
	GroupRefByID(ctx context.Context, id int64) (model.GroupRef, error)
}

// Handler serves downloads and the upload pages.
type Handler struct {
	store    *Store
	groups   GroupFinder
	sessions *scs.SessionManager
	limits   upload.Limits
}

// NewHandler returns the documents handler; maxBytes is the upload limit per file.
func NewHandler(store *Store, groups GroupFinder, sessions *scs.SessionManager, maxBytes int64) *Handler {
	return &Handler{store: store, groups: groups, sessions: sessions, limits: upload.DefaultLimits(maxBytes)}
}

// Routes mounts the download.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/groups/{slug}/documents/{id}/{filename}", h.download)
}

// ManageRoutes mounts /{id}/documents; app mounts it inside /manage/groups.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/{id}/documents", func(r chi.Router) {
		r.Get("/", h.list)
		r.Post("/", h.upload)
		r.Get("/{did}/delete", h.confirmDelete)
		r.Post("/{did}/delete", h.delete)
	})
}

func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	g, err := h.groups.GroupRef(r.Context(), slug)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if to := g.Moved(r.URL.Path, slug); to != "" {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	// Documents of a staff-only group need a login, like the group itself.
	if !g.VisibleTo(httpx.User(r)) {
		httpx.Error(w, r, httpx.ErrForbidden)
		return
	}
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	d, err := h.store.Document(r.Context(), g.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if chi.URLParam(r, "filename") != d.Filename {
		http.Redirect(w, r, views.DownloadURL(g.Slug, d), http.StatusMovedPermanently)
		return
	}
	httpx.ServeDownload(w, r, httpx.Download{Filename: d.Filename, ContentType: d.ContentType, SHA256: d.SHA256, Public: g.Visibility != "staff", Modified: d.CreatedAt},
		func() ([]byte, error) { return h.store.Data(r.Context(), d.ID) })
}

// editable loads {id} and checks that the user may edit the group.
func (h *Handler) editable(w http.ResponseWriter, r *http.Request) (model.GroupRef, bool) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return model.GroupRef{}, false
	}
	g, err := h.groups.GroupRefByID(r.Context(), id)
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

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	h.render(w, r, http.StatusOK, views.Manage{Group: g, Form: model.Document{Lang: g.Lang}})
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, v views.Manage) {
	docs, err := h.store.Documents(r.Context(), v.Group.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v.Documents = docs
	v.MaxMB = h.limits.MaxBytes >> 20
	httpx.Render(w, r, status, i18n.T(r.Context(), "documents.manage_title"), views.List(v))
}

// upload reads the form as a stream (upload.Form): the file is checked while it is
// read, and a file over the limit stops the reading at once.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	values, file, err := upload.Form(r, "file", h.limits)
	if upload.IsBadRequest(err) {
		httpx.Error(w, r, httpx.ErrBadRequest)
		return
	}
	d := model.Document{GroupID: g.ID, Title: values.Get("title"), Description: values.Get("description"), Lang: values.Get("lang")}
	errs := model.Errors{}
	if verr := d.Validate(); verr != nil {
		errs = verr.(model.Errors)
	}
	var ue *upload.Error
	switch {
	case errors.As(err, &ue) && ue.ID == upload.ErrTooLarge.ID:
		// The rest of the body is left unread; the connection is closed after this.
		w.Header().Set("Connection", "close")
		errs.Add("file", ue.ID)
		h.render(w, r, http.StatusRequestEntityTooLarge, views.Manage{Group: g, Form: d, Errors: errs})
		return
	case errors.As(err, &ue):
		errs.Add("file", ue.ID)
	case err != nil:
		httpx.Error(w, r, err)
		return
	}
	if len(errs) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, views.Manage{Group: g, Form: d, Errors: errs})
		return
	}
	_, existing, err := h.store.Create(r.Context(), d, file, httpx.User(r).ID)
	if errors.Is(err, database.ErrConflict) {
		h.render(w, r, http.StatusUnprocessableEntity, views.Manage{Group: g, Form: d,
			Errors: model.Errors{"file": "documents.duplicate"}, Duplicate: &existing})
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "documents.uploaded")
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10)+"/documents", http.StatusSeeOther)
}

func (h *Handler) loadDoc(w http.ResponseWriter, r *http.Request) (model.GroupRef, model.Document, bool) {
	g, ok := h.editable(w, r)
	if !ok {
		return g, model.Document{}, false
	}
	id, err := httpx.IDParam(r, "did")
	if err != nil {
		httpx.Error(w, r, err)
		return g, model.Document{}, false
	}
	d, err := h.store.Document(r.Context(), g.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return g, d, false
	}
	return g, d, true
}

func (h *Handler) confirmDelete(w http.ResponseWriter, r *http.Request) {
	g, d, ok := h.loadDoc(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	back := "/manage/groups/" + strconv.FormatInt(g.ID, 10) + "/documents"
	httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "documents.delete"),
		components.ConfirmDelete(i18n.T(ctx, "documents.delete"), d.Title+" ("+d.Filename+")", back+"/"+strconv.FormatInt(d.ID, 10)+"/delete", back))
}

func (h *Handler) delete(w http.ResponseWriter, r *http.Request) {
	g, d, ok := h.loadDoc(w, r)
	if !ok {
		return
	}
	if err := h.store.Delete(r.Context(), g.ID, d.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "documents.deleted")
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10)+"/documents", http.StatusSeeOther)
}
