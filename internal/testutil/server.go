package testutil

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/app"
	"spor/internal/auth"
	"spor/internal/config"
)

// Password is the password of every user made by CreateUser.
const Password = "correct horse battery"

var (
	hashOnce sync.Once
	hash     string
	userSeq  atomic.Int64
)

// Server is the real application on a test database.
type Server struct {
	*httptest.Server
	DB  *pgxpool.Pool
	App *app.App
}

// NewServer starts the full router on a fresh database. Options may adjust the
// configuration before the app is built.
func NewServer(t testing.TB, opts ...func(*app.Options)) *Server {
	t.Helper()
	db := NewDB(t)
	return NewServerOn(t, db, opts...)
}

// NewServerOn starts the full router on db (several servers may share one database,
// as app instances share production's).
func NewServerOn(t testing.TB, db *pgxpool.Pool, opts ...func(*app.Options)) *Server {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	o := app.Options{Config: cfg}
	for _, f := range opts {
		f(&o)
	}
	a := app.New(db, o)
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() { srv.Close(); a.Close() })
	return &Server{Server: srv, DB: db, App: a}
}

// Client is a browser-like client: a cookie jar, no automatic redirects, and the
// Origin header a browser sends on a same-origin form post.
type Client struct {
	*http.Client
	base string
	t    testing.TB
}

// Client returns a new client with an empty cookie jar.
func (s *Server) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{
		Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		base:   s.URL,
		t:      t,
	}
}

// Response is a fetched page: status, headers and body.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Doc parses the body as HTML.
func (r Response) Doc(t testing.TB) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// Get fetches path.
func (c *Client) Get(path string, header ...string) Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// Post submits a form to path as a same-origin browser would.
func (c *Client) Post(path string, form url.Values) Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// Do sends a prepared request (for uploads and cross-origin tests).
func (c *Client) Do(req *http.Request) Response {
	c.t.Helper()
	return c.do(req)
}

// URL returns the absolute URL of path on the server.
func (c *Client) URL(path string) string { return c.base + path }

func (c *Client) do(req *http.Request) Response {
	c.t.Helper()
	res, err := c.Client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

// Login logs the client in and fails the test if that does not work.
func (c *Client) Login(email string) {
	c.t.Helper()
	res := c.Post("/login", url.Values{"email": {email}, "password": {Password}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303", email, res.Status)
	}
}

// CreateOrg inserts an organisation and returns its id.
func CreateOrg(t testing.TB, db *pgxpool.Pool, name string) int64 {
	t.Helper()
	var id int64
	err := db.QueryRow(context.Background(), `INSERT INTO organisations (name, kind, country, municipality, region)
		VALUES ($1, 'public_library', 'DK', $1, 'Syddanmark') ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`, name).Scan(&id)
	if err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	return id
}

// User is a user made by CreateUser.
type User struct {
	ID    int64
	Email string
	OrgID int64
}

// CreateUser inserts a user with Password in organisation org (created if needed).
// The argon2id hash is computed once per test binary.
func CreateUser(t testing.TB, db *pgxpool.Pool, role, org string) User {
	t.Helper()
	hashOnce.Do(func() {
		var err error
		if hash, err = auth.HashPassword(context.Background(), Password); err != nil {
			panic(err)
		}
	})
	orgID := CreateOrg(t, db, org)
	email := fmt.Sprintf("%s%d@example.org", role, userSeq.Add(1))
	var id int64
	err := db.QueryRow(context.Background(), `INSERT INTO users (email, name, organisation_id, role, password_hash)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, email, fmt.Sprintf("Test %s %d", role, userSeq.Load()), orgID, role, hash).Scan(&id)
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return User{ID: id, Email: email, OrgID: orgID}
}
