package learning_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/learning"
	"spor/internal/model"
)

// add saves r through the real store, filling what a test leaves out.
func add(t *testing.T, db *pgxpool.Pool, r model.LearningResource) int64 {
	t.Helper()
	if r.Slug == "" {
		r.Slug = model.Slugify(r.Title)
	}
	if r.Level == "" {
		r.Level = "introductory"
	}
	if r.Visibility == "" {
		r.Visibility = model.VisibilityPublic
	}
	if r.Lang == "" {
		r.Lang = "da"
	}
	if r.Kind == "" {
		r.Kind = "video"
	}
	id, err := learning.NewStore(db).SaveResource(context.Background(), r)
	if err != nil {
		t.Fatalf("save %s: %v", r.Title, err)
	}
	return id
}

func exec(t *testing.T, db *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, db *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
