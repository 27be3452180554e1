package events

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/markdown"
	"spor/internal/model"
	views "spor/templates/events"
)

// Handler serves the events pages.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	baseURL  string
	now      func() time.Time
}

// NewHandler returns the events handler; baseURL makes feed and JSON-LD links absolute.
func NewHandler(store *Store, sessions *scs.SessionManager, baseURL string) *Handler {
	return &Handler{store: store, sessions: sessions, baseURL: baseURL, now: time.Now}
}

// Routes mounts the public pages, registration and the calendars.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/events", h.list)
	r.Get("/events/{id}", h.show)
	r.Get("/events/{id}.ics", h.eventICS)
	r.With(auth.RequireUser).Post("/events/{id}/register", h.register)
	r.With(auth.RequireUser).Post("/events/{id}/cancel", h.cancel)
	r.Get("/groups/{slug}/events.ics", h.groupICS)
}

// visible decides whether the visitor may see the event at all: drafts only for
// those who may edit the group (others get a 404, as if it did not exist); staff
// events and events of staff groups only for logged-in staff.
func visible(e model.Event, v Viewer, u *model.User) error {
	if e.Status == "draft" && !v.CanEdit {
		return database.ErrNotFound
	}
	if e.NeedsLogin() && u == nil {
		return httpx.ErrForbidden
	}
	return nil
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := model.EventFilter{Programme: q.Get("programme"), Group: q.Get("group"), Month: q.Get("month"),
		Lang: q.Get("lang_content"), Mode: q.Get("mode"), LoggedIn: httpx.User(r) != nil, Page: httpx.PageParam(r)}
	if f.Month != "" {
		if _, err := time.Parse("2006-01", f.Month); err != nil {
			f.Month = ""
		}
	}
	if !model.Contains(model.ContentLangs, f.Lang) {
		f.Lang = ""
	}
	if f.Mode != "online" && f.Mode != "onsite" {
		f.Mode = ""
	}
	page, err := h.store.Events(r.Context(), f)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	pager := model.NewPager(f.Page, PerPage)
	pager.Total = page.Total
	view := views.ListView{Events: page.Events, Pager: pager, Filter: f, Path: r.URL.RequestURI(), Now: h.now()}
	for _, o := range page.Programmes {
		view.Programmes = append(view.Programmes, views.Option{Value: o.Value, Label: o.Label})
	}
	for _, o := range page.Groups {
		view.Groups = append(view.Groups, views.Option{Value: o.Value, Label: o.Label})
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "events.title"), views.List(view))
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderEvent(w, r, id, http.StatusOK, "")
}

// renderEvent shows the event page; notice is a refusal to explain at its top.
func (h *Handler) renderEvent(w http.ResponseWriter, r *http.Request, id int64, status int, notice string) {
	u := httpx.User(r)
	e, v, err := h.store.EventPage(r.Context(), id, u)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := visible(e, v, u); err != nil {
		httpx.Error(w, r, err)
		return
	}
	view := views.DetailView{Event: e, Status: v.Status, Position: v.Position, CanEdit: v.CanEdit, LoggedIn: u != nil,
		Now: h.now(), Notice: notice, BaseURL: h.baseURL, Description: markdown.PlainText(e.DescriptionMD)}
	httpx.SetMeta(r, httpx.Meta{Description: view.Description, Feeds: []httpx.Feed{{Type: httpx.FeedCalendar,
		Title: i18n.T(r.Context(), "feeds.calendar_title", "Name", e.Title), Href: "/events/" + strconv.FormatInt(e.ID, 10) + ".ics"}}})
	httpx.Render(w, r, status, e.Title, views.Detail(view))
}

func eventURL(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }

func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, func(id int64) (string, error) {
		out, err := h.store.Register(r.Context(), id, httpx.User(r).ID, h.now())
		if out.Status == model.RegWaitlisted {
			return "events.flash.waitlisted", err
		}
		return "events.flash.confirmed", err
	})
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	h.act(w, r, func(id int64) (string, error) {
		return "events.flash.cancelled", h.store.Cancel(r.Context(), id, httpx.User(r).ID, h.now())
	})
}

// act runs a registration change. The visitor must be able to see the event; a
// refusal renders the event page again with the reason (409).
func (h *Handler) act(w http.ResponseWriter, r *http.Request, do func(id int64) (string, error)) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	flash, err := do(id)
	var refusal *Refusal
	if errors.As(err, &refusal) {
		h.renderEvent(w, r, id, http.StatusConflict, refusal.Message)
		return
	}
	// Under a rush or a stuck lock the visitor gets an answer within the budget. When
	// the database certainly rolled the change back, the event page says "try again";
	// when the connection was lost mid-way (perhaps during COMMIT) nobody knows the
	// outcome, so the page says so and the event page shows the truth on next load:
	// never a 500 for a registration that may have been committed.
	if database.Unavailable(err) {
		if database.RolledBack(err) && r.Context().Err() == nil {
			w.Header().Set("Retry-After", strconv.Itoa(httpx.RetryAfter))
			h.renderEvent(w, r, id, http.StatusServiceUnavailable, "events.refused.busy")
			return
		}
		httpx.Error(w, r, &httpx.UnavailableError{Message: "events.outcome_unknown", Err: err})
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), flash)
	http.Redirect(w, r, eventURL(id), http.StatusSeeOther)
}
