package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"spor/internal/app"
	"spor/internal/auth"
	"spor/internal/testutil"
)

// delays records the login delays instead of sleeping them.
type delays struct {
	mu   sync.Mutex
	last time.Duration
}

func (d *delays) sleep(_ context.Context, t time.Duration) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last = t
	return nil
}

// take returns the delay of the last request and clears it.
func (d *delays) take() time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	t := d.last
	d.last = 0
	return t
}

// limitServer runs the app with small limits; trustProxy makes 127.0.0.1 (the test
// client) a trusted proxy, so X-Forwarded-For names the client.
func limitServer(t *testing.T, trustProxy bool) (*testutil.Server, *delays, auth.Limits) {
	d := &delays{}
	limits := auth.Limits{Window: time.Hour, PerIP: 4, PerAccount: 3, BaseDelay: time.Second, MaxDelay: 8 * time.Second, Sleep: d.sleep}
	srv := testutil.NewServer(t, func(o *app.Options) {
		o.LoginLimits = limits
		if trustProxy {
			o.Config.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
		}
	})
	return srv, d, limits
}

func loginFrom(c *testutil.Client, ip, email, password string) int {
	return loginResponse(c, ip, email, password).Status
}

func loginResponse(c *testutil.Client, ip, email, password string) testutil.Response {
	form := url.Values{"email": {email}, "password": {password}}
	req, _ := http.NewRequest(http.MethodPost, c.URL("/login"), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.URL(""))
	req.Header.Set("X-Forwarded-For", ip)
	return c.Do(req)
}

func TestAttackerCannotLockOutTheOwner(t *testing.T) {
	srv, d, limits := limitServer(t, true)
	victim := testutil.CreateUser(t, srv.DB, "staff", "Aalborg Bibliotekerne")
	attacker := srv.Client(t)
	for i := 1; i <= 10; i++ {
		want := http.StatusUnauthorized
		if i > limits.PerAccount {
			want = http.StatusTooManyRequests
		}
		if got := loginFrom(attacker, "198.51.100.66", victim.Email, "guess"+fmt.Sprint(i)); got != want {
			t.Fatalf("attacker attempt %d: %d, want %d", i, got, want)
		}
	}
	res := loginResponse(attacker, "198.51.100.66", victim.Email, "x")
	if !strings.Contains(res.Body, "<main") || res.Header.Get("Retry-After") != fmt.Sprint(int(limits.Window.Seconds())) {
		t.Errorf("429 page lacks the chrome, or Retry-After %q is not the window (%s)", res.Header.Get("Retry-After"), limits.Window)
	}
	// The attacker stays refused on this account, even with the right password.
	if got := loginFrom(attacker, "198.51.100.66", victim.Email, testutil.Password); got != http.StatusTooManyRequests {
		t.Errorf("attacker with the right password: %d, want 429", got)
	}
	d.take()
	// The owner, elsewhere, gets in: slowed down (the account is under attack), never refused.
	owner := srv.Client(t)
	if got := loginFrom(owner, "203.0.113.10", victim.Email, testutil.Password); got != http.StatusSeeOther {
		t.Fatalf("owner from another address: %d, want 303", got)
	}
	if got := d.take(); got <= 0 || got > limits.MaxDelay {
		t.Errorf("owner's delay = %v, want a slow-down of at most %v", got, limits.MaxDelay)
	}
	if owner.Get("/me").Status != http.StatusOK {
		t.Error("owner not logged in")
	}
}

func TestSharedAddressKeepsWorking(t *testing.T) {
	srv, d, limits := limitServer(t, true)
	const library = "192.0.2.1" // one NAT address for a whole library
	var staff []string
	for range 12 {
		staff = append(staff, testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne").Email)
	}
	// Half the library mistypes once; far more failures than PerIP from one address.
	for _, email := range staff[:6] {
		if got := loginFrom(srv.Client(t), library, email, "typo"); got != http.StatusUnauthorized {
			t.Fatalf("typo: %d, want 401", got)
		}
	}
	// Someone fails on their own account until refused; that refuses only them.
	careless := staff[6]
	for range limits.PerAccount {
		loginFrom(srv.Client(t), library, careless, "typo")
	}
	if got := loginFrom(srv.Client(t), library, careless, testutil.Password); got != http.StatusTooManyRequests {
		t.Errorf("client that kept failing on its account: %d, want 429", got)
	}
	// Everyone who knows their password still gets in from the shared address.
	for _, email := range append(staff[:6:6], staff[7:]...) {
		c := srv.Client(t)
		if got := loginFrom(c, library, email, testutil.Password); got != http.StatusSeeOther {
			t.Errorf("%s from the shared address: %d, want 303", email, got)
		}
		if got := d.take(); got > limits.MaxDelay {
			t.Errorf("delay %v over the cap", got)
		}
	}
}

func TestAddressThatKeepsFailingIsSlowedDown(t *testing.T) {
	for _, trusted := range []bool{true, false} {
		t.Run(fmt.Sprintf("trusted proxy %v", trusted), func(t *testing.T) {
			srv, d, limits := limitServer(t, trusted)
			c := srv.Client(t)
			// A script tries one password on many accounts, each time claiming
			// another address. Without a trusted proxy the claims are ignored, so
			// the per-address count is not reset; with one, the proxy's right-most
			// entry is the client, whatever the script wrote before it.
			var got []time.Duration
			for i := range 10 {
				ip := fmt.Sprintf("198.51.100.%d", i+1)
				if trusted {
					ip += ", 198.51.100.200"
				}
				loginFrom(c, ip, fmt.Sprintf("user%d@example.org", i), "Sommer2026")
				got = append(got, d.take())
			}
			for i, delay := range got {
				var want time.Duration
				if i >= limits.PerIP {
					want = min(limits.BaseDelay<<(i-limits.PerIP), limits.MaxDelay)
				}
				if delay != want {
					t.Errorf("attempt %d: delay %v, want %v (all: %v)", i+1, delay, want, got)
				}
			}
			// Another address is not slowed by it.
			other := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
			oc := srv.Client(t)
			if trusted {
				if code := loginFrom(oc, "203.0.113.7", other.Email, testutil.Password); code != http.StatusSeeOther || d.take() != 0 {
					t.Errorf("another address: %d, want 303 without delay", code)
				}
			}
		})
	}
}
