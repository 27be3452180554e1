package learning

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
)

// LinkCheckUserAgent names Spor to the sites it checks, as a polite robot does.
const LinkCheckUserAgent = "Spor-linkcheck/1.0 (learning catalogue link check, once a week)"

// Link is an external URL of the catalogue due for a check.
type Link struct {
	ID  int64
	URL string
}

// DueLinks returns up to limit live resources whose URL was not checked since
// before (never-checked first).
func (s *Store) DueLinks(ctx context.Context, before time.Time, limit int) ([]Link, error) {
	rows, err := s.db.Query(ctx, `SELECT id, url FROM learning_resources
		WHERE url <> '' AND NOT archived AND (link_checked_at IS NULL OR link_checked_at < $1)
		ORDER BY link_checked_at NULLS FIRST, id LIMIT $2`, before, limit)
	if err != nil {
		return nil, database.Wrap(err, "learning: due links")
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Link])
	return list, database.Wrap(err, "learning: due links")
}

// RecordLink stores a check's result (an HTTP status, or -1 for no answer).
func (s *Store) RecordLink(ctx context.Context, id int64, status int) error {
	_, err := s.db.Exec(ctx, `UPDATE learning_resources SET link_status = $2, link_checked_at = now() WHERE id = $1`, id, status)
	return database.Wrap(err, "learning: record link")
}

// LinkChecker checks URLs with HEAD, falling back to GET where a server refuses
// HEAD, each request bounded by Timeout, never more than PerHost requests at once
// to one host and at most MaxPerHost checks of one host per run (the rest wait for
// the next run), so a big catalogue never hammers one site.
type LinkChecker struct {
	Store      *Store
	Client     *http.Client
	Timeout    time.Duration
	PerHost    int
	MaxPerHost int
	Every      time.Duration // how old a check may be before it is repeated (a week)
	Batch      int           // links per run
}

// NewLinkChecker returns a checker with Spor's defaults: 10 s per request, two at
// once per host, 50 per host per run, each link weekly. Redirects are followed (up
// to 5): a 301 to a working page is a working link.
func NewLinkChecker(store *Store) *LinkChecker {
	return &LinkChecker{Store: store, Timeout: 10 * time.Second, PerHost: 2, MaxPerHost: 50, Every: 7 * 24 * time.Hour, Batch: 1000,
		Client: &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return nil
		}}}
}

// Status checks one URL: its final HTTP status, or -1 when nothing answered in time.
func (c *LinkChecker) Status(ctx context.Context, raw string) int {
	status := c.request(ctx, http.MethodHead, raw)
	// Some servers refuse or mishandle HEAD; a GET settles it.
	if status == -1 || status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented || status == http.StatusForbidden {
		if s := c.request(ctx, http.MethodGet, raw); s != -1 || status == -1 {
			status = s
		}
	}
	return status
}

func (c *LinkChecker) request(ctx context.Context, method, raw string) int {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, raw, nil)
	if err != nil {
		return -1
	}
	req.Header.Set("User-Agent", LinkCheckUserAgent)
	res, err := c.Client.Do(req)
	if err != nil {
		return -1
	}
	// Read a little of a GET's body at most: the status is all that matters.
	_, _ = io.CopyN(io.Discard, res.Body, 64<<10)
	res.Body.Close()
	return res.StatusCode
}

// Run checks the links that are due, host by host, and records each result. It is
// the whole job: app runs it as a River periodic job, under RunLocked.
func (c *LinkChecker) Run(ctx context.Context) error {
	links, err := c.Store.DueLinks(ctx, time.Now().Add(-c.Every), c.Batch)
	if err != nil {
		return err
	}
	byHost := map[string][]Link{}
	for _, l := range links {
		u, err := url.Parse(l.URL)
		host := ""
		if err == nil {
			host = u.Host
		}
		if len(byHost[host]) < c.MaxPerHost {
			byHost[host] = append(byHost[host], l)
		}
	}
	var wg sync.WaitGroup
	errc := make(chan error, len(links))
	for _, hostLinks := range byHost {
		queue := make(chan Link)
		for i := 0; i < max(c.PerHost, 1); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for l := range queue {
					if err := c.Store.RecordLink(ctx, l.ID, c.Status(ctx, l.URL)); err != nil {
						errc <- err
					}
				}
			}()
		}
		go func(list []Link) {
			defer close(queue)
			for _, l := range list {
				select {
				case queue <- l:
				case <-ctx.Done():
					return
				}
			}
		}(hostLinks)
	}
	wg.Wait()
	close(errc)
	return <-errc // the first error, or nil
}

// Job is periodic background work.
type Job interface {
	Run(ctx context.Context) error
}

// RunLocked runs job if it gets advisory lock key, and reports whether it did.
func RunLocked(ctx context.Context, pool *pgxpool.Pool, key int64, job Job) (bool, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return false, fmt.Errorf("learning: lock: %w", err)
	}
	defer conn.Release()
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil || !got {
		return false, database.Wrap(err, "learning: lock")
	}
	defer func() {
		// Unlock even if ctx has ended, or the lock would stay with the pooled connection.
		unlockCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = conn.Exec(unlockCtx, `SELECT pg_advisory_unlock($1)`, key)
	}()
	return true, job.Run(ctx)
}

// LinkCheckLock is the advisory lock key of the link check.
const LinkCheckLock = 4242017
