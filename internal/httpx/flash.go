package httpx

import (
	"context"

	"github.com/alexedwards/scs/v2"
)

// FlashKey is the session key of the one-shot message shown on the next page.
const FlashKey = "flash"

// SetFlash stores an i18n message id to show on the next page the user sees.
func SetFlash(sm *scs.SessionManager, ctx context.Context, id string) {
	sm.Put(ctx, FlashKey, id)
}
