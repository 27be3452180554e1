package e2e

import (
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"spor/internal/app"
	"spor/internal/auth"
	"spor/internal/config"
	"spor/internal/demo"
	"spor/internal/testutil"
)

// The demo logins the checks use (internal/demo); they all have demo.Password.
const (
	Anonymous   = ""
	Admin       = "admin@example.org"
	Coordinator = "koordinator@example.org"
	Staff       = "medarbejder@example.org"
	Samordnare  = "samordnare@example.org" // coordinates Dalaspåret
	Leader      = "ledare@example.org"     // takes part in Dalaspåret
)

// stepTimeout bounds one browser step, so a missing element fails the test with a
// message instead of hanging until go test's own timeout.
const stepTimeout = 20 * time.Second

// Env is what every check shares: one real server on its own database with the demo
// content, and one Chromium process.
type Env struct {
	Srv     *testutil.Server
	Mail    *testutil.SMTP // receives every mail the server sends
	tools   tools
	browser context.Context
	axe     string // axe-core's source, evaluated in each page checked
	out     string // where screenshots go
}

// newEnv starts the server, loads the demo content and starts Chromium. With
// single sign-on providers the server listens at its own BASE_URL (the browser
// comes back to it from the provider) and screenshots go to a temporary folder.
func newEnv(t *testing.T, providers ...config.OIDCProvider) *Env {
	t.Helper()
	tl := findTools(t)
	axe, err := os.ReadFile(tl.axe)
	if err != nil {
		t.Fatal(err)
	}
	// Many logins from one address in a few seconds are the checks, not an attack.
	mailbox := testutil.NewSMTP(t)
	serverOpts := func(o *app.Options) {
		o.LoginLimits = auth.Limits{Window: time.Minute, PerIP: 10000, PerAccount: 10000}
		o.Config.SMTPURL = mailbox.URL()
		o.StartMail = true
		o.Mail.PollInterval = 100 * time.Millisecond
	}
	var srv *testutil.Server
	if len(providers) == 0 {
		srv = testutil.NewServer(t, serverOpts)
	} else {
		srv = testutil.NewServerListening(t, testutil.NewDB(t), serverOpts, func(o *app.Options) { o.Config.OIDCProviders = providers })
	}
	if _, err := demo.Load(t.Context(), srv.DB, io.Discard); err != nil {
		t.Fatalf("load demo content: %v", err)
	}
	// Screenshots go to $TEST_OUTPUT/screenshots (make test names the folder),
	// emptied first so that no picture of a page that is gone stays behind.
	out := os.Getenv("TEST_OUTPUT")
	if out == "" || len(providers) > 0 {
		out = t.TempDir()
	}
	out = filepath.Join(out, "screenshots")
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(tl.chromium),
		chromedp.NoSandbox, // the checks run as root in CI containers
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
		// A visitor from Denmark: Accept-Language da, as Spor's main audience sends.
		chromedp.Flag("accept-lang", "da-DK,da"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	// The first action starts the browser.
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start %s: %v", tl.chromium, err)
	}
	return &Env{Srv: srv, Mail: mailbox, tools: tl, browser: browser, axe: string(axe), out: out}
}

// Tab is one browser tab in its own browser context (its own cookies), as if a
// different person sat at a different computer.
type Tab struct {
	t      testing.TB
	e      *Env
	ctx    context.Context
	Status int               // HTTP status of the document shown now
	docReq network.RequestID // the request that loaded it, for its raw HTML
}

// Tab opens a fresh tab, logged in through the login form as who (Anonymous: not).
// It closes when t ends.
func (e *Env) Tab(t testing.TB, who string) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Open the tab now, on this long-lived context: a tab opened by an action's
	// short-lived (timeout) context would close when that action ends.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	b := &Tab{t: t, e: e, ctx: ctx}
	if who != Anonymous {
		b.Login(who, demo.Password)
		if got := b.Text(".site-tools__me"); got == "" {
			t.Fatalf("log in as %s: no name in the header after logging in (status %d)", who, b.Status)
		}
	}
	return b
}

// URL is the absolute address of path on the test server.
func (b *Tab) URL(path string) string { return b.e.Srv.URL + path }

// Open navigates to path and returns the HTTP status of the document.
func (b *Tab) Open(path string) int {
	b.t.Helper()
	return b.Load(chromedp.Navigate(b.URL(path)))
}

// Load runs an action that loads a new document (a click on a link or a submit
// button, a key press in a form), waits for it and returns its HTTP status.
func (b *Tab) Load(trigger chromedp.Action[chromedp.Void]) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	// Subscribe first: the document's response event names the request whose body
	// HTML() reads.
	docs := chromedp.Events(ctx, network.ResponseReceived)
	res, err := chromedp.RunResponse(ctx, trigger)
	if err != nil {
		b.t.Fatalf("load page: %v", err)
	}
	if res == nil {
		b.t.Fatal("load page: the action did not load a document")
	}
	for ev, err := range docs {
		if err != nil {
			b.t.Fatalf("load %s: no response event: %v", res.URL, err)
		}
		if ev.Type == network.ResourceTypeDocument && ev.Response.URL == res.URL {
			b.docReq = ev.RequestID
			break
		}
	}
	b.Status = int(res.Status)
	return b.Status
}

// Do runs actions that load no new document (typing, focusing, waiting).
func (b *Tab) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// Run runs one action that returns a value.
func Run[T any](b *Tab, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](b *Tab, js string) T {
	b.t.Helper()
	return Run(b, chromedp.Evaluate[T](js))
}

// Text returns the visible text of the first element matching the CSS selector, or
// "" when there is none (it does not wait).
func (b *Tab) Text(sel string) string {
	b.t.Helper()
	return Eval[string](b, `(function(){ const el = document.querySelector(`+jsString(sel)+`); return el ? el.innerText.trim() : ""; })()`)
}

// Has reports whether an element matches the CSS selector now.
func (b *Tab) Has(sel string) bool {
	b.t.Helper()
	return Eval[bool](b, `document.querySelector(`+jsString(sel)+`) !== null`)
}

// Lang is the document's <html lang>.
func (b *Tab) Lang() string { b.t.Helper(); return Eval[string](b, `document.documentElement.lang`) }

// Path is the path and query of the page shown now.
func (b *Tab) Path() string {
	b.t.Helper()
	u, err := url.Parse(Run(b, chromedp.Location()))
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// Click clicks the element matching the CSS selector and waits for the page it loads.
func (b *Tab) Click(sel string) int {
	b.t.Helper()
	return b.Load(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Fill types value into the form field matching the CSS selector, replacing its value.
func (b *Tab) Fill(sel, value string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = ""`),
		chromedp.SendKeys(chromedp.CSS(sel), value))
}

// Login logs in through the login form as a person would: type, click.
func (b *Tab) Login(email, password string) int {
	b.t.Helper()
	b.Open("/login")
	b.Fill("#f-email", email)
	b.Fill("#f-password", password)
	return b.Click(`main form[action="/login"] button[type=submit]`)
}

// HTML returns the document exactly as the server sent it (not the browser's
// re-serialised DOM), for the markup checker.
func (b *Tab) HTML() string {
	b.t.Helper()
	if b.docReq == "" {
		b.t.Fatal("HTML: no document loaded")
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: b.docReq})
	if err != nil {
		b.t.Fatalf("HTML: %v", err)
	}
	return string(res.Body)
}

// Shot saves a full-page PNG of path at a phone's and a desktop's width as
// <name>-390.png and <name>-1280.png in the output folder, running checks at each.
func (b *Tab) Shot(name string, checks ...func(width int64)) {
	b.t.Helper()
	for _, w := range []int64{390, 1280} {
		b.Do(chromedp.EmulateViewport(w, 800))
		for _, check := range checks {
			check(w)
		}
		png := Run(b, chromedp.FullScreenshot(100))
		file := filepath.Join(b.e.out, name+"-"+strconv.FormatInt(w, 10)+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
	b.Do(chromedp.EmulateReset())
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return `"` + r.Replace(s) + `"`
}
