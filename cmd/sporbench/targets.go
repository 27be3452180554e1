package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/scale"
)

// discover finds the pages to load in the dataset and logs in the staff member
// whose /me and results pages are measured (scale.Me: follows dozens of groups, is
// registered for events, has joined tracks and taken the self-assessment).
func discover(ctx context.Context, base string, pool *pgxpool.Pool) ([]target, error) {
	var group string
	var followers int
	err := pool.QueryRow(ctx, `SELECT g.slug, count(*) FROM groups g JOIN group_followers f ON f.group_id = g.id
		GROUP BY g.id ORDER BY count(*) DESC, g.id LIMIT 1`).Scan(&group, &followers)
	if err != nil {
		return nil, fmt.Errorf("discover group: %w", err)
	}
	// The busiest upcoming public event of that group: a full one with a waitlist.
	var eventID int64
	err = pool.QueryRow(ctx, `SELECT e.id FROM events e JOIN groups g ON g.id = e.group_id
		WHERE g.slug = $1 AND e.status = 'published' AND e.audience = 'public' AND e.starts_at > now()
		ORDER BY (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id) DESC, e.id LIMIT 1`, group).Scan(&eventID)
	if err != nil {
		return nil, fmt.Errorf("discover event: %w", err)
	}
	var track string
	err = pool.QueryRow(ctx, `SELECT t.slug FROM tracks t WHERE t.published
		ORDER BY (SELECT count(*) FROM track_participants p WHERE p.track_id = t.id) DESC, t.id LIMIT 1`).Scan(&track)
	if err != nil {
		return nil, fmt.Errorf("discover track: %w", err)
	}
	me, err := login(ctx, base, scale.Email(scale.Me), scalePassword)
	if err != nil {
		return nil, err
	}
	return []target{
		{name: "home /", path: "/"},
		{name: "/groups", path: "/groups"},
		{name: fmt.Sprintf("group page, %d followers", followers), path: "/groups/" + group},
		{name: "group page, logged in", path: "/groups/" + group, cookie: me},
		{name: "event page", path: fmt.Sprintf("/events/%d", eventID)},
		{name: "track page", path: "/tracks/" + track},
		{name: "group calendar .ics", path: "/groups/" + group + "/events.ics"},
		{name: "/me (logged in)", path: "/me", cookie: me},
		{name: "/assessment/results", path: "/assessment/results", cookie: me},
		{name: "/learning, two filters", path: "/learning?kind=video&language=sv"},
		{name: "/me/learning, 100 progress rows", path: "/me/learning", cookie: me},
		{name: "search, a common word", path: "/search?q=seminar"},
		{name: "search, a rare word", path: "/search?q=leadership"},
		{name: "search, a phrase (logged in)", path: "/search?q=%22library+hall%22", cookie: me},
	}, nil
}

// contenders is how many people try for contendPlaces places at once.
const (
	contenders    = 500
	contendPlaces = 50
)

// contend creates a fresh event with 50 places, logs in 500 different staff members
// beforehand, then sends their 500 registrations at once and measures the time
// until every one is answered. The database must then hold exactly 50 confirmed and
// 450 waitlisted registrations, one per person, with the waitlist in arrival order.
func contend(ctx context.Context, base string, pool *pgxpool.Pool) (string, error) {
	if _, err := pool.Exec(ctx, `DELETE FROM events WHERE title = 'Bench contention'`); err != nil {
		return "", err
	}
	var eventID int64
	err := pool.QueryRow(ctx, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, capacity)
		SELECT id, 'Bench contention', now() + interval '30 days', now() + interval '30 days 2 hours', 'Europe/Copenhagen', 'published', $1
		FROM groups ORDER BY id LIMIT 1 RETURNING id`, contendPlaces).Scan(&eventID)
	if err != nil {
		return "", fmt.Errorf("contention event: %w", err)
	}
	rows, err := pool.Query(ctx, `SELECT email FROM users WHERE role = 'staff' AND NOT disabled ORDER BY id DESC LIMIT $1`, contenders)
	if err != nil {
		return "", err
	}
	var emails []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return "", err
		}
		emails = append(emails, e)
	}
	if err := rows.Err(); err != nil || len(emails) < contenders {
		return "", fmt.Errorf("contention: %d staff to log in, want %d (%v)", len(emails), contenders, err)
	}

	step("logging in %d staff for the contention test", contenders)
	sessions := make([][]*http.Cookie, contenders)
	errs := make([]error, contenders)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8) // logins cost argon2id time; the server bounds them too
	for i, email := range emails {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			sessions[i], errs[i] = login(ctx, base, email, scalePassword)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return "", err
		}
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: contenders}, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	start := make(chan struct{})
	statuses := make([]int, contenders)
	path := fmt.Sprintf("%s/events/%d/register", base, eventID)
	for i := range contenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, path, strings.NewReader(url.Values{}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
			for _, c := range sessions[i] {
				req.AddCookie(c)
			}
			<-start
			res, err := client.Do(req)
			if err != nil {
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	settled := time.Since(t0)
	answered := 0
	for _, s := range statuses {
		if s == http.StatusSeeOther {
			answered++
		}
	}

	var confirmed, waitlisted, people, outOfOrder int
	var orderOK bool
	err = pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'waitlisted'),
			count(DISTINCT user_id),
			coalesce(max(id) FILTER (WHERE status = 'confirmed') < min(id) FILTER (WHERE status = 'waitlisted'), false),
			(SELECT count(*) FROM (SELECT registered_at < lag(registered_at) OVER (ORDER BY id) AS back
				FROM event_registrations WHERE event_id = $1) x WHERE back)
		FROM event_registrations WHERE event_id = $1`, eventID).Scan(&confirmed, &waitlisted, &people, &orderOK, &outOfOrder)
	if err != nil {
		return "", err
	}
	verdict := "PASS"
	if confirmed != contendPlaces || waitlisted != contenders-contendPlaces || people != contenders || answered != contenders ||
		!orderOK || outOfOrder != 0 {
		verdict = "FAIL"
	}
	return fmt.Sprintf("Contention (%s): %d concurrent registrations for %d places settled in %d ms; %d answered 303, "+
		"database: %d confirmed, %d waitlisted, %d different people, none lost; waitlist after every confirmed place and in arrival order: %t.",
		verdict, contenders, contendPlaces, settled.Milliseconds(), answered, confirmed, waitlisted, people,
		orderOK && outOfOrder == 0), nil
}
