package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

var (
	requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "spor_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
	}, []string{"route", "method", "status"})
	durations = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "spor_http_request_duration_seconds", Help: "HTTP request durations by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route", "method"})
)

// methods are the HTTP methods that get a label of their own. A client may send any
// token as the method, and every new label value is a series kept for ever.
var methods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodPost: true,
	http.MethodPut: true, http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true}

// methodLabel bounds the method label: known methods, or OTHER.
func methodLabel(m string) string {
	if methods[m] {
		return m
	}
	return "OTHER"
}

func observe(method, route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	method = methodLabel(method)
	requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	durations.WithLabelValues(route, method).Observe(d.Seconds())
}

// newRegistry returns a registry with the HTTP metrics, Go runtime metrics and the
// connection pool's statistics, and extra collectors (the mail queue's).
func newRegistry(pool *pgxpool.Pool, extra ...prometheus.Collector) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(requests, durations, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), poolCollector{pool})
	reg.MustRegister(extra...)
	return reg
}

type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolTotal    = prometheus.NewDesc("spor_db_pool_connections", "Connections in the pool by state.", []string{"state"}, nil)
	poolAcquires = prometheus.NewDesc("spor_db_pool_acquires_total", "Connections acquired from the pool.", nil, nil)
	poolWaits    = prometheus.NewDesc("spor_db_pool_empty_acquires_total", "Acquires that had to wait for a connection.", nil, nil)
)

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolTotal
	ch <- poolAcquires
	ch <- poolWaits
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.AcquiredConns()), "acquired")
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.IdleConns()), "idle")
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.MaxConns()), "max")
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
}
