package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"spor/internal/auth"
	"spor/internal/config"
	"spor/internal/database"
	"spor/internal/demo"
	"spor/internal/model"
	"spor/internal/scale"
)

func seed(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) < 1 {
		return errUsage
	}
	switch args[0] {
	case "scale":
		return seedScale(ctx, cfg, log, args[1:], stdout)
	case "demo":
		if len(args) != 1 {
			return errUsage
		}
		return withDB(ctx, cfg, log, func(db *dbConn) error {
			if err := database.Migrate(ctx, db.pool, "up", io.Discard); err != nil {
				return err
			}
			loaded, err := demo.Load(ctx, db.pool, stdout)
			if err == nil && !loaded {
				fmt.Fprintln(stdout, "the database already has content; demo content not loaded")
			}
			return err
		})
	}
	return errUsage
}

func userCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) < 1 || args[0] != "add" {
		return errUsage
	}
	fs := newFlags("user add")
	email := fs.String("email", "", "")
	name := fs.String("name", "", "")
	org := fs.String("org", "", "")
	role := fs.String("role", "staff", "")
	lang := fs.String("lang", "da", "")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 0 || *email == "" || *name == "" || *org == "" {
		return errUsage
	}
	password, err := readPassword(getenv, stdin)
	if err != nil {
		return err
	}
	return withDB(ctx, cfg, log, func(db *dbConn) error {
		if err := requireMigrated(ctx, db); err != nil {
			return err
		}
		var orgID int64
		err := db.pool.QueryRow(ctx, `SELECT id FROM organisations WHERE lower(name) = lower($1)`, *org).Scan(&orgID)
		if err != nil {
			return fmt.Errorf("organisation %q not found (create it first with spor org add, or check the spelling)", *org)
		}
		f := model.UserForm{Email: *email, Name: *name, OrganisationID: orgID, Role: model.Role(*role), Lang: *lang, Password: password}
		if errs := auth.ValidateUserForm(&f); len(errs) > 0 {
			return invalid(errs)
		}
		hash, err := auth.HashPassword(ctx, password)
		if err != nil {
			return err
		}
		id, err := auth.NewStore(db.pool).CreateUser(ctx, f, hash)
		if errors.Is(err, database.ErrConflict) {
			return fmt.Errorf("a user with email %s already exists", *email)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %d: %s <%s>, %s\n", id, f.Name, f.Email, f.Role)
		return nil
	})
}

// clusterCmd manages the private cluster directly; `make test` uses it to run one
// cluster for the whole test run.
func clusterCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) < 1 || !oneOf(args[0], "start", "stop", "url") {
		return errUsage
	}
	fs := newFlags("cluster")
	fast := fs.Bool("fast", false, "")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 0 {
		return errUsage
	}
	c, err := database.NewCluster(cfg.DataDir, log)
	if err != nil {
		return err
	}
	switch args[0] {
	case "stop":
		return c.ForceStop()
	case "start":
		if err := c.Start(ctx, database.ClusterOptions{Fast: *fast}); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, c.URL("spor"))
	return nil
}

// seedScale loads the national-scale benchmark dataset into an empty database.
func seedScale(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := newFlags("seed scale")
	seedN := fs.Uint64("seed", 1, "")
	s := scale.Default
	fs.IntVar(&s.Organisations, "organisations", s.Organisations, "")
	fs.IntVar(&s.Staff, "staff", s.Staff, "")
	fs.IntVar(&s.Programmes, "programmes", s.Programmes, "")
	fs.IntVar(&s.Groups, "groups", s.Groups, "")
	fs.IntVar(&s.BigGroup, "big-group", s.BigGroup, "")
	fs.IntVar(&s.Follows, "follows", s.Follows, "")
	fs.IntVar(&s.Events, "events", s.Events, "")
	fs.IntVar(&s.Registrations, "registrations", s.Registrations, "")
	fs.IntVar(&s.Tracks, "tracks", s.Tracks, "")
	fs.IntVar(&s.Meetings, "meetings", s.Meetings, "")
	fs.IntVar(&s.Attempts, "attempts", s.Attempts, "")
	fs.IntVar(&s.Documents, "documents", s.Documents, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return errUsage
	}
	if s.Organisations < 1 || s.Staff < s.BigGroup || s.Programmes < 1 || s.Groups < 1 {
		return fmt.Errorf("seed scale: need at least one organisation, programme and group, and --staff >= --big-group")
	}
	return withDB(ctx, cfg, log, func(db *dbConn) error {
		if err := database.Migrate(ctx, db.pool, "up", io.Discard); err != nil {
			return err
		}
		hash, err := auth.HashPassword(ctx, scale.Password)
		if err != nil {
			return err
		}
		return scale.Load(ctx, db.pool, s, *seedN, hash, stdout)
	})
}
