package learning

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/learning"
)

// listRoutes mounts the curated-list forms, each behind requireListEditor.
func (h *Handler) listRoutes(r chi.Router) {
	for _, l := range []struct{ path, param, column string }{
		{"/groups/{gid}", "gid", "group_id"}, {"/tracks/{tid}", "tid", "track_id"}, {"/meetings/{mid}", "mid", "meeting_id"},
	} {
		r.With(h.requireListEditor(l.param, l.column)).Get(l.path, h.listForm)
		r.With(h.requireListEditor(l.param, l.column)).Post(l.path, h.saveList)
	}
}

type ownerKey struct{}

// requireListEditor checks that the user coordinates the group, track or meeting in
// the URL (and still has the role) before any list handler runs.
func (h *Handler) requireListEditor(param, column string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, err := httpx.IDParam(r, param)
			if err != nil {
				httpx.Error(w, r, err)
				return
			}
			o := ListOwner{Column: column, ID: id}
			ok, err := h.store.CanEditList(r.Context(), httpx.User(r), o)
			if err != nil {
				httpx.Error(w, r, err)
				return
			}
			if !ok {
				httpx.Error(w, r, httpx.ErrForbidden)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ownerKey{}, o)))
		})
	}
}

func (h *Handler) listForm(w http.ResponseWriter, r *http.Request) {
	o := r.Context().Value(ownerKey{}).(ListOwner)
	items, at, err := h.store.List(r.Context(), o)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = it.Slug
		if it.Note != "" {
			lines[i] += " | " + it.Note
		}
	}
	h.renderList(w, r, http.StatusOK, strings.Join(lines, "\n"), at, nil)
}

func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, status int, text string, at time.Time, errs model.Errors) {
	v := views.ListForm{Action: r.URL.Path, Items: text, UpdatedAt: at, Errors: errs}
	httpx.Render(w, r, status, i18n.T(r.Context(), "learning.list_title"), views.ListEdit(v))
}

// parseList reads "slug | note" lines.
func parseList(text string) ([]ListItem, model.Errors) {
	var items []ListItem
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		slug, note, _ := strings.Cut(line, "|")
		it := ListItem{Slug: strings.TrimSpace(slug), Note: strings.TrimSpace(note)}
		if !model.ValidSlug(it.Slug) || len(it.Note) > 500 {
			return nil, model.Errors{"items": "learning.err_list_line"}
		}
		items = append(items, it)
	}
	if len(items) > 100 {
		return nil, model.Errors{"items": "learning.err_list_line"}
	}
	return items, nil
}

func (h *Handler) saveList(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	o := r.Context().Value(ownerKey{}).(ListOwner)
	text := r.PostFormValue("items")
	items, errs := parseList(text)
	if errs == nil {
		err := h.store.SaveList(r.Context(), o, items)
		if fe, ok := err.(model.Errors); ok {
			errs = fe
		} else if err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	if errs != nil {
		h.renderList(w, r, http.StatusUnprocessableEntity, text, time.Time{}, errs)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "learning.list_saved")
	http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
}
