package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"spor/internal/config"
	"spor/internal/privacy"
)

// purge applies the retention periods now (the daily job does this by itself);
// --dry-run prints what it would do and changes nothing. Mails (warnings to inactive
// accounts) are only sent by the daily job in spor serve, which has the mail queue.
func purge(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("purge", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dry := fs.Bool("dry-run", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return errUsage
	}
	if !*dry {
		// A warning must reach the person before their account is disabled, and
		// only spor serve sends mail: the command runs the counting part only.
		return fmt.Errorf("purge: only --dry-run runs from the command line; spor serve applies retention once a day")
	}
	return withDB(ctx, cfg, log, func(db *dbConn) error {
		r, err := privacy.Purge(ctx, db.pool, cfg.Privacy, time.Now(), true, nil)
		if err != nil {
			return err
		}
		p := cfg.Privacy
		fmt.Fprintf(stdout, "retention as of now (nothing changed):\n")
		fmt.Fprintf(stdout, "  registrations to anonymise (events ended over %d months ago): %d\n", p.RegistrationsMonths, r.Registrations)
		fmt.Fprintf(stdout, "  accounts to warn (unused for %d months): %d\n", p.InactiveMonths, r.Warned)
		fmt.Fprintf(stdout, "  accounts to disable (warned over %d days ago): %d\n", int(privacy.Grace.Hours()/24), r.Disabled)
		fmt.Fprintf(stdout, "  accounts to erase (disabled after a warning over %d days ago): %d\n", int(2*privacy.Grace.Hours()/24), r.Erased)
		fmt.Fprintf(stdout, "  expired sessions to delete: %d\n", r.Sessions)
		fmt.Fprintf(stdout, "  login counters older than a day: %d\n", r.LoginCounters)
		fmt.Fprintf(stdout, "  audit log entries older than %d months: %d\n", p.AuditMonths, r.Audit)
		return nil
	})
}
