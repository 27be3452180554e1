package mail

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

var (
	sent = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "spor_mail_sent_total", Help: "Mails handed to the SMTP server (or the development mailbox) by this instance.",
	})
	failed = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "spor_mail_failed_total", Help: "Send attempts that failed (each is retried until the mail's attempts run out).",
	})
	retried = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "spor_mail_retried_total", Help: "Send attempts after a mail's first.",
	})
	queued = prometheus.NewDesc("spor_mail_jobs", "Mails in the queue (shared by all instances) by state: available and scheduled wait, retryable failed and wait to retry, discarded were given up.", []string{"state"}, nil)
)

// Collectors returns the mail metrics for the app's registry.
func Collectors(pool *pgxpool.Pool) []prometheus.Collector {
	return []prometheus.Collector{sent, failed, retried, queueCollector{pool}}
}

type queueCollector struct{ pool *pgxpool.Pool }

func (c queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- queued }

// Collect counts the queue's jobs by state at scrape time, so every instance
// reports the same shared queue.
func (c queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts := map[string]float64{"available": 0, "scheduled": 0, "retryable": 0, "running": 0, "discarded": 0}
	rows, err := c.pool.Query(ctx, `SELECT state::text, count(*) FROM river_job WHERE kind = 'mail'
		AND state IN ('available', 'scheduled', 'retryable', 'running', 'discarded') GROUP BY state`)
	if err == nil {
		for rows.Next() {
			var s string
			var n int64
			if rows.Scan(&s, &n) == nil {
				counts[s] = float64(n)
			}
		}
		rows.Close()
	}
	for s, n := range counts {
		ch <- prometheus.MustNewConstMetric(queued, prometheus.GaugeValue, n, s)
	}
}
