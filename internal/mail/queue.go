package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// Args is one queued mail. The fields tagged unique make River refuse a second job
// for the same (kind, recipient, subject record) while the first is queued, running
// or recently sent: a retried request never mails twice.
type Args struct {
	Type         string `json:"type" river:"unique"`
	To           string `json:"to" river:"unique"`
	Ref          int64  `json:"ref" river:"unique"` // the record the mail is about (a token row, a user)
	Lang         string `json:"lang"`
	Name         string `json:"name,omitempty"`
	Path         string `json:"path,omitempty"` // the link, relative to BASE_URL
	Organisation string `json:"organisation,omitempty"`
	// Seq tells apart mails about successive changes of one record (its SEQUENCE);
	// omitted when zero, so the unique keys of the other kinds stay as they were.
	Seq    int         `json:"seq,omitempty" river:"unique"`
	Event  *Occurrence `json:"event,omitempty"` // the event or meeting the mail is about
	Digest *Digest     `json:"digest,omitempty"`
	Note   *Note       `json:"note,omitempty"` // a coordinator's message about a track
	// Unsubscribe is the one-click link (relative to BASE_URL) that turns off this
	// kind of mail; set on digests and at-once mails, never on mails that always go.
	Unsubscribe string `json:"unsubscribe,omitempty"`
}

// record names what the mail is about for its coordinators' list (mail_log).
func (a Args) record() (kind string, id int64, ok bool) {
	switch {
	case a.Event != nil:
		return a.Event.Kind, a.Event.ID, true
	case a.Note != nil:
		return a.Note.Kind, a.Note.ID, true
	case a.Type == KindMaterials:
		return occurrenceMeeting, a.Ref, true
	}
	return "", 0, false
}

// Kind is River's job kind.
func (Args) Kind() string { return "mail" }

// InsertOpts makes every mail unique by its tagged arguments and gives up after
// MaxAttempts (with the default backoff about six hours of an unreachable server).
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// MaxAttempts is how often one mail is tried before it is given up (discarded).
const MaxAttempts = 40

// Options configure the queue; the zero values are production's.
type Options struct {
	Sender   Sender
	Renderer Renderer
	// RetryBase and RetryCap bound the backoff: RetryBase doubled per attempt, at
	// most RetryCap (defaults 5 s and 10 min, so a mail waits at most ten minutes
	// after the SMTP server is back).
	RetryBase, RetryCap time.Duration
	// PollInterval is how often workers look for jobs besides LISTEN/NOTIFY
	// (default River's 1 s).
	PollInterval time.Duration
	Workers      int // concurrent senders per instance, default 4
	Logger       *slog.Logger
	Tasks        []Task        // periodic work: reminders, digests
	TaskInterval time.Duration // how often the tasks run (tests: fast; default each task's own)
}

// Queue inserts mails into River's tables and, once started, sends them.
type Queue struct {
	client *river.Client[pgx.Tx]
}

// NewQueue builds the River client on pool. It sends nothing until Start.
func NewQueue(pool *pgxpool.Pool, o Options) (*Queue, error) {
	if o.RetryBase == 0 {
		o.RetryBase = 5 * time.Second
	}
	if o.RetryCap == 0 {
		o.RetryCap = 10 * time.Minute
	}
	if o.PollInterval == 0 {
		o.PollInterval = river.FetchPollIntervalDefault
	}
	if o.Workers == 0 {
		o.Workers = 4
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &worker{o: o, pool: pool}); err != nil {
		return nil, fmt.Errorf("mail: worker: %w", err)
	}
	q := &Queue{}
	periodic, err := addTasks(workers, &taskWorker{q: q}, o.Tasks)
	if err != nil {
		return nil, err
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		PeriodicJobs:      periodic,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: o.Workers}},
		Workers:           workers,
		FetchPollInterval: o.PollInterval,
		FetchCooldown:     min(o.PollInterval, river.FetchCooldownDefault),
		Logger:            o.Logger,
		MaxAttempts:       MaxAttempts,
	})
	if err != nil {
		return nil, fmt.Errorf("mail: river client: %w", err)
	}
	q.client = client
	return q, nil
}

// Enqueue adds a mail inside tx: it is sent if and only if tx commits. A duplicate
// of a mail still in the queue is skipped silently.
func (q *Queue) Enqueue(ctx context.Context, tx pgx.Tx, a Args) error {
	if _, err := q.client.InsertTx(ctx, tx, a, nil); err != nil {
		return fmt.Errorf("mail: enqueue %s: %w", a.Type, err)
	}
	return nil
}

// Start runs the workers (and River's maintenance: one leader among all instances
// prunes old jobs and reschedules stuck ones).
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("mail: start queue: %w", err)
	}
	return nil
}

// Stop lets sends in flight finish (until ctx ends) and stops the workers.
func (q *Queue) Stop(ctx context.Context) error {
	if err := q.client.Stop(ctx); err != nil {
		return fmt.Errorf("mail: stop queue: %w", err)
	}
	return nil
}

// StopAndCancel cancels the sends in flight (River retries them later) and stops
// the workers.
func (q *Queue) StopAndCancel(ctx context.Context) error {
	if err := q.client.StopAndCancel(ctx); err != nil {
		return fmt.Errorf("mail: stop queue: %w", err)
	}
	return nil
}

type worker struct {
	river.WorkerDefaults[Args]
	o    Options
	pool *pgxpool.Pool
}

// Work renders and sends one mail. A failed send is retried by River with the
// backoff of NextRetry.
func (w *worker) Work(ctx context.Context, job *river.Job[Args]) error {
	if job.Attempt > 1 {
		retried.Inc()
	}
	id := "spor." + strconv.FormatInt(job.ID, 10) + "." + strconv.FormatInt(job.CreatedAt.Unix(), 36)
	m, err := w.o.Renderer.Render(ctx, job.Args, id, time.Now())
	if err == nil {
		err = w.o.Sender.Send(ctx, m)
	}
	if err != nil {
		failed.Inc()
		// The recipient's address is personal data; the job id finds it in river_job.
		w.o.Logger.WarnContext(ctx, "mail not sent, will retry", "job_id", job.ID, "kind", job.Args.Type, "attempt", job.Attempt, "err", err)
		return err
	}
	sent.Inc()
	if kind, id, ok := job.Args.record(); ok {
		// The mail is out; a failed log line must not send it again.
		if _, err := w.pool.Exec(ctx, `INSERT INTO mail_log (record_kind, record_id, type, recipient) VALUES ($1, $2, $3, $4)`,
			kind, id, job.Args.Type, job.Args.To); err != nil {
			w.o.Logger.WarnContext(ctx, "mail log", "job_id", job.ID, "err", err)
		}
	}
	return nil
}

// NextRetry doubles the wait from RetryBase per attempt, at most RetryCap.
func (w *worker) NextRetry(job *river.Job[Args]) time.Time {
	d := w.o.RetryBase
	for i := 1; i < job.Attempt && d < w.o.RetryCap; i++ {
		d *= 2
	}
	return time.Now().Add(min(d, w.o.RetryCap))
}

// Timeout bounds one send attempt.
func (w *worker) Timeout(*river.Job[Args]) time.Duration { return time.Minute }
