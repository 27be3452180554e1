package database_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"spor/internal/database"
)

func TestUnavailableAndRolledBack(t *testing.T) {
	pg := func(code string) error { return fmt.Errorf("events: register: %w", &pgconn.PgError{Code: code}) }
	cases := []struct {
		name                    string
		err                     error
		unavailable, rolledBack bool
	}{
		{"statement timeout", pg("57014"), true, true},
		{"lock timeout", pg("55P03"), true, true},
		{"server shutting down", pg("57P01"), true, false},
		{"too many connections", pg("53300"), true, false},
		{"connection failure", pg("08006"), true, false},
		{"budget or request context ended", fmt.Errorf("chrome: %w", context.DeadlineExceeded), true, false},
		{"connection lost mid-way", fmt.Errorf("commit: %w", io.ErrUnexpectedEOF), true, false},
		{"unique violation", pg("23505"), false, false},
		{"not found", fmt.Errorf("group: %w", database.ErrNotFound), false, false},
		{"anything else", errors.New("boom"), false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := database.Unavailable(tc.err); got != tc.unavailable {
				t.Errorf("Unavailable = %v, want %v", got, tc.unavailable)
			}
			if got := database.RolledBack(tc.err); got != tc.rolledBack {
				t.Errorf("RolledBack = %v, want %v", got, tc.rolledBack)
			}
		})
	}
}
