package notify

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"spor/internal/mail"
)

// Enqueuer puts mails into the queue inside the transaction of the change.
type Enqueuer interface {
	EnqueueMany(ctx context.Context, tx pgx.Tx, list []mail.Args) error
}

// AtOnce tells the followers of a group who chose "tell me at once" about a new
// event, news item or document, in the transaction that publishes it.
type AtOnce struct{ Q Enqueuer }

// atOnceSeq tells the kinds apart in the queue's unique key (ids are per table).
var atOnceSeq = map[string]int{mail.DigestNews: 1, mail.DigestEvent: 2, mail.DigestDocument: 3}

// Tell enqueues one mail per follower of groupID with at_once on about item (whose
// Kind is news, event or document and whose id is ref; Group and Path are filled in here), each with a one-click link
// that turns off exactly the at-once mails of that group. author, who published
// the item, is not told about their own work.
func (a AtOnce) Tell(ctx context.Context, tx pgx.Tx, groupID, ref, author int64, item mail.DigestItem) error {
	if a.Q == nil {
		return nil
	}
	key, err := readKey(ctx, tx)
	if err != nil {
		return err
	}
	var slug string
	if err := tx.QueryRow(ctx, `SELECT slug, title FROM groups WHERE id = $1`, groupID).Scan(&slug, &item.Group); err != nil {
		return fmt.Errorf("notify: at once group: %w", err)
	}
	// The same links as the digest's.
	switch item.Kind {
	case mail.DigestNews:
		item.Path = "/groups/" + slug + "/news/" + strconv.FormatInt(ref, 10)
	case mail.DigestEvent:
		item.Path = "/events/" + strconv.FormatInt(ref, 10)
	default:
		item.Path = "/groups/" + slug
	}
	rows, err := tx.Query(ctx, `SELECT u.id, u.email, u.name, u.lang FROM group_followers f JOIN users u ON u.id = f.user_id
		WHERE f.group_id = $1 AND f.at_once AND NOT u.disabled AND u.id <> $2 ORDER BY u.id`, groupID, author)
	if err != nil {
		return fmt.Errorf("notify: at once followers: %w", err)
	}
	type follower struct {
		id                int64
		email, name, lang string
	}
	people, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (follower, error) {
		var f follower
		return f, row.Scan(&f.id, &f.email, &f.name, &f.lang)
	})
	if err != nil {
		return fmt.Errorf("notify: at once followers: %w", err)
	}
	list := make([]mail.Args, 0, len(people))
	for _, p := range people {
		list = append(list, mail.Args{Type: mail.KindAtOnce, To: p.email, Ref: ref, Seq: atOnceSeq[item.Kind],
			Lang: p.lang, Name: p.name, Digest: &mail.Digest{Items: []mail.DigestItem{item}},
			Unsubscribe: "/unsubscribe/" + token{kind: 'g', userID: p.id, groupID: groupID}.encode(key)})
	}
	return a.Q.EnqueueMany(ctx, tx, list)
}
