package groups

import (
	"context"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

const contactColumns = `id, group_id, name, role, organisation, email, phone, position, visibility, checked_on`

func scanContact(row pgx.CollectableRow) (model.Contact, error) {
	var c model.Contact
	err := row.Scan(&c.ID, &c.GroupID, &c.Name, &c.Role, &c.Organisation, &c.Email, &c.Phone, &c.Position, &c.Visibility, &c.CheckedOn)
	return c, err
}

// Contacts returns every contact of the group, in order.
func (s *Store) Contacts(ctx context.Context, groupID int64) ([]model.Contact, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+contactColumns+` FROM contacts WHERE group_id = $1 ORDER BY position, id`, groupID)
	list, err := pgx.CollectRows(rows, scanContact)
	return list, database.Wrap(err, "groups: contacts")
}

// Contact returns one contact of the group.
func (s *Store) Contact(ctx context.Context, groupID, id int64) (model.Contact, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+contactColumns+` FROM contacts WHERE group_id = $1 AND id = $2`, groupID, id)
	c, err := pgx.CollectExactlyOneRow(rows, scanContact)
	return c, database.Wrap(err, "groups: contact")
}

// SaveContact creates (ID 0) or updates a contact of c.GroupID.
func (s *Store) SaveContact(ctx context.Context, c model.Contact) (int64, error) {
	if c.ID == 0 {
		// Without a position of its own a new contact goes to the end of the list.
		err := s.db.QueryRow(ctx, `INSERT INTO contacts (group_id, name, role, organisation, email, phone, position, visibility, checked_on)
			VALUES ($1, $2, $3, $4, $5, $6,
				CASE WHEN $7::int > 0 THEN $7::int ELSE (SELECT coalesce(max(position), 0) + 1 FROM contacts WHERE group_id = $1) END,
				$8, $9) RETURNING id`,
			c.GroupID, c.Name, c.Role, c.Organisation, c.Email, c.Phone, c.Position, c.Visibility, c.CheckedOn).Scan(&c.ID)
		return c.ID, database.Wrap(err, "groups: create contact")
	}
	tag, err := s.db.Exec(ctx, `UPDATE contacts SET name = $3, role = $4, organisation = $5, email = $6, phone = $7,
		position = $8, visibility = $9, checked_on = $10, updated_at = now() WHERE group_id = $1 AND id = $2`,
		c.GroupID, c.ID, c.Name, c.Role, c.Organisation, c.Email, c.Phone, c.Position, c.Visibility, c.CheckedOn)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return c.ID, database.Wrap(err, "groups: update contact")
}

// DeleteContact removes a contact of the group.
func (s *Store) DeleteContact(ctx context.Context, groupID, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM contacts WHERE group_id = $1 AND id = $2`, groupID, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "groups: delete contact")
}

// MoveContact moves a contact of the group one place up (delta -1) or down (+1): the
// list is numbered 1..n in its present order and the contact swaps places with its
// neighbour, in one transaction, so two coordinators moving at once cannot leave two
// contacts on the same place. At either end it stays where it is.
func (s *Store) MoveContact(ctx context.Context, groupID, id int64, delta int) error {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT id FROM contacts WHERE group_id = $1 ORDER BY position, id FOR UPDATE`, groupID)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		at := -1
		for i, c := range ids {
			if c == id {
				at = i
			}
		}
		if at < 0 {
			return pgx.ErrNoRows
		}
		if to := at + delta; to >= 0 && to < len(ids) {
			ids[at], ids[to] = ids[to], ids[at]
		}
		_, err = tx.Exec(ctx, `UPDATE contacts c SET position = o.n FROM unnest($2::bigint[]) WITH ORDINALITY AS o(id, n)
			WHERE c.group_id = $1 AND c.id = o.id`, groupID, ids)
		return err
	})
	return database.Wrap(err, "groups: move contact")
}
