package search

import (
	"sync"
	"time"
)

// Limiter caps searches per client address in a fixed window. Each search costs a
// few index scans and ts_headline; the cap keeps one client from turning that into
// load on the database. It lives in the process: with several instances a client
// gets the cap at each (a shared table would cost a write per search).
type Limiter struct {
	mu     sync.Mutex
	per    int
	window time.Duration
	start  time.Time
	counts map[string]int
	now    func() time.Time
}

// NewLimiter allows per searches per client address in each window (per 0: no cap).
func NewLimiter(per int, window time.Duration) *Limiter {
	return &Limiter{per: per, window: window, counts: map[string]int{}, now: time.Now}
}

// Allow counts one search by client and reports whether it is within the cap;
// if not, wait is how long until the window ends and the client may search again.
func (l *Limiter) Allow(client string) (ok bool, wait time.Duration) {
	if l == nil || l.per <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	if t.Sub(l.start) >= l.window {
		// A new window: forget every count, so the map never outgrows one window's clients.
		l.start, l.counts = t, map[string]int{}
	}
	l.counts[client]++
	if l.counts[client] <= l.per {
		return true, 0
	}
	return false, l.start.Add(l.window).Sub(t)
}
