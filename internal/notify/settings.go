package notify

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/notify"
)

// Store reads and writes a person's notification settings.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// maxGroups bounds the list on one page (a person rarely follows more).
const maxGroups = 500

// Settings loads userID's digest frequency, reminders and every followed group.
func (s *Store) Settings(ctx context.Context, userID int64) (model.NotificationSettings, error) {
	var n model.NotificationSettings
	var b pgx.Batch
	b.Queue(`SELECT digest_frequency, reminders FROM users WHERE id = $1`, userID).
		QueryRow(func(row pgx.Row) error { return row.Scan(&n.Digest, &n.Reminders) })
	b.Queue(`SELECT g.id, g.slug, g.title, g.lang, f.show_on_page, f.in_digest, f.at_once
		FROM group_followers f JOIN groups g ON g.id = f.group_id WHERE f.user_id = $1 ORDER BY g.title, g.id LIMIT $2`, userID, maxGroups).
		Query(func(rows pgx.Rows) error {
			var err error
			n.Groups, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.FollowedGroup, error) {
				var g model.FollowedGroup
				return g, row.Scan(&g.ID, &g.Slug, &g.Title, &g.Lang, &g.ShowOnPage, &g.InDigest, &g.AtOnce)
			})
			return err
		})
	err := s.db.SendBatch(ctx, &b).Close()
	return n, database.Wrap(err, "notify: settings")
}

// SaveSettings saves the whole form in one transaction. Only groups userID follows
// change: a group id of someone else's follow matches no row.
func (s *Store) SaveSettings(ctx context.Context, userID int64, n model.NotificationSettings) error {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET digest_frequency = $2, reminders = $3 WHERE id = $1`,
			userID, n.Digest, n.Reminders); err != nil {
			return err
		}
		for _, g := range n.Groups {
			if _, err := tx.Exec(ctx, `UPDATE group_followers SET show_on_page = $3, in_digest = $4, at_once = $5
				WHERE user_id = $1 AND group_id = $2`, userID, g.ID, g.ShowOnPage, g.InDigest, g.AtOnce); err != nil {
				return err
			}
		}
		return nil
	})
	return database.Wrap(err, "notify: save settings")
}

// Handler serves /me/notifications.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
}

// NewHandler returns the notification settings handler.
func NewHandler(store *Store, sessions *scs.SessionManager) *Handler {
	return &Handler{store: store, sessions: sessions}
}

// Routes mounts /me/notifications and the unsubscribe links.
func (h *Handler) Routes(r chi.Router) {
	r.With(auth.RequireUser).Get("/me/notifications", h.page)
	r.With(auth.RequireUser).Post("/me/notifications", h.save)
	h.unsubscribeRoutes(r)
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	n, err := h.store.Settings(r.Context(), httpx.User(r).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "notify.title"), views.Settings(views.SettingsView{Settings: n}))
}

func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	n := model.NotificationSettings{Digest: r.PostFormValue("digest"), Reminders: httpx.FormBool(r, "reminders")}
	if !slices.Contains(model.DigestFrequencies, n.Digest) {
		cur, err := h.store.Settings(r.Context(), httpx.User(r).ID)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		cur.Digest, cur.Reminders = n.Digest, n.Reminders
		httpx.Render(w, r, http.StatusUnprocessableEntity, i18n.T(r.Context(), "notify.title"),
			views.Settings(views.SettingsView{Settings: cur, Errors: model.Errors{"digest": "notify.digest.invalid"}}))
		return
	}
	groups := r.PostForm["group"]
	if len(groups) > maxGroups {
		groups = groups[:maxGroups]
	}
	for _, s := range groups {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			continue
		}
		k := strconv.FormatInt(id, 10)
		n.Groups = append(n.Groups, model.FollowedGroup{ID: id, FollowSettings: model.FollowSettings{
			ShowOnPage: httpx.FormBool(r, "show_"+k), InDigest: httpx.FormBool(r, "digest_"+k), AtOnce: httpx.FormBool(r, "now_"+k)}})
	}
	if err := h.store.SaveSettings(r.Context(), httpx.User(r).ID, n); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "notify.saved")
	http.Redirect(w, r, "/me/notifications", http.StatusSeeOther)
}
