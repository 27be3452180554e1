package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Task is periodic work that enqueues mails (reminders, digests). River's leader
// schedules it, so it runs on one instance at a time however many are started;
// Run must still be safe to repeat (a restart may run it twice in an interval).
type Task struct {
	Name     string
	Interval time.Duration
	// Timeout bounds one run (default 5 minutes); work with its own per-request
	// limits (the learning catalogue's link check) may take longer.
	Timeout time.Duration
	Run     func(ctx context.Context, q *Queue) error
}

type taskArgs struct {
	Name string `json:"name" river:"unique"`
}

// Kind is River's job kind.
func (taskArgs) Kind() string { return "mail_task" }

// InsertOpts keeps at most one run of a task waiting or running.
func (taskArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
}

type taskWorker struct {
	river.WorkerDefaults[taskArgs]
	tasks map[string]Task
	q     *Queue
}

func (w *taskWorker) Work(ctx context.Context, job *river.Job[taskArgs]) error {
	t, ok := w.tasks[job.Args.Name]
	if !ok {
		return nil // a task of another version of Spor
	}
	if err := t.Run(ctx, w.q); err != nil {
		return fmt.Errorf("mail: task %s: %w", t.Name, err)
	}
	return nil
}

func (w *taskWorker) Timeout(job *river.Job[taskArgs]) time.Duration {
	if t, ok := w.tasks[job.Args.Name]; ok && t.Timeout > 0 {
		return t.Timeout
	}
	return 5 * time.Minute
}

// addTasks registers the tasks' worker and returns their periodic jobs.
func addTasks(workers *river.Workers, tw *taskWorker, tasks []Task) ([]*river.PeriodicJob, error) {
	if len(tasks) == 0 {
		return nil, nil
	}
	tw.tasks = map[string]Task{}
	var jobs []*river.PeriodicJob
	for _, t := range tasks {
		tw.tasks[t.Name] = t
		name := t.Name
		jobs = append(jobs, river.NewPeriodicJob(river.PeriodicInterval(t.Interval),
			func() (river.JobArgs, *river.InsertOpts) { return taskArgs{Name: name}, nil },
			nil)) // the first run comes one interval after the start
	}
	if err := river.AddWorkerSafely(workers, tw); err != nil {
		return nil, fmt.Errorf("mail: task worker: %w", err)
	}
	return jobs, nil
}
