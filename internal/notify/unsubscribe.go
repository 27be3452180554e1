package notify

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	views "spor/templates/notify"
)

// unsubscribeRoutes mounts the one-click links of digests and at-once mails. They
// need no login: the signed token is the permission. A GET only asks (link
// scanners follow links); the POST, from the page's button or from a mail
// program's one-click request (RFC 8058), turns the mail off.
func (h *Handler) unsubscribeRoutes(r chi.Router) {
	r.Get("/unsubscribe/{token}", h.unsubscribeForm)
	r.Post("/unsubscribe/{token}", h.unsubscribe)
}

func (h *Handler) readToken(w http.ResponseWriter, r *http.Request) (token, string, bool) {
	key, err := readKey(r.Context(), h.store.db)
	if err != nil {
		httpx.Error(w, r, err)
		return token{}, "", false
	}
	t, ok := parseToken(key, chi.URLParam(r, "token"))
	if !ok {
		httpx.Render(w, r, http.StatusNotFound, i18n.T(r.Context(), "unsubscribe.title"),
			views.Unsubscribe(views.UnsubscribeView{Invalid: true}))
		return t, "", false
	}
	var group string
	if t.kind == 'g' {
		if err := h.store.db.QueryRow(r.Context(), `SELECT title FROM groups WHERE id = $1`, t.groupID).Scan(&group); err != nil {
			httpx.Error(w, r, database.Wrap(err, "notify: unsubscribe group"))
			return t, "", false
		}
	}
	return t, group, true
}

func (h *Handler) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	t, group, ok := h.readToken(w, r)
	if !ok {
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "unsubscribe.title"),
		views.Unsubscribe(views.UnsubscribeView{Action: r.URL.Path, Group: group, Digest: t.kind == 'd'}))
}

func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	t, group, ok := h.readToken(w, r)
	if !ok {
		return
	}
	var err error
	if t.kind == 'd' {
		_, err = h.store.db.Exec(r.Context(), `UPDATE users SET digest_frequency = 'never' WHERE id = $1`, t.userID)
	} else {
		_, err = h.store.db.Exec(r.Context(), `UPDATE group_followers SET at_once = false WHERE user_id = $1 AND group_id = $2`, t.userID, t.groupID)
	}
	if err != nil {
		httpx.Error(w, r, database.Wrap(err, "notify: unsubscribe"))
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "unsubscribe.title"),
		views.Unsubscribe(views.UnsubscribeView{Done: true, Group: group, Digest: t.kind == 'd'}))
}
