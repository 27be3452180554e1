package mail_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"spor/internal/mail"
	"spor/internal/testutil"
)

func startQueue(t *testing.T, db *pgxpool.Pool, smtpURL string) *mail.Queue {
	t.Helper()
	sender, err := mail.NewSMTP(smtpURL)
	if err != nil {
		t.Fatal(err)
	}
	q, err := mail.NewQueue(db, mail.Options{
		Sender:    sender,
		Renderer:  mail.Renderer{BaseURL: "https://spor.example.org", From: "Spor <noreply@spor.example.org>"},
		RetryBase: 50 * time.Millisecond, RetryCap: 200 * time.Millisecond, PollInterval: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return q
}

func enqueue(t *testing.T, db *pgxpool.Pool, q *mail.Queue, a mail.Args, commit bool) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		if err := q.Enqueue(ctx, tx, a); err != nil {
			return err
		}
		if !commit {
			return errRollback
		}
		return nil
	})
	if err != nil && !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
}

var errRollback = errors.New("roll back")

func args(to string, ref int64) mail.Args {
	return mail.Args{Type: mail.KindReset, To: to, Ref: ref, Lang: "da", Name: "Test", Path: fmt.Sprintf("/password/reset/t%d", ref)}
}

func TestRolledBackChangeSendsNothing(t *testing.T) {
	db := testutil.NewDB(t)
	smtp := testutil.NewSMTP(t)
	q := startQueue(t, db, smtp.URL())
	enqueue(t, db, q, args("rolled@example.org", 1), false)
	enqueue(t, db, q, args("committed@example.org", 2), true)
	got := smtp.Wait(t, 1, 10*time.Second)
	time.Sleep(500 * time.Millisecond) // time for a wrongly queued mail to arrive too
	got = smtp.Messages()
	if len(got) != 1 || got[0].To[0] != "committed@example.org" {
		t.Errorf("received %d mails, want only the committed one", len(got))
	}
	if got[0].Subject != "Vælg en ny adgangskode til Spor" || !strings.Contains(got[0].Text, "https://spor.example.org/password/reset/t2") {
		t.Errorf("mail: %q\n%s", got[0].Subject, got[0].Text)
	}
}

func TestSameMailTwiceIsSentOnce(t *testing.T) {
	db := testutil.NewDB(t)
	smtp := testutil.NewSMTP(t)
	q := startQueue(t, db, smtp.URL())
	enqueue(t, db, q, args("twice@example.org", 7), true)
	enqueue(t, db, q, args("twice@example.org", 7), true) // a retried request
	enqueue(t, db, q, args("twice@example.org", 8), true) // another record: its own mail
	smtp.Wait(t, 2, 10*time.Second)
	time.Sleep(500 * time.Millisecond)
	if n := len(smtp.Messages()); n != 2 {
		t.Errorf("%d mails, want 2", n)
	}
}

// The SMTP server is down when the change is made; the mail waits in the queue,
// is retried with backoff, and arrives exactly once when the server is back.
func TestMailSurvivesSMTPOutageExactlyOnce(t *testing.T) {
	db := testutil.NewDB(t)
	smtp := testutil.NewSMTP(t)
	smtp.Stop()
	q := startQueue(t, db, smtp.URL())
	enqueue(t, db, q, args("patient@example.org", 3), true)
	// River's scheduler makes a retry due every few seconds: wait for a second
	// failed attempt.
	var attempts int
	for deadline := time.Now().Add(20 * time.Second); attempts < 2 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if err := db.QueryRow(context.Background(), `SELECT attempt FROM river_job WHERE kind = 'mail'`).Scan(&attempts); err != nil {
			t.Fatal(err)
		}
	}
	if attempts < 2 {
		t.Fatalf("%d attempts while SMTP was down, want retries", attempts)
	}
	if n := len(smtp.Messages()); n != 0 {
		t.Fatalf("%d mails while the server was down", n)
	}
	smtp.Start()
	smtp.Wait(t, 1, 20*time.Second)
	time.Sleep(time.Second)
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d mails after the outage, want exactly 1", n)
	}
	// The metrics saw the failures and the send.
	reg := prometheus.NewRegistry()
	reg.MustRegister(mail.Collectors(db)...)
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{"spor_mail_sent_total", "spor_mail_failed_total", "spor_mail_retried_total", `spor_mail_jobs{state="available"} 0`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestMailLatency measures the time from the committed change to the SMTP server's
// receipt, with the production poll interval (workers also wake on LISTEN/NOTIFY).
func TestMailLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	db := testutil.NewDB(t)
	smtp := testutil.NewSMTP(t)
	sender, _ := mail.NewSMTP(smtp.URL())
	q, err := mail.NewQueue(db, mail.Options{Sender: sender, Renderer: mail.Renderer{BaseURL: "https://spor.example.org", From: "Spor <noreply@spor.example.org>"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background()) //nolint:errcheck
	const n = 50
	var lat []time.Duration
	for i := 0; i < n; i++ {
		start := time.Now()
		enqueue(t, db, q, args(fmt.Sprintf("l%d@example.org", i), int64(100+i)), true)
		got := smtp.Wait(t, i+1, 10*time.Second)
		lat = append(lat, got[i].At.Sub(start))
	}
	slices.Sort(lat)
	p50, p99 := lat[n/2], lat[n*99/100]
	t.Logf("change to SMTP receipt over %d mails: p50 %s, p99 %s", n, p50.Round(time.Millisecond), p99.Round(time.Millisecond))
	if p99 > 5*time.Second {
		t.Errorf("p99 %s: mails wait too long", p99)
	}
}

// Three instances work one queue: every mail is sent exactly once.
func TestInstancesShareTheQueue(t *testing.T) {
	db := testutil.NewDB(t)
	smtp := testutil.NewSMTP(t)
	var queues []*mail.Queue
	for i := 0; i < 3; i++ {
		queues = append(queues, startQueue(t, db, smtp.URL()))
	}
	const n = 30
	for i := 0; i < n; i++ {
		enqueue(t, db, queues[i%3], args(fmt.Sprintf("many%d@example.org", i), int64(i)), true)
	}
	smtp.Wait(t, n, 20*time.Second)
	time.Sleep(time.Second)
	seen := map[string]int{}
	for _, m := range smtp.Messages() {
		seen[m.To[0]]++
	}
	if len(seen) != n {
		t.Errorf("%d recipients, want %d", len(seen), n)
	}
	for to, k := range seen {
		if k != 1 {
			t.Errorf("%s got %d mails", to, k)
		}
	}
}
