package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// Periodic is background work that River runs every Every on one instance (its
// elected leader schedules it), such as the learning catalogue's link check. It
// rides on the mail queue's River client, the one River client of the app.
type Periodic struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// periodicArgs names the periodic work a job runs.
type periodicArgs struct {
	Name string `json:"name"`
}

// Kind is River's job kind.
func (periodicArgs) Kind() string { return "periodic" }

// InsertOpts: a failed turn is not retried (the next turn comes). Only River's
// leader inserts these jobs, once per interval, so they need no uniqueness.
func (periodicArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

type periodicWorker struct {
	river.WorkerDefaults[periodicArgs]
	jobs map[string]Periodic
}

// Timeout lets a run take its time (a link check of a big catalogue); the work
// bounds each of its own requests.
func (w *periodicWorker) Timeout(*river.Job[periodicArgs]) time.Duration { return time.Hour }

func (w *periodicWorker) Work(ctx context.Context, job *river.Job[periodicArgs]) error {
	p, ok := w.jobs[job.Args.Name]
	if !ok {
		return fmt.Errorf("mail: unknown periodic job %q", job.Args.Name)
	}
	return p.Run(ctx)
}

// addPeriodic registers the periodic work with the River configuration.
func addPeriodic(workers *river.Workers, cfg *river.Config, list []Periodic) error {
	if len(list) == 0 {
		return nil
	}
	w := &periodicWorker{jobs: map[string]Periodic{}}
	for _, p := range list {
		w.jobs[p.Name] = p
		name := p.Name
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(p.Every),
			func() (river.JobArgs, *river.InsertOpts) { return periodicArgs{Name: name}, nil }, nil))
	}
	return river.AddWorkerSafely(workers, w)
}
