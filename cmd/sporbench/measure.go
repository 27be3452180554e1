package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/scale"
)

// scalePassword is the password of every user `spor seed scale` creates.
const scalePassword = scale.Password

// measure runs the load against each page and prints the table.
func measure(ctx context.Context, o options, base string, pool *pgxpool.Pool, pid int) error {
	if *loginsOnly {
		logins, err := loginMemory(ctx, base, pool, pid)
		if err != nil {
			return err
		}
		fmt.Fprintln(os.Stdout, logins)
		return nil
	}
	targets, err := discover(ctx, base, pool)
	if err != nil {
		return err
	}
	if o.only != "" {
		var kept []target
		for _, t := range targets {
			if strings.Contains(t.name, o.only) {
				kept = append(kept, t)
			}
		}
		targets = kept
	}
	client := newClient(o.conns)
	mem := sampleMemory(pid)
	// Other work on the machine makes single runs noisy: every page (and the
	// ceiling) is run o.rounds times, in turn, and the best run of each is kept.
	all := append([]target{{name: "trivial handler (ceiling)", path: "/bench/trivial"}}, targets...)
	results := make([]result, len(all))
	for round := range o.rounds {
		for i, t := range all {
			step("round %d/%d: %s (%s)", round+1, o.rounds, t.name, t.path)
			if o.profile && round == 0 && i > 0 {
				go profile(ctx, filepath.Join(o.dataDir, "profiles", fmt.Sprintf("%02d.pprof", i)), o.duration)
			}
			if r := load(ctx, client, base, t, o.conns, o.duration); r.rps > results[i].rps {
				results[i] = r
			}
		}
	}
	trivial := results[0]
	peak := mem.Stop()
	contention, err := contend(ctx, base, pool)
	if err != nil {
		return err
	}
	logins, err := loginMemory(ctx, base, pool, pid)
	if err != nil {
		return err
	}
	searched := ""
	if slices.ContainsFunc(targets, func(t target) bool { return strings.HasPrefix(t.name, "search") }) {
		if searched, err = searchCost(ctx, o, pool); err != nil {
			return err
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "| page | req/s | × ceiling | p50 ms | p95 ms | p99 ms | errors | DB round trips/req |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %.0f | %.2f | %s | %s | %s | %d | %.1f |\n",
			r.name, r.rps, r.rps/trivial.rps, ms(r.p50), ms(r.p95), ms(r.p99), r.errors, r.queries)
	}
	fmt.Fprintf(&b, "\nServer peak memory (RSS) under load: %.0f MB. %d connections, %s per page after a warm-up, best of %d rounds.\n",
		float64(peak)/1024, o.conns, o.duration, o.rounds)
	fmt.Fprintf(&b, "\n%s\n", contention)
	fmt.Fprintf(&b, "\n%s\n", logins)
	if searched != "" {
		fmt.Fprintf(&b, "\n%s", searched)
	}
	fmt.Fprint(os.Stdout, b.String())
	return nil
}

// profile records the server's CPU profile for d, after the warm-up, into file.
func profile(ctx context.Context, file string, d time.Duration) {
	time.Sleep(d / 5)
	url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", pprofAddr, max(1, int(d.Seconds())-1))
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		step("profile: %v", err)
		return
	}
	defer res.Body.Close()
	_ = os.MkdirAll(filepath.Dir(file), 0o755)
	f, err := os.Create(file)
	if err != nil {
		step("profile: %v", err)
		return
	}
	defer f.Close()
	_, _ = io.Copy(f, res.Body)
	step("profile written to %s", file)
}
