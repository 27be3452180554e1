package news

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/markdown"
	"spor/internal/model"
	"spor/templates/components"
	views "spor/templates/news"
)

// Zone is the time zone coordinators enter publish times in.
var Zone = mustZone("Europe/Copenhagen")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// feedSize is how many items the Atom feed carries.
const feedSize = 20

// GroupFinder resolves the group a news page hangs under (the groups store).
type GroupFinder interface {
	GroupRef(ctx context.Context, slug string) (model.GroupRef, error)
	GroupRefByID(ctx context.Context, id int64) (model.GroupRef, error)
}

// Handler serves news pages, the feed and their management.
type Handler struct {
	store    *Store
	groups   GroupFinder
	sessions *scs.SessionManager
	baseURL  string
}

// NewHandler returns the news handler; baseURL makes the feed's links absolute.
func NewHandler(store *Store, groups GroupFinder, sessions *scs.SessionManager, baseURL string) *Handler {
	return &Handler{store: store, groups: groups, sessions: sessions, baseURL: strings.TrimRight(baseURL, "/")}
}

// Routes mounts the public news pages and the feed.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/groups/{slug}/news/{id}", h.item)
	r.Get("/groups/{slug}/feed.atom", h.feed)
}

// ManageRoutes mounts /{id}/news; app mounts it inside /manage/groups.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/{id}/news", func(r chi.Router) {
		r.Get("/", h.manageList)
		r.Get("/new", h.newItem)
		r.Post("/", h.save)
		r.Get("/{nid}", h.edit)
		r.Post("/{nid}", h.save)
		r.Get("/{nid}/delete", h.confirmDelete)
		r.Post("/{nid}/delete", h.delete)
	})
}

// group resolves {slug}: an old slug redirects, a staff-only group asks for a login.
func (h *Handler) group(w http.ResponseWriter, r *http.Request) (model.GroupRef, bool) {
	slug := chi.URLParam(r, "slug")
	g, err := h.groups.GroupRef(r.Context(), slug)
	if err != nil {
		httpx.Error(w, r, err)
		return g, false
	}
	if to := g.Moved(r.URL.Path, slug); to != "" {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return g, false
	}
	if !g.VisibleTo(httpx.User(r)) {
		httpx.Error(w, r, httpx.ErrForbidden)
		return g, false
	}
	return g, true
}

func (h *Handler) item(w http.ResponseWriter, r *http.Request) {
	g, ok := h.group(w, r)
	if !ok {
		return
	}
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	// A scheduled item is visible to the group's coordinators only, as a preview.
	canEdit, err := h.store.CanEdit(r.Context(), httpx.User(r), g.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	n, err := h.store.Item(r.Context(), g.ID, id, canEdit)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetMeta(r, httpx.Meta{Description: markdown.PlainText(n.BodyMD), Type: "article", Feeds: []httpx.Feed{{Type: httpx.FeedAtom,
		Title: i18n.T(r.Context(), "feeds.news_title", "Name", g.Title), Href: "/groups/" + g.Slug + "/feed.atom"}}})
	httpx.Render(w, r, http.StatusOK, n.Title, views.Item(views.ItemPage{Group: g, Item: n, CanEdit: canEdit, Now: time.Now()}))
}

func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	g, ok := h.group(w, r)
	if !ok {
		return
	}
	items, err := h.store.Published(r.Context(), g.ID, feedSize)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	body, err := Feed(h.baseURL, g, items)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if g.Visibility == "staff" {
		w.Header().Set("Cache-Control", "private, no-cache")
	}
	httpx.SetLastModified(w, FeedUpdated(g, items))
	httpx.WriteConditional(w, r, body)
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

func (h *Handler) manageList(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	items, err := h.store.All(r.Context(), g.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "news.manage_title"), views.Manage(views.ManageList{Group: g, Items: items, Now: time.Now()}))
}

func (h *Handler) newItem(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	h.render(w, r, http.StatusOK, g, model.News{GroupID: g.ID, Lang: g.Lang, PublishAt: time.Now().In(Zone).Truncate(time.Minute)}, nil)
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request) {
	g, n, ok := h.loadItem(w, r)
	if !ok {
		return
	}
	h.render(w, r, http.StatusOK, g, n, nil)
}

func (h *Handler) loadItem(w http.ResponseWriter, r *http.Request) (model.GroupRef, model.News, bool) {
	g, ok := h.editable(w, r)
	if !ok {
		return g, model.News{}, false
	}
	id, err := httpx.IDParam(r, "nid")
	if err != nil {
		httpx.Error(w, r, err)
		return g, model.News{}, false
	}
	n, err := h.store.Item(r.Context(), g.ID, id, true)
	if err != nil {
		httpx.Error(w, r, err)
		return g, n, false
	}
	return g, n, true
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, g model.GroupRef, n model.News, errs model.Errors) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "news.manage_title"), views.Edit(views.Form{Group: g, Item: n, Errors: errs, Zone: Zone}))
}

func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	n := model.News{
		GroupID:   g.ID,
		Title:     r.PostFormValue("title"),
		BodyMD:    strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"),
		Lang:      r.PostFormValue("lang"),
		PublishAt: httpx.FormTime(r, "publish_at", Zone),
	}
	if chi.URLParam(r, "nid") != "" {
		id, err := httpx.IDParam(r, "nid")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		n.ID = id
	}
	if err := n.Validate(); err != nil {
		h.render(w, r, http.StatusUnprocessableEntity, g, n, err.(model.Errors))
		return
	}
	html, err := markdown.RenderField("body", n.BodyMD)
	if invalid := (model.Errors{}); errors.As(err, &invalid) {
		h.render(w, r, http.StatusUnprocessableEntity, g, n, invalid)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	n.BodyHTML = html
	if _, err := h.store.Save(r.Context(), n, httpx.User(r).ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "news.saved")
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10)+"/news", http.StatusSeeOther)
}

func (h *Handler) confirmDelete(w http.ResponseWriter, r *http.Request) {
	g, n, ok := h.loadItem(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	back := "/manage/groups/" + strconv.FormatInt(g.ID, 10) + "/news"
	httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "news.delete"),
		components.ConfirmDelete(i18n.T(ctx, "news.delete"), n.Title, back+"/"+strconv.FormatInt(n.ID, 10)+"/delete", back))
}

func (h *Handler) delete(w http.ResponseWriter, r *http.Request) {
	g, n, ok := h.loadItem(w, r)
	if !ok {
		return
	}
	if err := h.store.Delete(r.Context(), g.ID, n.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "news.deleted")
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10)+"/news", http.StatusSeeOther)
}
