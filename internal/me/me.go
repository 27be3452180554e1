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
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "me.title"), views.Me(page))
}
