package me

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/ical"
	"spor/internal/markdown"
	"spor/internal/model"
)

// FeedSource adds a feature's occurrences to a user's personal calendar feed. Each
// feature that puts something in a person's calendar (event registrations, seminar
// track meetings) appends one to feedSources.
type FeedSource func(ctx context.Context, db *pgxpool.Pool, userID int64, baseURL string) ([]ical.Event, error)

// feedSources are what /me/calendar/{token}.ics is made of, in order.
var feedSources = []FeedSource{registrationFeed, trackMeetings}

var tokenRE = regexp.MustCompile(`^[0-9a-f]{32,128}$`)

// calendar serves the personal feed. It needs no login: calendar clients cannot log
// in, so the secret token in the address is the key, and replacing it revokes it.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	if !tokenRE.MatchString(token) {
		httpx.Error(w, r, database.ErrNotFound)
		return
	}
	ctx := r.Context()
	var userID int64
	var name string
	err := h.store.db.QueryRow(ctx, `SELECT id, name FROM users WHERE calendar_token = $1 AND NOT disabled`, token).Scan(&userID, &name)
	if err != nil {
		httpx.Error(w, r, database.Wrap(err, "me: calendar token"))
		return
	}
	cal := ical.Calendar{Name: "Spor: " + name}
	for _, source := range feedSources {
		list, err := source(ctx, h.store.db, userID, h.baseURL)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		cal.Events = append(cal.Events, list...)
	}
	ical.Serve(w, r, cal, "spor.ics")
}

// resetToken replaces the user's calendar token: the old address stops working.
func (h *Handler) resetToken(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		httpx.Error(w, r, err)
		return
	}
	_, err := h.store.db.Exec(r.Context(), `UPDATE users SET calendar_token = $2, updated_at = now() WHERE id = $1`,
		httpx.User(r).ID, hex.EncodeToString(b))
	if err != nil {
		httpx.Error(w, r, database.Wrap(err, "me: reset calendar token"))
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "me.calendar.replaced")
	http.Redirect(w, r, "/me#me-calendar", http.StatusSeeOther)
}

// registrationFeed is every event the user is registered for or waiting for: a
// waiting place is TENTATIVE, a cancelled event CANCELLED. Confirmed participants of
// an online event find its link in the feed, which only they can read.
func registrationFeed(ctx context.Context, db *pgxpool.Pool, userID int64, baseURL string) ([]ical.Event, error) {
	rows, err := db.Query(ctx, `SELECT e.id, e.sequence, e.title, e.description_md, e.place, e.online_url,
			e.starts_at, e.ends_at, e.zone, e.all_day, e.status, e.updated_at, r.status, g.title, coalesce(p.title, '')
		FROM event_registrations r JOIN events e ON e.id = r.event_id JOIN groups g ON g.id = e.group_id
			LEFT JOIN programmes p ON p.id = g.programme_id
		WHERE r.user_id = $1 AND e.status <> 'draft' AND e.ends_at > now() - interval '1 year'
		ORDER BY e.starts_at, e.id`, userID)
	if err != nil {
		return nil, database.Wrap(err, "me: registration feed")
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ical.Event, error) {
		var ev ical.Event
		var id int64
		var online, zone, status, reg, group, programme string
		err := row.Scan(&id, &ev.Sequence, &ev.Summary, &ev.Description, &ev.Location, &online, &ev.Start, &ev.End,
			&zone, &ev.AllDay, &status, &ev.Updated, &reg, &group, &programme)
		ev.UID = ical.UID("event", id, baseURL)
		ev.Description = markdown.PlainText(ev.Description)
		ev.URL = baseURL + "/events/" + strconv.FormatInt(id, 10)
		if ev.AllDay {
			loc := model.ZoneLocation(zone)
			ev.Start, ev.End = ev.Start.In(loc), ev.End.In(loc).AddDate(0, 0, 1)
		}
		switch {
		case status == "cancelled":
			ev.Status = ical.StatusCancelled
		case reg == model.RegWaitlisted:
			ev.Status = ical.StatusTentative
		default:
			ev.Status = ical.StatusConfirmed
		}
		if online != "" && reg == model.RegConfirmed {
			if ev.Location == "" {
				ev.Location = online
			} else {
				ev.Description = online + "\n\n" + ev.Description
			}
		}
		for _, c := range []string{programme, group} {
			if c != "" {
				ev.Categories = append(ev.Categories, c)
			}
		}
		return ev, err
	})
	return list, database.Wrap(err, "me: registration feed")
}

// calendarLinks are the feed's addresses for /me: webcal:// makes a calendar app
// subscribe, https:// is for pasting into one.
func calendarLinks(baseURL, token string) (webcal, https string) {
	https = baseURL + "/me/calendar/" + token + ".ics"
	webcal = https
	for _, scheme := range []string{"https://", "http://"} {
		if len(https) > len(scheme) && https[:len(scheme)] == scheme {
			webcal = "webcal://" + https[len(scheme):]
		}
	}
	return webcal, https
}
