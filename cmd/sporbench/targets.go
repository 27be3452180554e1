package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"
)

// discover finds the pages to load in the dataset and logs in the user whose /me
// and results pages are measured.
func discover(ctx context.Context, base string, pool *pgxpool.Pool) ([]target, error) {
	var email string
	if err := pool.QueryRow(ctx, `SELECT email FROM users ORDER BY id LIMIT 1`).Scan(&email); err != nil {
		return nil, fmt.Errorf("discover user: %w", err)
	}
	cookies, err := login(ctx, base, email, scalePassword)
	if err != nil {
		return nil, err
	}
	return []target{
		{name: "home /", path: "/"},
		{name: "/me (logged in)", path: "/me", cookie: cookies},
	}, nil
}

// contend measures concurrent registrations for one event (added with events).
func contend(ctx context.Context, base string, pool *pgxpool.Pool) (string, error) {
	_ = http.MethodPost
	return "Contention: not measured yet (events not in this build).", nil
}
