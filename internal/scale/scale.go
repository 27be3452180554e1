// Package scale loads a deterministic, national-scale dataset with COPY for `make
// bench`: organisations across the four countries, staff, programmes, groups (one of
// them followed by 5,000 staff), events with registrations, tracks with meetings,
// self-assessment attempts and small documents. The same seed gives the same data.
package scale

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
)

// Sizes are how much of everything to load; Default is the national scale.
type Sizes struct {
	Organisations int
	Staff         int
	Programmes    int
	Groups        int
	BigGroup      int // followers of the one big group
	Follows       int
	Events        int
	Registrations int
	Tracks        int
	Meetings      int // per track
	Attempts      int
	Documents     int
}

// Default is the national-scale dataset the benchmark runs on.
var Default = Sizes{
	Organisations: 1000, Staff: 20000, Programmes: 30, Groups: 500, BigGroup: 5000, Follows: 100000,
	Events: 20000, Registrations: 200000, Tracks: 100, Meetings: 6, Attempts: 50000, Documents: 2000,
}

// Tiny is a small dataset of the same shape, for tests.
var Tiny = Sizes{
	Organisations: 20, Staff: 400, Programmes: 3, Groups: 50, BigGroup: 100, Follows: 600,
	Events: 60, Registrations: 500, Tracks: 4, Meetings: 6, Attempts: 150, Documents: 20,
}

// Times returns s with every count multiplied by k, except the programmes and the
// meetings per track, which do not grow with a country's size.
func (s Sizes) Times(k int) Sizes {
	return Sizes{
		Organisations: s.Organisations * k, Staff: s.Staff * k, Programmes: s.Programmes, Groups: s.Groups * k,
		BigGroup: s.BigGroup * k, Follows: s.Follows * k, Events: s.Events * k, Registrations: s.Registrations * k,
		Tracks: s.Tracks * k, Meetings: s.Meetings, Attempts: s.Attempts * k, Documents: s.Documents * k,
	}
}

// Password is every generated user's password.
const Password = "bench-password-2026"

// Me is the index of the staff member whose own pages the benchmark measures: they
// follow MeGroups groups (and the big one), are registered for events and have
// joined tracks and taken the self-assessment three times.
const (
	Me       = 2
	MeGroups = 40
)

// Email is the address of the i-th generated staff member (0-based).
func Email(i int) string { return fmt.Sprintf("staff%05d@bench.example.org", i+1) }

// loader holds the generator and the ids earlier tables produced.
type loader struct {
	db     *pgxpool.Pool
	rnd    *rand.Rand
	sizes  Sizes
	hash   string
	orgs   []int64
	users  []int64
	progs  []int64
	groups []int64
	events []event
	tracks []int64
	now    time.Time
}

// step loads one table (or a few that belong together).
type step struct {
	name string
	load func(ctx context.Context, l *loader) (int64, error)
}

// Load fills an empty database. hash is the argon2id hash of Password (computed
// once by the caller). Progress and timings go to out.
func Load(ctx context.Context, db *pgxpool.Pool, sizes Sizes, seed uint64, hash string, out io.Writer) error {
	var users int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&users); err != nil {
		return fmt.Errorf("scale: %w", err)
	}
	if users > 0 {
		return fmt.Errorf("scale: the database already has %d users; load the dataset into an empty database", users)
	}
	// Bulk loads are not pages: they run without the page budgets.
	db, err := database.MaintenancePool(ctx, db)
	if err != nil {
		return fmt.Errorf("scale: %w", err)
	}
	defer db.Close()
	l := &loader{db: db, rnd: rand.New(rand.NewPCG(seed, seed^0x5bd1e995)), sizes: sizes, hash: hash,
		now: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	start := time.Now()
	for _, s := range steps {
		t := time.Now()
		n, err := s.load(ctx, l)
		if err != nil {
			return fmt.Errorf("scale: %s: %w", s.name, err)
		}
		fmt.Fprintf(out, "  %-34s %8d rows  %6.1fs\n", s.name, n, time.Since(t).Seconds())
	}
	// VACUUM as well as ANALYZE: it sets the visibility map (so index-only scans
	// stay index-only) and leaves autovacuum nothing to do in the middle of a
	// measurement.
	t := time.Now()
	if _, err := db.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return fmt.Errorf("scale: vacuum: %w", err)
	}
	fmt.Fprintf(out, "  %-34s %8s       %6.1fs\n", "vacuum, analyze", "", time.Since(t).Seconds())
	fmt.Fprintf(out, "dataset loaded in %.1fs\n", time.Since(start).Seconds())
	return nil
}

// copyRows COPYs rows into table and returns how many went in.
func (l *loader) copyRows(ctx context.Context, table string, cols []string, rows [][]any) (int64, error) {
	return l.db.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
}

// ids returns the ids of table in insertion order.
func (l *loader) ids(ctx context.Context, table string) ([]int64, error) {
	rows, _ := l.db.Query(ctx, `SELECT id FROM `+pgx.Identifier{table}.Sanitize()+` ORDER BY id`)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// copyFunc streams n rows made by row(i) into table with COPY, so a big table is
// never held in memory at once.
func (l *loader) copyFunc(ctx context.Context, table string, cols []string, n int, row func(i int) []any) (int64, error) {
	i := 0
	return l.db.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i >= n {
			return nil, nil
		}
		i++
		return row(i - 1), nil
	}))
}

// org returns the organisation of the user with index i (users are spread over the
// organisations in turn).
func (l *loader) org(i int) int64 { return l.orgs[i%len(l.orgs)] }

// pick returns a random element of ids.
func (l *loader) pick(ids []int64) int64 { return ids[l.rnd.IntN(len(ids))] }
