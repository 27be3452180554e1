package groups

import (
	"context"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
	views "spor/templates/groups"
)

// GroupEventsFunc queues the query for a group's upcoming events on b (the events
// feature provides it; nil leaves the box empty). The group is the SQL expression
// group (a subquery or a parameter) with arg as its $1, so the query can go in the
// same batch as the one that finds the group; staff says whether staff-only events
// may be listed.
type GroupEventsFunc func(b *pgx.Batch, group string, arg any, staff bool, into *[]model.EventSummary)

// Extras are what other features contribute to the group page, injected by app.
type Extras struct {
	GroupEvents GroupEventsFunc
	// GroupMaterial queues the group's curated learning material, like GroupEvents.
	GroupMaterial func(b *pgx.Batch, group string, arg any, staff bool, into *model.CuratedList)
}

// pageOrgs is how many following organisations the group page lists (the largest);
// /groups/{slug}/followers lists them all.
const pageOrgs = 50

const groupColumns = `g.id, coalesce(g.programme_id, 0), coalesce(p.slug, ''), coalesce(p.title, ''), g.slug, g.title,
	g.summary, g.body_md, g.body_html, g.lang, g.visibility, g.project_url, g.created_at`

func scanGroup(row pgx.Row, extra ...any) (model.Group, error) {
	var g model.Group
	dest := append([]any{&g.ID, &g.ProgrammeID, &g.ProgrammeSlug, &g.ProgrammeTitle, &g.Slug, &g.Title,
		&g.Summary, &g.BodyMD, &g.BodyHTML, &g.Lang, &g.Visibility, &g.ProjectURL, &g.CreatedAt}, extra...)
	err := row.Scan(dest...)
	return g, err
}

// Page loads the group page in one round trip whatever the group holds: the group
// itself (by current or old slug, with the visitor's relation to it) and, found by
// the same slug in the same batch, its contacts, news, documents, followers by
// organisation and upcoming events. The handler decides from the group whether
// any of it is shown (an old slug redirects, a staff-only group refuses anonymous
// visitors), so loading it alongside costs nothing but saves a round trip.
func (s *Store) Page(ctx context.Context, slug string, u *model.User, extras Extras) (views.GroupPage, error) {
	var p views.GroupPage
	var userID int64
	if u != nil {
		userID = u.ID
	}
	var b pgx.Batch
	b.Queue(`SELECT `+groupColumns+`,
			greatest(g.updated_at, (SELECT max(updated_at) FROM contacts WHERE group_id = g.id),
				(SELECT max(publish_at) FROM news WHERE group_id = g.id AND publish_at <= now()),
				(SELECT max(created_at) FROM documents WHERE group_id = g.id)),
			$2::bigint <> 0 AND ($3::boolean OR ($4::boolean AND EXISTS (SELECT 1 FROM group_coordinators c WHERE c.group_id = g.id AND c.user_id = $2))),
			EXISTS (SELECT 1 FROM group_followers f WHERE f.group_id = g.id AND f.user_id = $2)
		FROM groups g LEFT JOIN programmes p ON p.id = g.programme_id WHERE g.id = `+bySlug,
		slug, userID, u.IsAdmin(), u.CanManage()).QueryRow(func(row pgx.Row) error {
		var err error
		p.Group, err = scanGroup(row, &p.UpdatedAt, &p.CanEdit, &p.Following)
		return err
	})
	if u != nil {
		b.Queue(`SELECT show_on_page, in_digest, at_once FROM group_followers WHERE group_id = `+bySlug+` AND user_id = $2`, slug, userID).
			Query(func(rows pgx.Rows) error {
				for rows.Next() {
					if err := rows.Scan(&p.Follow.ShowOnPage, &p.Follow.InDigest, &p.Follow.AtOnce); err != nil {
						return err
					}
				}
				return rows.Err()
			})
	}
	contactVis := "AND visibility = 'public'"
	if u != nil {
		contactVis = ""
	}
	b.Queue(`SELECT `+contactColumns+` FROM contacts WHERE group_id = `+bySlug+` `+contactVis+` ORDER BY position, id LIMIT 50`, slug).
		Query(func(rows pgx.Rows) error {
			var err error
			p.Contacts, err = pgx.CollectRows(rows, scanContact)
			return err
		})
	b.Queue(`SELECT n.id, n.title, n.lang, n.publish_at FROM news n
		WHERE n.group_id = `+bySlug+` AND n.publish_at <= now() ORDER BY n.publish_at DESC, n.id DESC LIMIT 5`, slug).
		Query(func(rows pgx.Rows) error {
			var err error
			p.News, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.News, error) {
				var n model.News
				return n, row.Scan(&n.ID, &n.Title, &n.Lang, &n.PublishAt)
			})
			return err
		})
	b.Queue(`SELECT id, title, description, lang, filename, content_type, size, created_at FROM documents
		WHERE group_id = `+bySlug+` ORDER BY created_at DESC, id DESC LIMIT 50`, slug).
		Query(func(rows pgx.Rows) error {
			var err error
			p.Documents, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Document, error) {
				var d model.Document
				return d, row.Scan(&d.ID, &d.Title, &d.Description, &d.Lang, &d.Filename, &d.ContentType, &d.Size, &d.CreatedAt)
			})
			return err
		})
	queueOrgCounts(&b, bySlug, slug, pageOrgs, &p.Followers, &p.FollowerTotal, &p.FollowerOrgs)
	if extras.GroupEvents != nil {
		extras.GroupEvents(&b, bySlug, slug, u != nil, &p.Events)
	}
	if extras.GroupMaterial != nil {
		extras.GroupMaterial(&b, bySlug, slug, u != nil, &p.Material)
	}
	err := s.db.SendBatch(ctx, &b).Close()
	return p, database.Wrap(err, "groups: page")
}
