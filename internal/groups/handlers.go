package groups

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/groups"
)

// perPage is the length of a page of /groups and of follower names.
const (
	perPage          = 20
	followersPerPage = 100
)

// Handler serves the group pages and their management.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	extras   Extras
}

// NewHandler returns the groups handler; extras fill the boxes other features own.
func NewHandler(store *Store, sessions *scs.SessionManager, extras Extras) *Handler {
	return &Handler{store: store, sessions: sessions, extras: extras}
}

// Routes mounts the public group pages and following.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/groups", h.list)
	r.Get("/groups/{slug}", h.page)
	r.Get("/groups/{slug}/followers", h.followers)
	r.With(httpx.Conditional).Get("/groups/{slug}/contacts/{id}.vcf", h.vcard)
	r.With(auth.RequireUser).Post("/groups/{slug}/follow", h.follow)
	r.With(auth.RequireUser).Post("/groups/{slug}/unfollow", h.unfollow)
	r.With(auth.RequireUser).Post("/groups/{slug}/follow/settings", h.followSettings)
}

// ManageRoutes mounts the group pages of /manage/groups: app mounts them (with the
// news and documents pages) inside /manage, which requires a login.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Get("/", h.manageList)
	r.With(auth.RequireRole(model.RoleAdmin)).Get("/new", h.newGroup)
	r.With(auth.RequireRole(model.RoleAdmin)).Post("/", h.saveGroup)
	r.Get("/{id}", h.editGroup)
	r.Post("/{id}", h.saveGroup)
	r.With(auth.RequireRole(model.RoleAdmin)).Get("/{id}/delete", h.confirmDelete)
	r.With(auth.RequireRole(model.RoleAdmin)).Post("/{id}/delete", h.deleteGroup)
	r.Get("/{id}/contacts/new", h.newContact)
	r.Post("/{id}/contacts", h.saveContact)
	r.Get("/{id}/contacts/{cid}", h.editContact)
	r.Post("/{id}/contacts/{cid}", h.saveContact)
	r.Get("/{id}/contacts/{cid}/delete", h.confirmDeleteContact)
	r.Post("/{id}/contacts/{cid}/delete", h.deleteContact)
	r.Post("/{id}/contacts/{cid}/move", h.moveContact)
}

// CanEdit reports whether u may edit the group (admin, or one of its coordinators).
func (s *Store) CanEdit(ctx context.Context, u *model.User, groupID int64) (bool, error) {
	return auth.CanEditGroup(ctx, s.db, u, groupID)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := model.GroupFilter{
		Programme: strings.TrimSpace(q.Get("programme")),
		Lang:      strings.TrimSpace(q.Get("language")),
		Staff:     httpx.User(r) != nil,
		Pager:     model.NewPager(httpx.PageParam(r), perPage),
	}
	if f.Lang != "" && !model.Contains(model.ContentLangs, f.Lang) {
		f.Lang = ""
	}
	list, pager, progs, err := h.store.Groups(r.Context(), f)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "groups.title"),
		views.List(views.GroupList{Groups: list, Pager: pager, Filter: f, Programmes: progs}))
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	u := httpx.User(r)
	p, err := h.store.Page(r.Context(), slug, u, h.extras)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if to := p.Group.Ref().Moved(r.URL.Path, slug); to != "" {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	if !p.Group.Ref().VisibleTo(u) {
		httpx.Error(w, r, httpx.ErrForbidden)
		return
	}
	p.User, p.Now = u, time.Now()
	meta := httpx.Meta{Description: p.Group.Summary,
		Feeds: []httpx.Feed{{Type: httpx.FeedAtom, Title: i18n.T(r.Context(), "feeds.news_title", "Name", p.Group.Title), Href: views.GroupURL(p.Group.Slug) + "/feed.atom"}}}
	if p.Group.Visibility == "public" { // the calendar carries public groups only
		meta.Feeds = append(meta.Feeds, httpx.Feed{Type: httpx.FeedCalendar,
			Title: i18n.T(r.Context(), "feeds.calendar_title", "Name", p.Group.Title), Href: views.GroupURL(p.Group.Slug) + "/events.ics"})
	}
	httpx.SetMeta(r, meta)
	httpx.Render(w, r, http.StatusOK, p.Group.Title, views.Page(p))
}

// ref resolves {slug} for the pages under a group: an old slug redirects (true), a
// staff-only group refuses anonymous visitors.
func (h *Handler) ref(w http.ResponseWriter, r *http.Request) (model.GroupRef, bool) {
	slug := chi.URLParam(r, "slug")
	g, err := h.store.GroupRef(r.Context(), slug)
	if err != nil {
		httpx.Error(w, r, err)
		return g, false
	}
	if to := g.Moved(r.URL.Path, slug); to != "" {
		status := http.StatusMovedPermanently
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			status = http.StatusPermanentRedirect
		}
		http.Redirect(w, r, to, status)
		return g, false
	}
	if !g.VisibleTo(httpx.User(r)) {
		httpx.Error(w, r, httpx.ErrForbidden)
		return g, false
	}
	return g, true
}

func (h *Handler) followers(w http.ResponseWriter, r *http.Request) {
	g, ok := h.ref(w, r)
	if !ok {
		return
	}
	staff := httpx.User(r) != nil
	pager := model.NewPager(httpx.PageParam(r), followersPerPage)
	orgs, people, err := h.store.Followers(r.Context(), g.ID, staff, &pager)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "followers.title")+" – "+g.Title,
		views.Followers(views.FollowersPage{Group: g, Orgs: orgs, People: people, Pager: pager, Staff: staff}))
}

func (h *Handler) follow(w http.ResponseWriter, r *http.Request) {
	h.setFollow(w, r, h.store.Follow, "groups.followed")
}

func (h *Handler) unfollow(w http.ResponseWriter, r *http.Request) {
	h.setFollow(w, r, h.store.Unfollow, "groups.unfollowed")
}

// followSettings saves the visitor's three settings for a group they follow.
func (h *Handler) followSettings(w http.ResponseWriter, r *http.Request) {
	h.setFollow(w, r, func(ctx context.Context, groupID, userID int64) error {
		return h.store.SetFollowSettings(ctx, groupID, userID, model.FollowSettings{
			ShowOnPage: httpx.FormBool(r, "show_on_page"), InDigest: httpx.FormBool(r, "in_digest"), AtOnce: httpx.FormBool(r, "at_once")})
	}, "notify.saved")
}

func (h *Handler) setFollow(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, groupID, userID int64) error, flash string) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	g, ok := h.ref(w, r)
	if !ok {
		return
	}
	if err := do(r.Context(), g.ID, httpx.User(r).ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), flash)
	http.Redirect(w, r, views.GroupURL(g.Slug), http.StatusSeeOther)
}
