package tracks

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/mail"
	"spor/internal/model"
	views "spor/templates/tracks"
)

// messageLimitKey prefixes a track's key in rate_limits (mail.CountMessage).
const messageLimitKey = "track-msg:"

// errTooManyMessages refuses a message beyond mail.MessagesPerWindow.
var errTooManyMessages = errors.New("tracks: too many messages")

// SentMails lists the mails sent about the track and its meetings, newest first.
func (s *Store) SentMails(ctx context.Context, trackID int64) ([]model.SentMail, error) {
	return mail.SentAboutTrack(ctx, s.db, trackID)
}

// SendMessage mails text from a coordinator to the track's participants, in one
// transaction with its rate-limit count (a refused message counts and sends
// nothing). It returns how many it mailed.
func (s *Store) SendMessage(ctx context.Context, trackID int64, from, text string, now time.Time) (int, error) {
	var sent int
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		ok, err := mail.CountMessage(ctx, tx, messageLimitKey+strconv.FormatInt(trackID, 10), now)
		if err != nil {
			return err
		}
		if !ok {
			return errTooManyMessages
		}
		if s.mail == nil {
			return nil
		}
		var slug, title string
		if err := tx.QueryRow(ctx, `SELECT slug, title FROM tracks WHERE id = $1`, trackID).Scan(&slug, &title); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT u.email, u.name, u.lang FROM track_participants p JOIN users u ON u.id = p.user_id
			WHERE p.track_id = $1 AND NOT u.disabled ORDER BY u.id`, trackID)
		if err != nil {
			return err
		}
		people, err := pgx.CollectRows(rows, pgx.RowToStructByPos[mail.Recipient])
		if err != nil {
			return err
		}
		sent = len(people)
		list := make([]mail.Args, 0, len(people))
		for _, p := range people {
			// Each message is a mail of its own: Seq is its time.
			list = append(list, mail.Args{Type: mail.KindTrackMessage, To: p.Email, Ref: trackID, Seq: int(now.UnixMilli()),
				Lang: p.Lang, Name: p.Name, Path: "/tracks/" + slug,
				Note: &mail.Note{Kind: "track", ID: trackID, Title: title, From: from, Text: text}})
		}
		return s.mail.EnqueueMany(ctx, tx, list)
	})
	if errors.Is(err, errTooManyMessages) {
		return 0, errTooManyMessages
	}
	return sent, database.Wrap(err, "tracks: message")
}

// mails shows the coordinators the mails sent about the track and the form for a
// short message to its participants.
func (h *Handler) mails(w http.ResponseWriter, r *http.Request) {
	h.renderMails(w, r, http.StatusOK, "", nil)
}

func (h *Handler) renderMails(w http.ResponseWriter, r *http.Request, status int, text string, errs model.Errors) {
	id, _ := httpx.IDParam(r, "id")
	t, err := h.store.TrackByID(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	sent, err := h.store.SentMails(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, status, i18n.T(r.Context(), "tracks.mails.title"),
		views.TrackMails(views.TrackMailsView{Track: t, Sent: sent, Message: text, Errors: errs}))
}

// message sends a coordinator's short message to the track's participants.
func (h *Handler) message(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	id, _ := httpx.IDParam(r, "id")
	text, problem := mail.MessageText(r.PostFormValue("message"))
	if problem != "" {
		h.renderMails(w, r, http.StatusUnprocessableEntity, text, model.Errors{"message": problem})
		return
	}
	now := time.Now()
	if _, err := h.store.SendMessage(r.Context(), id, httpx.User(r).Name, text, now); err != nil {
		if errors.Is(err, errTooManyMessages) {
			w.Header().Set("Retry-After", strconv.Itoa(mail.RetryAfter(now)))
			h.renderMails(w, r, http.StatusTooManyRequests, text, model.Errors{"message": "tracks.mails.too_many"})
			return
		}
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "tracks.mails.sent")
	http.Redirect(w, r, fmt.Sprintf("/manage/tracks/%d/mails", id), http.StatusSeeOther)
}
