package app_test

import (
	"bytes"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"spor/internal/app"
	"spor/internal/testutil"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestAccessLogBelievesOnlyTrustedProxies(t *testing.T) {
	var logs syncBuffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	plain := testutil.NewServer(t)
	plain.Client(t).Get("/plain-page", "X-Forwarded-For", "198.51.100.66", "X-Real-IP", "198.51.100.67")
	proxied := testutil.NewServer(t, func(o *app.Options) {
		o.Config.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	proxied.Client(t).Get("/proxied-page", "X-Forwarded-For", "6.6.6.6, 198.51.100.5")

	var plainLine, proxiedLine string
	for _, l := range strings.Split(logs.String(), "\n") {
		switch {
		case strings.Contains(l, "path=/plain-page"):
			plainLine = l
		case strings.Contains(l, "path=/proxied-page"):
			proxiedLine = l
		}
	}
	if !strings.Contains(plainLine, "ip=127.0.0.1") || strings.Contains(plainLine, "198.51.100") {
		t.Errorf("without a trusted proxy the log believed a header: %q", plainLine)
	}
	if !strings.Contains(proxiedLine, "ip=198.51.100.5") {
		t.Errorf("behind a trusted proxy the log lacks the client: %q", proxiedLine)
	}
}
