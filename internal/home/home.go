// Package home serves the front page: alerts (from the chrome), programmes and,
// as later features arrive, upcoming events, groups and tracks.
package home

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/home"
)

// Store reads what the front page shows.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// Page loads the front page's lists in one round trip; loggedIn adds staff-only events.
func (s *Store) Page(ctx context.Context, loggedIn bool) (views.HomePage, error) {
	var p views.HomePage
	var b pgx.Batch
	b.Queue(`SELECT p.slug, p.title, p.summary, p.lang, (SELECT count(*) FROM groups g WHERE g.programme_id = p.id)
		FROM programmes p ORDER BY p.starts_on DESC NULLS LAST, p.title LIMIT 6`).Query(func(rows pgx.Rows) error {
		var err error
		p.Programmes, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Programme, error) {
			var pr model.Programme
			return pr, row.Scan(&pr.Slug, &pr.Title, &pr.Summary, &pr.Lang, &pr.Groups)
		})
		return err
	})
	queueUpcomingEvents(&b, loggedIn, &p.Events)
	queueTracks(&b, &p.Tracks)
	err := s.db.SendBatch(ctx, &b).Close()
	return p, database.Wrap(err, "home: page")
}

// Handler serves the front page.
type Handler struct{ store *Store }

// NewHandler returns the front page handler.
func NewHandler(store *Store) *Handler { return &Handler{store: store} }

// Routes mounts GET /.
func (h *Handler) Routes(r chi.Router) { r.Get("/", h.home) }

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	page, err := h.store.Page(r.Context(), httpx.User(r) != nil)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	page.User = httpx.User(r)
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "home.title"), views.Home(page))
}

// queueUpcomingEvents queues the next five events the visitor may see: published or
// cancelled (marked), not over; events for staff only when logged in.
func queueUpcomingEvents(b *pgx.Batch, loggedIn bool, into *[]model.EventSummary) {
	b.Queue(`SELECT e.id, e.title, e.starts_at, e.ends_at, e.zone, e.all_day, e.status, e.online_url <> '', e.place, g.slug,
			(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'),
			coalesce(e.capacity, 0)
		FROM events e JOIN groups g ON g.id = e.group_id
		WHERE e.status <> 'draft' AND e.ends_at >= now() AND ($1 OR (e.audience = 'public' AND g.visibility = 'public'))
			-- changes nothing (an event still on started at most the longest duration
			-- ago) but lets the starts_at index find the next events without sorting
			-- all that have not ended (migrations/00007_performance.sql)
			AND e.starts_at >= now() - (SELECT coalesce(max(x.ends_at - x.starts_at), interval '0') FROM events x WHERE x.status <> 'draft')
		ORDER BY e.starts_at, e.id LIMIT 5`, loggedIn).Query(func(rows pgx.Rows) error {
		var err error
		*into, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.EventSummary, error) {
			var s model.EventSummary
			var taken int64
			err := row.Scan(&s.ID, &s.Title, &s.StartsAt, &s.EndsAt, &s.Zone, &s.AllDay, &s.Status, &s.Online, &s.Place,
				&s.GroupSlug, &taken, &s.Capacity)
			s.Taken = int(taken)
			loc := model.ZoneLocation(s.Zone)
			s.StartsAt, s.EndsAt = s.StartsAt.In(loc), s.EndsAt.In(loc)
			return s, err
		})
		return err
	})
}
