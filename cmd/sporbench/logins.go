package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// loginsOnly runs just the login burst's memory check (it does not depend on the
// dataset's size, so a small dataset will do).
var loginsOnly = flag.Bool("logins-only", false, "run only the memory check of a burst of 50 concurrent logins")

// loginBurst is how many people log in at the same moment in the memory check.
const loginBurst = 50

// memoryTarget is the resident memory the server must stay under (issue 12).
const memoryTarget = 150 << 10 // KiB

// loginMemory fires loginBurst logins at once, each a separate person (argon2id
// at 19 MiB per hash, at most 4 at a time in the server), and samples the server's
// resident memory every few milliseconds while they run, so a short peak is seen.
func loginMemory(ctx context.Context, base string, pool *pgxpool.Pool, pid int) (string, error) {
	rows, err := pool.Query(ctx, `SELECT email FROM users WHERE role = 'staff' AND NOT disabled ORDER BY id LIMIT $1`, loginBurst)
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
	if err := rows.Err(); err != nil || len(emails) < loginBurst {
		return "", fmt.Errorf("login burst: %d staff, want %d (%v)", len(emails), loginBurst, err)
	}
	step("login burst: %d concurrent logins", loginBurst)
	before := rssKiB(pid)
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if kb := rssKiB(pid); kb > peak.Load() {
				peak.Store(kb)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	start := make(chan struct{})
	took := make([]time.Duration, loginBurst)
	errs := make([]error, loginBurst)
	var wg sync.WaitGroup
	for i, email := range emails {
		wg.Go(func() {
			<-start
			t0 := time.Now()
			_, errs[i] = login(ctx, base, email, scalePassword)
			took[i] = time.Since(t0)
		})
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	all := time.Since(t0)
	close(stop)
	<-sampled
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
		}
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	return fmt.Sprintf("Login burst: %d concurrent logins settled in %s (p50 %s ms, slowest %s ms), %d failed; "+
		"server RSS %.0f MB before, peak %.0f MB during the burst (target under %d MB: %v).",
		loginBurst, all.Round(time.Millisecond), ms(took[len(took)/2]), ms(took[len(took)-1]), failed,
		float64(before)/1024, float64(peak.Load())/1024, memoryTarget>>10, peak.Load() < memoryTarget), nil
}
