// Package me serves /me, a staff member's own page: their profile and, as features
// arrive, the groups they follow, their registrations, tracks and calendar feed.
package me

import (
	"context"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/me"
)

// Store reads what /me shows.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// Page loads every section of /me for userID in one round trip. Each feature adds
// its query to the batch.
func (s *Store) Page(ctx context.Context, userID int64) (views.MePage, error) {
	var p views.MePage
	var b pgx.Batch
	queueSections(&b, userID, &p)
	if b.Len() == 0 {
		return p, nil
	}
	err := s.db.SendBatch(ctx, &b).Close()
	return p, database.Wrap(err, "me: page")
}

// queueSections is where each feature's /me section queues its query.
func queueSections(b *pgx.Batch, userID int64, p *views.MePage) {
	b.Queue(`SELECT max(completed_at) FROM assessment_attempts WHERE user_id = $1`, userID).
		QueryRow(func(row pgx.Row) error { return row.Scan(&p.AssessmentLatest) })
	queueRegistrations(b, userID, &p.Registrations)
	queueFollowedGroups(b, userID, p)
	queueTracks(b, userID, p)
}

// queueRegistrations queues the user's upcoming events with their place or waitlist
// position.
func queueRegistrations(b *pgx.Batch, userID int64, into *[]model.MyRegistration) {
	b.Queue(`SELECT e.id, e.title, e.starts_at, e.ends_at, e.zone, e.all_day, e.status, e.online_url <> '', e.place, g.slug,
			(SELECT count(*) FROM event_registrations c WHERE c.event_id = e.id AND c.status = 'confirmed'),
			coalesce(e.capacity, 0), r.status,
			CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*) FROM event_registrations w
				WHERE w.event_id = e.id AND w.status = 'waitlisted' AND w.id <= r.id) ELSE 0 END
		FROM event_registrations r JOIN events e ON e.id = r.event_id JOIN groups g ON g.id = e.group_id
		WHERE r.user_id = $1 AND e.status <> 'draft' AND e.ends_at >= now()
		ORDER BY e.starts_at, e.id LIMIT 50`, userID).Query(func(rows pgx.Rows) error {
		var err error
		*into, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.MyRegistration, error) {
			var m model.MyRegistration
			s := &m.Event
			var taken, pos int64
			err := row.Scan(&s.ID, &s.Title, &s.StartsAt, &s.EndsAt, &s.Zone, &s.AllDay, &s.Status, &s.Online, &s.Place,
				&s.GroupSlug, &taken, &s.Capacity, &m.Status, &pos)
			s.Taken, m.Position = int(taken), int(pos)
			loc := model.ZoneLocation(s.Zone)
			s.StartsAt, s.EndsAt = s.StartsAt.In(loc), s.EndsAt.In(loc)
			return m, err
		})
		return err
	})
}

// queueFollowedGroups queues the groups the user follows and wants on this page,
// with follower counts.
func queueFollowedGroups(b *pgx.Batch, userID int64, p *views.MePage) {
	b.Queue(`SELECT g.slug, g.title, g.summary, g.lang, g.visibility,
			coalesce((SELECT followers FROM group_follower_totals t WHERE t.group_id = g.id), 0)
		FROM group_followers f JOIN groups g ON g.id = f.group_id WHERE f.user_id = $1 AND f.show_on_page ORDER BY g.title`, userID).
		Query(func(rows pgx.Rows) error {
			var err error
			p.FollowedGroups, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Group, error) {
				var g model.Group
				return g, row.Scan(&g.Slug, &g.Title, &g.Summary, &g.Lang, &g.Visibility, &g.Followers)
			})
			return err
		})
}

// Handler serves /me.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	baseURL  string
}

// NewHandler returns the /me handler; baseURL makes the calendar links absolute.
func NewHandler(store *Store, sessions *scs.SessionManager, baseURL string) *Handler {
	return &Handler{store: store, sessions: sessions, baseURL: baseURL}
}

// Routes mounts /me.
func (h *Handler) Routes(r chi.Router) {
	r.With(auth.RequireUser).Get("/me", h.me)
	r.With(auth.RequireUser).Post("/me/calendar/token", h.resetToken)
	r.Get("/me/calendar/{token}.ics", h.calendar)
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	u := httpx.User(r)
	page, err := h.store.Page(r.Context(), u.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	page.User = u
	page.BaseURL = h.baseURL
	page.CalendarWebcal, page.CalendarHTTPS = calendarLinks(h.baseURL, u.CalendarToken)
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "me.title"), views.Me(page))
}
