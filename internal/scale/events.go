package scale

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// event is what the registrations loader needs to know about a loaded event.
type event struct {
	id       int64
	group    int // index into l.groups
	capacity int // 0: unlimited
	starts   time.Time
}

var zones = []string{"Europe/Copenhagen", "Europe/Stockholm", "Europe/Oslo", "Europe/Helsinki"}

// Events are spread over the groups in turn, from half a year before the dataset's
// day to a year and a half after it, in working hours; one in ten has no capacity
// limit, one in fifty is cancelled, one in ten is for staff only.
func loadEvents(ctx context.Context, l *loader) (int64, error) {
	n := l.sizes.Events
	avg := max(1, l.sizes.Registrations/max(1, n))
	l.events = make([]event, n)
	rows := make([][]any, 0, min(n, 5000))
	var total int64
	flush := func() error {
		m, err := l.copyRows(ctx, "events", []string{"group_id", "title", "description_md", "description_html", "starts_at", "ends_at",
			"zone", "place", "lang", "audience", "status", "capacity", "sequence", "created_at", "updated_at"}, rows)
		total += m
		rows = rows[:0]
		return err
	}
	desc := "A seminar generated for the benchmark: talks, a workshop and time to meet colleagues."
	for i := range n {
		day := l.rnd.IntN(730) - 180
		starts := l.now.Truncate(24*time.Hour).AddDate(0, 0, day).Add(time.Duration(7+l.rnd.IntN(8)) * time.Hour)
		e := event{group: i % len(l.groups), starts: starts}
		if i%10 != 3 {
			e.capacity = max(1, avg/2+l.rnd.IntN(avg+1))
		}
		l.events[i] = e
		status, audience := "published", "public"
		if i%50 == 7 {
			status = "cancelled"
		}
		if i%10 == 5 {
			audience = "staff"
		}
		var capacity any
		if e.capacity > 0 {
			capacity = int32(e.capacity)
		}
		created := starts.AddDate(0, -2, 0)
		rows = append(rows, []any{l.groups[e.group], fmt.Sprintf("Seminar %05d", i+1), desc, "<p>" + desc + "</p>",
			starts, starts.Add(2 * time.Hour), zones[e.group%len(zones)], fmt.Sprintf("Library hall %d", i%97+1),
			[]string{"da", "sv", "nb", "fi", "en"}[e.group%5], audience, status, capacity, int32(0), created, created})
		if len(rows) == cap(rows) {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	if err := flush(); err != nil {
		return total, err
	}
	ids, err := l.ids(ctx, "events")
	for i := range l.events {
		l.events[i].id = ids[i]
	}
	return total, err
}

// Registrations: exactly sizes.Registrations, about the same number per event
// (pairs of events differ by the same amount up and down). The first capacity
// registrants of an event are confirmed, the rest waitlisted in arrival (id) order,
// so no event is over its capacity. The Me user is registered for the first 30
// upcoming events of the groups they follow, last in line for every third.
func loadRegistrations(ctx context.Context, l *loader) (int64, error) {
	n := len(l.events)
	if n == 0 || len(l.users) < 2 {
		return 0, nil
	}
	avg, rest := l.sizes.Registrations/n, l.sizes.Registrations%n
	counts := make([]int, n)
	for i := 0; i < n; i += 2 {
		d := 0
		if avg > 1 {
			d = l.rnd.IntN(avg/2 + 1)
		}
		counts[i] = avg + d
		if i+1 < n {
			counts[i+1] = avg - d
		} else {
			counts[i] = avg
		}
	}
	for i := 0; i < rest; i++ {
		counts[i]++
	}
	meEvents := map[int]bool{}
	for i, e := range l.events {
		if len(meEvents) < 30 && e.group >= 1 && e.group <= MeGroups && e.starts.After(l.now.AddDate(0, 1, 0)) && counts[i] > 0 {
			meEvents[i] = true
		}
	}
	var (
		buf  [][]any
		ev   int
		seen = map[int]bool{}
	)
	// fill makes the rows of the next event with registrations into buf.
	fill := func() bool {
		for ev < n && counts[ev] == 0 {
			ev++
		}
		if ev >= n {
			return false
		}
		e, k := l.events[ev], counts[ev]
		clear(seen)
		picks := make([]int, 0, k)
		want := min(k, len(l.users))
		if meEvents[ev] {
			seen[Me] = true
			want--
		}
		for len(picks) < want {
			u := l.rnd.IntN(len(l.users))
			if !seen[u] {
				seen[u] = true
				picks = append(picks, u)
			}
		}
		if meEvents[ev] {
			if ev%3 == 0 {
				picks = append(picks, Me)
			} else {
				picks = append([]int{Me}, picks...)
			}
		}
		at := e.starts.AddDate(0, 0, -30)
		for j, u := range picks {
			reg := at.Add(time.Duration(j) * time.Minute)
			status, confirmed := "confirmed", any(reg)
			if e.capacity > 0 && j >= e.capacity {
				status, confirmed = "waitlisted", nil
			}
			buf = append(buf, []any{e.id, l.users[u], l.org(u), status, reg, confirmed})
		}
		ev++
		return true
	}
	return l.db.CopyFrom(ctx, pgx.Identifier{"event_registrations"},
		[]string{"event_id", "user_id", "organisation_id", "status", "registered_at", "confirmed_at"},
		pgx.CopyFromFunc(func() ([]any, error) {
			for len(buf) == 0 {
				if !fill() {
					return nil, nil
				}
			}
			r := buf[0]
			buf = buf[1:]
			return r, nil
		}))
}
