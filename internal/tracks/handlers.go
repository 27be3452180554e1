package tracks

import (
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/ical"
	"spor/internal/model"
	"spor/internal/upload"
	views "spor/templates/tracks"
)

// Handler serves the track pages and the coordinators' pages.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	baseURL  string
	limits   upload.Limits // uploaded materials
}

// NewHandler returns the tracks handler; baseURL makes links in feeds absolute and
// uploadLimit bounds each uploaded material (bytes).
func NewHandler(store *Store, sessions *scs.SessionManager, baseURL string, uploadLimit int64) *Handler {
	return &Handler{store: store, sessions: sessions, baseURL: strings.TrimRight(baseURL, "/"), limits: upload.DefaultLimits(uploadLimit)}
}

// Routes mounts the public track pages and joining.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/tracks", h.list)
	r.Get("/tracks/{slug}", h.detail)
	r.Get("/tracks/{slug}/schedule.ics", h.schedule)
	r.Get("/tracks/{slug}/materials/{id}/{filename}", h.downloadMaterial)
	r.With(auth.RequireUser).Post("/tracks/{slug}/join", h.join)
	r.With(auth.RequireUser).Post("/tracks/{slug}/leave", h.leave)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.Tracks(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "tracks.title"), views.List(views.TrackList{Tracks: list}))
}

// page loads a track page for the request's user; an unpublished track exists only
// for those who may edit it.
func (h *Handler) page(r *http.Request) (views.TrackPage, error) {
	u := httpx.User(r)
	var uid int64
	if u != nil {
		uid = u.ID
	}
	p, err := h.store.TrackPage(r.Context(), chi.URLParam(r, "slug"), uid)
	if err != nil {
		return views.TrackPage{}, err
	}
	canEdit := u.IsAdmin() || (p.IsCoord && u.CanManage()) // the role as well as the listing
	if !p.Track.Published && !canEdit {
		return views.TrackPage{}, errNotFound
	}
	now := time.Now()
	v := views.TrackPage{Track: p.Track, Meetings: p.Meetings, Joined: p.Joined, LoggedIn: u != nil, CanEdit: canEdit, Now: now}
	if i := model.NextMeeting(p.Meetings, now); i >= 0 {
		v.NextID = p.Meetings[i].ID
	}
	return v, nil
}

func (h *Handler) detail(w http.ResponseWriter, r *http.Request) {
	v, err := h.page(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetMeta(r, httpx.Meta{Description: v.Track.Summary, Feeds: []httpx.Feed{{Type: httpx.FeedCalendar,
		Title: i18n.T(r.Context(), "feeds.calendar_title", "Name", v.Track.Title), Href: "/tracks/" + v.Track.Slug + "/schedule.ics"}}})
	httpx.Render(w, r, http.StatusOK, v.Track.Title, views.Detail(v))
}

func (h *Handler) schedule(w http.ResponseWriter, r *http.Request) {
	v, err := h.page(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	cal := ical.Calendar{Name: v.Track.Title}
	for _, m := range v.Meetings {
		cal.Events = append(cal.Events, MeetingEvent(m, h.baseURL))
	}
	ical.Serve(w, r, cal, v.Track.Slug+".ics")
}

// MeetingEvent turns a meeting into a calendar event: the same UID and SEQUENCE in
// the track's feed and in personal feeds.
func MeetingEvent(m model.Meeting, baseURL string) ical.Event {
	e := ical.Event{
		UID:         ical.UID("meeting", m.ID, baseURL),
		Sequence:    m.Sequence,
		Summary:     m.CalendarSummary(),
		Description: m.Description,
		Location:    m.Place,
		URL:         baseURL + "/tracks/" + m.TrackSlug + "#meeting-" + itoa64(m.ID),
		Start:       m.StartsAt,
		End:         m.EndsAt,
		Status:      ical.StatusConfirmed,
		Categories:  []string{m.TrackTitle},
		Updated:     m.UpdatedAt,
	}
	// The public schedule names no meeting link: those are for participants, whose
	// personal feed carries them.
	if e.Location == "" && m.OnlineURL != "" {
		e.Location = "Online"
	}
	if m.Cancelled() {
		e.Status = ical.StatusCancelled
	}
	return e
}

func (h *Handler) join(w http.ResponseWriter, r *http.Request) {
	h.enrol(w, r, true)
}

func (h *Handler) leave(w http.ResponseWriter, r *http.Request) {
	h.enrol(w, r, false)
}

// enrol joins or leaves. A refusal (closed, full) shows the track page again with
// the reason and status 409; nothing is stored.
func (h *Handler) enrol(w http.ResponseWriter, r *http.Request, join bool) {
	ctx := r.Context()
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	slug := chi.URLParam(r, "slug")
	id, err := h.store.TrackID(ctx, slug)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	u := httpx.User(r)
	if !join {
		if err := h.store.Leave(ctx, id, u.ID); err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.SetFlash(h.sessions, ctx, "tracks.left")
		http.Redirect(w, r, "/tracks/"+slug, http.StatusSeeOther)
		return
	}
	res, err := h.store.Join(ctx, id, u.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if res == Joined {
		httpx.SetFlash(h.sessions, ctx, "tracks.joined")
		http.Redirect(w, r, "/tracks/"+slug, http.StatusSeeOther)
		return
	}
	v, err := h.page(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v.Notice = "tracks.refused_full"
	if res == RefusedClosed {
		v.Notice = "tracks.refused_closed"
	}
	httpx.Render(w, r, http.StatusConflict, v.Track.Title, views.Detail(v))
}
