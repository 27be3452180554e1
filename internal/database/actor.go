package database

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// The audit log (migration 00022) is written by a trigger that reads the acting
// user from the session setting spor.actor. Setting it here, when the pool hands out
// a connection, records every write a /manage request makes, in the same
// transaction, without each of the many store methods having to remember it: a
// store method cannot forget what it never has to do.

type actorKey struct{}

// SystemActor is the actor of background jobs (retention): logged with no person.
const SystemActor int64 = -1

// WithActor returns a context whose database writes are recorded in the audit log
// as made by the user with id actor (or SystemActor).
func WithActor(ctx context.Context, actor int64) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor set by WithActor, or 0 when none is.
func ActorFrom(ctx context.Context) int64 {
	a, _ := ctx.Value(actorKey{}).(int64)
	return a
}

const actorData = "spor.actor"

// prepareActor makes the connection's spor.actor match the context before any query
// runs on it. A connection remembers what it was set to, so a page without an
// actor on a clean connection (nearly every request) costs no round trip; the one
// after a /manage write resets it once.
func prepareActor(ctx context.Context, conn *pgx.Conn) (bool, error) {
	want := ActorFrom(ctx)
	data := conn.PgConn().CustomData()
	have, _ := data[actorData].(int64)
	if have == want {
		return true, nil
	}
	value := ""
	switch {
	case want == SystemActor:
		value = "system"
	case want > 0:
		value = strconv.FormatInt(want, 10)
	}
	if _, err := conn.Exec(ctx, `SELECT set_config('spor.actor', $1, false)`, value); err != nil {
		// The connection's setting is unknown now: destroy it rather than let a
		// change be credited to the wrong person.
		return false, fmt.Errorf("database: set audit actor: %w", err)
	}
	data[actorData] = want
	return true, nil
}
