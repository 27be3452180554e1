package testutil

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// CreateGroup inserts a group (visibility "public" or "staff") with the given
// coordinators and returns its id.
func CreateGroup(t testing.TB, db *pgxpool.Pool, slug, visibility string, coordinators ...int64) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.QueryRow(ctx, `INSERT INTO groups (slug, title, summary, visibility) VALUES ($1, $2, 'A test group', $3) RETURNING id`,
		slug, "Group "+slug, visibility).Scan(&id)
	if err != nil {
		t.Fatalf("create group: %v", err)
	}
	for _, u := range coordinators {
		if _, err := db.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2)`, id, u); err != nil {
			t.Fatalf("add coordinator: %v", err)
		}
	}
	return id
}

// CreateDocument inserts a small text document into a group and returns its id.
func CreateDocument(t testing.TB, db *pgxpool.Pool, groupID int64, filename, body string) int64 {
	t.Helper()
	var id int64
	err := db.QueryRow(context.Background(), `INSERT INTO documents (group_id, title, filename, content_type, size, sha256, data)
		VALUES ($1, $2, $2, 'text/plain; charset=utf-8', length($3::bytea), encode(sha256($3::bytea), 'hex'), $3::bytea) RETURNING id`,
		groupID, filename, []byte(body)).Scan(&id)
	if err != nil {
		t.Fatalf("create document: %v", err)
	}
	return id
}

// Upload posts a multipart form with one file to path as a same-origin browser would.
func (c *Client) Upload(path string, fields map[string]string, field, filename string, data []byte) Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile(field, filename)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}
