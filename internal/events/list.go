package events

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// PerPage is the length of a page of /events.
const PerPage = 20

// summaryCols select an event as lists show it.
const summaryCols = `e.id, e.title, e.starts_at, e.ends_at, e.zone, e.all_day, e.status, e.online_url <> '', e.place, g.slug,
	(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'), coalesce(e.capacity, 0)`

func scanSummary(row pgx.Row, s *model.EventSummary) error {
	var taken int64
	err := row.Scan(&s.ID, &s.Title, &s.StartsAt, &s.EndsAt, &s.Zone, &s.AllDay, &s.Status, &s.Online, &s.Place,
		&s.GroupSlug, &taken, &s.Capacity)
	s.Taken = int(taken)
	loc := model.ZoneLocation(s.Zone)
	s.StartsAt, s.EndsAt = s.StartsAt.In(loc), s.EndsAt.In(loc)
	return err
}

func collectSummaries(into *[]model.EventSummary) func(pgx.Rows) error {
	return func(rows pgx.Rows) error {
		var err error
		*into, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.EventSummary, error) {
			var s model.EventSummary
			return s, scanSummary(row, &s)
		})
		return err
	}
}

// upcoming is the condition for events lists show: not drafts, not over. The bound
// on starts_at changes nothing (an event still on started at most the longest
// duration ago) but lets the starts_at index serve "the next events" instead of
// sorting every event that has not ended (migrations/00007_performance.sql).
const upcoming = `e.status <> 'draft' AND e.ends_at >= now()
	AND e.starts_at >= now() - (SELECT coalesce(max(x.ends_at - x.starts_at), interval '0') FROM events x WHERE x.status <> 'draft')`

// QueueGroupUpcoming queues the next five published or cancelled events of a group
// (for the group page's "Upcoming events" box): the group whose id is the SQL
// expression group, with arg as its $1 (the groups package's slug lookup).
// Staff-only events are listed for logged-in staff only.
func QueueGroupUpcoming(b *pgx.Batch, group string, arg any, staff bool, into *[]model.EventSummary) {
	b.Queue(`SELECT `+summaryCols+` FROM events e JOIN groups g ON g.id = e.group_id
		WHERE e.group_id = `+group+` AND `+upcoming+` AND ($2 OR e.audience = 'public')
		ORDER BY e.starts_at, e.id LIMIT 5`, arg, staff).Query(collectSummaries(into))
}

// QueueProgrammeUpcoming queues the upcoming events of every group of a programme.
// Staff-only events and groups are listed for logged-in staff only.
func QueueProgrammeUpcoming(b *pgx.Batch, programmeID int64, staff bool, into *[]model.EventSummary) {
	b.Queue(`SELECT `+summaryCols+` FROM events e JOIN groups g ON g.id = e.group_id
		WHERE g.programme_id = $1 AND `+upcoming+` AND ($2 OR (e.audience = 'public' AND g.visibility = 'public'))
		ORDER BY e.starts_at, e.id LIMIT 20`, programmeID, staff).Query(collectSummaries(into))
}

// QueueHomeUpcoming queues the next five events the visitor may see, for the front page.
func QueueHomeUpcoming(b *pgx.Batch, loggedIn bool, into *[]model.EventSummary) {
	b.Queue(`SELECT `+summaryCols+` FROM events e JOIN groups g ON g.id = e.group_id
		WHERE `+upcoming+` AND ($1 OR (e.audience = 'public' AND g.visibility = 'public'))
		ORDER BY e.starts_at, e.id LIMIT 5`, loggedIn).Query(collectSummaries(into))
}

// Option is a choice in a filter.
type Option struct{ Value, Label string }

// ListPage is one page of /events with what its filters offer.
type ListPage struct {
	Events     []model.EventSummary
	Total      int
	Programmes []Option
	Groups     []Option
}

// Events loads one page of upcoming events, the total and the filter choices in one
// round trip. Optional filters are conditions with their own parameters.
func (s *Store) Events(ctx context.Context, f model.EventFilter) (ListPage, error) {
	var p ListPage
	where := []string{upcoming}
	args := []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if !f.LoggedIn {
		where = append(where, `e.audience = 'public' AND g.visibility = 'public'`)
	}
	if f.Programme != "" {
		add(`g.programme_id = (SELECT id FROM programmes WHERE slug = ?)`, f.Programme)
	}
	if f.Group != "" {
		add(`g.slug = ?`, f.Group)
	}
	if f.Month != "" {
		add(`to_char(e.starts_at AT TIME ZONE e.zone, 'YYYY-MM') = ?`, f.Month)
	}
	if f.Lang != "" {
		add(`e.lang = ?`, f.Lang)
	}
	switch f.Mode {
	case "online":
		where = append(where, `e.online_url <> ''`)
	case "onsite":
		where = append(where, `e.place <> ''`)
	}
	from := ` FROM events e JOIN groups g ON g.id = e.group_id WHERE ` + strings.Join(where, " AND ")
	pager := model.NewPager(f.Page, PerPage)
	var b pgx.Batch
	b.Queue(`SELECT `+summaryCols+from+fmt.Sprintf(` ORDER BY e.starts_at, e.id LIMIT %d OFFSET %d`, PerPage, pager.Offset()),
		args...).Query(collectSummaries(&p.Events))
	b.Queue(`SELECT count(*)`+from, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	options := func(into *[]Option) func(pgx.Rows) error {
		return func(rows pgx.Rows) error {
			var err error
			*into, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Option, error) {
				var o Option
				return o, row.Scan(&o.Value, &o.Label)
			})
			return err
		}
	}
	b.Queue(`SELECT DISTINCT p.slug, p.title FROM programmes p JOIN groups g ON g.programme_id = p.id
		JOIN events e ON e.group_id = g.id WHERE ` + upcoming + ` ORDER BY p.title`).Query(options(&p.Programmes))
	b.Queue(`SELECT DISTINCT g.slug, g.title FROM groups g JOIN events e ON e.group_id = g.id
		WHERE `+upcoming+` AND ($1 OR g.visibility = 'public') ORDER BY g.title`, f.LoggedIn).Query(options(&p.Groups))
	err := s.db.SendBatch(ctx, &b).Close()
	return p, database.Wrap(err, "events: list")
}

// ManagedEvents lists the events of the groups userID coordinates (every event for
// an admin), newest first, with the groups they may add events to.
func (s *Store) ManagedEvents(ctx context.Context, u *model.User) ([]model.Event, []model.EventGroup, error) {
	var list []model.Event
	var groups []model.EventGroup
	var b pgx.Batch
	b.Queue(`SELECT `+eventCols+eventFrom+` WHERE $1 OR e.group_id IN (SELECT group_id FROM group_coordinators WHERE user_id = $2)
		ORDER BY e.starts_at DESC, e.id DESC LIMIT 200`, u.IsAdmin(), u.ID).Query(func(rows pgx.Rows) error {
		var err error
		list, err = collectEvents(rows)
		return err
	})
	b.Queue(`SELECT g.id, g.slug, g.title FROM groups g
		WHERE $1 OR g.id IN (SELECT group_id FROM group_coordinators WHERE user_id = $2) ORDER BY g.title`,
		u.IsAdmin(), u.ID).Query(func(rows pgx.Rows) error {
		var err error
		groups, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.EventGroup, error) {
			var g model.EventGroup
			return g, row.Scan(&g.ID, &g.Slug, &g.Title)
		})
		return err
	})
	err := s.db.SendBatch(ctx, &b).Close()
	return list, groups, database.Wrap(err, "events: managed")
}

// GroupFeed returns a group (by slug) and its published and cancelled events, past
// and future, for its calendar feed.
func (s *Store) GroupFeed(ctx context.Context, slug string) (model.EventGroup, string, []model.Event, error) {
	var g model.EventGroup
	var visibility string
	var list []model.Event
	var b pgx.Batch
	// An old slug finds the renamed group (g.Slug then differs from slug), so the
	// handler can redirect a subscription made before the rename.
	const groupID = `(SELECT id FROM groups WHERE slug = $1 UNION ALL SELECT group_id FROM group_old_slugs WHERE slug = $1 LIMIT 1)`
	b.Queue(`SELECT id, slug, title, visibility FROM groups WHERE id = `+groupID, slug).QueryRow(func(row pgx.Row) error {
		return row.Scan(&g.ID, &g.Slug, &g.Title, &visibility)
	})
	b.Queue(`SELECT `+eventCols+eventFrom+` WHERE g.id = `+groupID+` AND e.status <> 'draft'
		AND e.ends_at > now() - interval '1 year' ORDER BY e.starts_at, e.id`, slug).Query(func(rows pgx.Rows) error {
		var err error
		list, err = collectEvents(rows)
		return err
	})
	err := s.db.SendBatch(ctx, &b).Close()
	return g, visibility, list, database.Wrap(err, "events: group feed "+slug)
}
