package auth

import (
	"context"
	"fmt"
	"log/slog"
)

// rehash stores a new hash of password made with today's parameters. It is the only
// moment the password is known; a failure costs nothing but another try next login.
func (h *Handler) rehash(ctx context.Context, userID int64, password string) {
	hash, err := HashPassword(ctx, password)
	if err == nil {
		err = h.store.setPasswordHash(ctx, userID, hash)
	}
	if err != nil {
		slog.WarnContext(ctx, "rehash password", "user_id", userID, "err", err)
		return
	}
	slog.InfoContext(ctx, "password rehashed with current parameters", "user_id", userID)
}

// setPasswordHash replaces a user's password hash.
func (s *Store) setPasswordHash(ctx context.Context, userID int64, hash string) error {
	if _, err := s.db.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, userID, hash); err != nil {
		return fmt.Errorf("auth: set password hash %d: %w", userID, err)
	}
	return nil
}
