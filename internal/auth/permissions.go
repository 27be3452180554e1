package auth

import (
	"context"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// Querier is what permission checks need: a pool, a connection or a transaction.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// CanEditGroup reports whether u may edit the group and everything in it (contacts,
// news, documents, events): admins always; coordinators only of groups they are
// listed on. Both the role and the assignment must hold: a listing left behind by a
// demotion gives no rights. The rule is checked against the record on every
// request, never only by hiding a button.
func CanEditGroup(ctx context.Context, db Querier, u *model.User, groupID int64) (bool, error) {
	if u == nil {
		return false, nil
	}
	if u.Role == model.RoleAdmin {
		return true, nil
	}
	if u.Role != model.RoleCoordinator {
		return false, nil
	}
	var ok bool
	err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM group_coordinators WHERE group_id = $1 AND user_id = $2)`,
		groupID, u.ID).Scan(&ok)
	return ok, database.Wrap(err, "auth: can edit group")
}
