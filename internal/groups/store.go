// Package groups serves programme groups: the /groups list, the group page with its
// contacts, followers, latest news, documents and upcoming events, following and
// unfollowing, and the coordinators' and admins' pages under /manage/groups.
package groups

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes groups, their contacts and their followers.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// bySlug finds a group by its current slug or by one it had before a rename.
const bySlug = `(SELECT id FROM groups WHERE slug = $1 UNION ALL SELECT group_id FROM group_old_slugs WHERE slug = $1 LIMIT 1)`

const refColumns = `g.id, g.slug, g.title, g.lang, g.visibility, g.created_at`

func scanRef(row pgx.Row) (model.GroupRef, error) {
	var g model.GroupRef
	err := row.Scan(&g.ID, &g.Slug, &g.Title, &g.Lang, &g.Visibility, &g.CreatedAt)
	return g, err
}

// GroupRef returns the group with slug, also when slug is one it had before a
// rename (the ref then carries the current slug).
func (s *Store) GroupRef(ctx context.Context, slug string) (model.GroupRef, error) {
	g, err := scanRef(s.db.QueryRow(ctx, `SELECT `+refColumns+` FROM groups g WHERE g.id = `+bySlug, slug))
	return g, database.Wrap(err, "groups: by slug")
}

// GroupRefByID returns the group with id.
func (s *Store) GroupRefByID(ctx context.Context, id int64) (model.GroupRef, error) {
	g, err := scanRef(s.db.QueryRow(ctx, `SELECT `+refColumns+` FROM groups g WHERE g.id = $1`, id))
	return g, database.Wrap(err, "groups: by id")
}

// Groups returns one page of the groups filter selects, with follower counts, and
// the total in f.Pager; programmes for the filter come in the same round trip.
func (s *Store) Groups(ctx context.Context, f model.GroupFilter) ([]model.Group, model.Pager, []model.Programme, error) {
	var conds []string
	var args []any
	if f.Programme != "" {
		args = append(args, f.Programme)
		conds = append(conds, "p.slug = $"+itoa(len(args)))
	}
	if f.Lang != "" {
		args = append(args, f.Lang)
		conds = append(conds, "g.lang = $"+itoa(len(args)))
	}
	if !f.Staff {
		conds = append(conds, "g.visibility = 'public'")
	}
	where := ""
	for i, c := range conds {
		if i == 0 {
			where = " WHERE " + c
		} else {
			where += " AND " + c
		}
	}
	from := ` FROM groups g LEFT JOIN programmes p ON p.id = g.programme_id` + where
	var list []model.Group
	var progs []model.Programme
	pager := f.Pager
	var b pgx.Batch
	b.Queue(`SELECT count(*)`+from, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&pager.Total) })
	pageArgs := append(append([]any{}, args...), pager.PerPage, pager.Offset())
	b.Queue(`SELECT g.id, g.slug, g.title, g.summary, g.lang, g.visibility, coalesce(p.slug, ''), coalesce(p.title, ''),
			coalesce((SELECT followers FROM group_follower_totals t WHERE t.group_id = g.id), 0)`+
		from+` ORDER BY g.title, g.id LIMIT $`+itoa(len(args)+1)+` OFFSET $`+itoa(len(args)+2), pageArgs...).
		Query(func(rows pgx.Rows) error {
			var err error
			list, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Group, error) {
				var g model.Group
				return g, row.Scan(&g.ID, &g.Slug, &g.Title, &g.Summary, &g.Lang, &g.Visibility, &g.ProgrammeSlug, &g.ProgrammeTitle, &g.Followers)
			})
			return err
		})
	b.Queue(`SELECT slug, title FROM programmes ORDER BY title`).Query(func(rows pgx.Rows) error {
		var err error
		progs, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Programme, error) {
			var p model.Programme
			return p, row.Scan(&p.Slug, &p.Title)
		})
		return err
	})
	err := s.db.SendBatch(ctx, &b).Close()
	return list, pager, progs, database.Wrap(err, "groups: list")
}

// SetFollowSettings saves a follower's three settings; not following is ErrNotFound.
func (s *Store) SetFollowSettings(ctx context.Context, groupID, userID int64, f model.FollowSettings) error {
	tag, err := s.db.Exec(ctx, `UPDATE group_followers SET show_on_page = $3, in_digest = $4, at_once = $5
		WHERE group_id = $1 AND user_id = $2`, groupID, userID, f.ShowOnPage, f.InDigest, f.AtOnce)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "groups: follow settings")
}

// Follow makes userID a follower of the group. Following twice, or two clicks at
// once, leave one row: the primary key decides.
func (s *Store) Follow(ctx context.Context, groupID, userID int64) error {
	_, err := s.db.Exec(ctx, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, groupID, userID)
	return database.Wrap(err, "groups: follow")
}

// Unfollow removes userID from the group's followers (nothing happens if not one).
func (s *Store) Unfollow(ctx context.Context, groupID, userID int64) error {
	_, err := s.db.Exec(ctx, `DELETE FROM group_followers WHERE group_id = $1 AND user_id = $2`, groupID, userID)
	return database.Wrap(err, "groups: unfollow")
}

// FollowerCount returns how many active users follow the group.
func (s *Store) FollowerCount(ctx context.Context, groupID int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT coalesce((SELECT followers FROM group_follower_totals WHERE group_id = $1), 0)`, groupID).Scan(&n)
	return n, database.Wrap(err, "groups: follower count")
}

// queueOrgCounts queues the group's followers grouped by organisation, largest
// first, at most limit of them (0: all), and the number of followers in all. The
// counts come from group_org_followers and group_follower_totals, kept by triggers
// (migrations/00007), and are read in order from an index, so the page costs the
// same with 5 followers or 5,000. Organisations with as many followers are listed
// by name; which of them make a cut is decided by id, so the index serves it.
//
// The group is the SQL expression group with arg as its $1: "$1" and an id, or
// bySlug and a slug.
func queueOrgCounts(b *pgx.Batch, group string, arg any, limit int, into *[]model.OrgCount, total, orgs *int) {
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	if orgs == nil {
		orgs = new(int)
	}
	b.Queue(`SELECT o.name, c.followers, coalesce((SELECT t.followers FROM group_follower_totals t WHERE t.group_id = `+group+`), 0), count(*) OVER ()
		FROM group_org_followers c JOIN organisations o ON o.id = c.organisation_id
		WHERE c.group_id = `+group+` AND c.followers > 0 ORDER BY c.followers DESC, c.organisation_id LIMIT $2`, arg, lim).
		Query(func(rows pgx.Rows) error {
			var err error
			*into, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.OrgCount, error) {
				var o model.OrgCount
				return o, row.Scan(&o.Name, &o.Count, total, orgs)
			})
			slices.SortStableFunc(*into, func(a, b model.OrgCount) int {
				if a.Count != b.Count {
					return b.Count - a.Count
				}
				return strings.Compare(a.Name, b.Name)
			})
			return err
		})
}

// Followers returns the organisations following the group with counts and, for
// logged-in staff (names true), one page of the followers' names.
func (s *Store) Followers(ctx context.Context, groupID int64, names bool, pager *model.Pager) ([]model.OrgCount, []model.Follower, error) {
	var orgs []model.OrgCount
	var people []model.Follower
	var b pgx.Batch
	var total int
	queueOrgCounts(&b, "$1", groupID, 0, &orgs, &total, nil)
	if names {
		b.Queue(`SELECT u.name, o.name FROM group_followers f JOIN users u ON u.id = f.user_id
			JOIN organisations o ON o.id = u.organisation_id
			WHERE f.group_id = $1 AND NOT u.disabled ORDER BY o.name, u.name, u.id LIMIT $2 OFFSET $3`,
			groupID, pager.PerPage, pager.Offset()).Query(func(rows pgx.Rows) error {
			var err error
			people, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Follower, error) {
				var f model.Follower
				return f, row.Scan(&f.Name, &f.Organisation)
			})
			return err
		})
	}
	err := s.db.SendBatch(ctx, &b).Close()
	pager.Total = total
	return orgs, people, database.Wrap(err, "groups: followers")
}
