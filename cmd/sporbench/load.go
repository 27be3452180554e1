package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// target is one page under load.
type target struct {
	name   string
	path   string
	cookie []*http.Cookie // a logged-in session, or none
}

// result is what a load run measured.
type result struct {
	name          string
	requests      int
	errors        int
	rps           float64
	p50, p95, p99 time.Duration
	queries       float64 // database round trips per request (X-Spor-Queries)
}

func newClient(conns int) *http.Client {
	tr := &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, MaxConnsPerHost: conns, IdleConnTimeout: time.Minute}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// load drives base+t.path with conns concurrent connections for d, after a short
// warm-up, and measures throughput, latency percentiles, errors and round trips.
func load(ctx context.Context, client *http.Client, base string, t target, conns int, d time.Duration) result {
	run := func(d time.Duration, record bool) result {
		var (
			mu        sync.Mutex
			latencies = make([]time.Duration, 0, 1<<16)
			errs      atomic.Int64
			queries   atomic.Int64
			withQ     atomic.Int64
		)
		deadline := time.Now().Add(d)
		start := time.Now()
		var wg sync.WaitGroup
		for i := 0; i < conns; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				local := make([]time.Duration, 0, 4096)
				for time.Now().Before(deadline) && ctx.Err() == nil {
					req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+t.path, nil)
					for _, c := range t.cookie {
						req.AddCookie(c)
					}
					t0 := time.Now()
					res, err := client.Do(req)
					if err != nil {
						errs.Add(1)
						continue
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					local = append(local, time.Since(t0))
					if res.StatusCode != http.StatusOK {
						errs.Add(1)
					}
					if q, err := strconv.Atoi(res.Header.Get("X-Spor-Queries")); err == nil {
						queries.Add(int64(q))
						withQ.Add(1)
					}
				}
				mu.Lock()
				latencies = append(latencies, local...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		if !record {
			return result{}
		}
		sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
		r := result{name: t.name, requests: len(latencies), errors: int(errs.Load()), rps: float64(len(latencies)) / elapsed.Seconds()}
		if n := len(latencies); n > 0 {
			r.p50, r.p95, r.p99 = latencies[n*50/100], latencies[n*95/100], latencies[min(n-1, n*99/100)]
		}
		if n := withQ.Load(); n > 0 {
			r.queries = float64(queries.Load()) / float64(n)
		}
		return r
	}
	run(d/5, false) // warm-up: connections, caches, the Go runtime
	return run(d, true)
}

// login posts the login form and returns the session cookies.
func login(ctx context.Context, base, email, password string) ([]*http.Cookie, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"email": {email}, "password": {password}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("login %s: status %d", email, res.StatusCode)
	}
	u, _ := url.Parse(base)
	return jar.Cookies(u), nil
}

// memorySampler records the peak resident memory of pid while it runs.
type memorySampler struct {
	peak atomic.Int64 // KiB
	stop chan struct{}
	done chan struct{}
}

func sampleMemory(pid int) *memorySampler {
	m := &memorySampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if kb := rssKiB(pid); kb > m.peak.Load() {
				m.peak.Store(kb)
			}
			select {
			case <-m.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

func (m *memorySampler) Stop() int64 {
	close(m.stop)
	<-m.done
	return m.peak.Load()
}

func rssKiB(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			n, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return n
		}
	}
	return 0
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
