package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"

	"spor/internal/config"
	"spor/internal/database"
	"spor/internal/i18n"
	"spor/internal/model"
	"spor/internal/organisations"
)

// orgCmd creates an organisation from the command line, so that a database with
// only the migrations can get its first organisation, and then its first admin
// with `spor user add`. It validates exactly as the form at /manage/organisations.
func orgCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) < 1 || args[0] != "add" {
		return errUsage
	}
	fs := newFlags("org add")
	var o model.Organisation
	fs.StringVar(&o.Name, "name", "", "")
	fs.StringVar(&o.Kind, "kind", "", "")
	fs.StringVar(&o.Country, "country", "", "")
	fs.StringVar(&o.Municipality, "municipality", "", "")
	fs.StringVar(&o.Region, "region", "", "")
	fs.StringVar(&o.Website, "website", "", "")
	var domains []string
	fs.Func("domain", "", func(s string) error { domains = append(domains, s); return nil })
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 0 || o.Name == "" || o.Kind == "" || o.Country == "" {
		return errUsage
	}
	o.Country = strings.ToUpper(o.Country)
	o.EmailDomains = model.ParseDomains(strings.Join(domains, "\n"))
	if err := o.Validate(); err != nil {
		return invalid(err.(model.Errors))
	}
	return withDB(ctx, cfg, log, func(db *dbConn) error {
		if err := requireMigrated(ctx, db); err != nil {
			return err
		}
		store := organisations.NewStore(db.pool)
		owners, err := store.DomainOwners(ctx, o.EmailDomains, 0)
		if err != nil {
			return err
		}
		for _, d := range slices.Sorted(maps.Keys(owners)) {
			return fmt.Errorf("the domain %s already belongs to %q (a domain can belong to only one organisation)", d, owners[d])
		}
		id, err := store.SaveOrganisation(ctx, o)
		switch {
		case errors.Is(err, organisations.ErrDomainTaken):
			return errors.New("one of the domains already belongs to another organisation")
		case errors.Is(err, database.ErrConflict):
			return fmt.Errorf("an organisation named %q already exists", o.Name)
		case err != nil:
			return err
		}
		fmt.Fprintf(stdout, "created organisation %d: %s (%s, %s)", id, o.Name, o.Kind, o.Country)
		if len(o.EmailDomains) > 0 {
			fmt.Fprintf(stdout, ", email domains %s", strings.Join(o.EmailDomains, ", "))
		}
		fmt.Fprintln(stdout)
		return nil
	})
}

// requireMigrated stops a command that needs the schema with what to do, instead
// of PostgreSQL's "relation does not exist".
func requireMigrated(ctx context.Context, db *dbConn) error {
	var ok bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'organisations' AND column_name = 'email_domains')`).Scan(&ok)
	if err != nil {
		return fmt.Errorf("check the schema: %w", err)
	}
	if !ok {
		return errors.New("the database is not migrated: run spor migrate up first")
	}
	return nil
}

// choices names what a command-line flag accepts when its value is not one of them.
var choices = map[string][]string{
	"kind":    model.OrgKinds,
	"country": model.Countries,
	"role":    {string(model.RoleStaff), string(model.RoleCoordinator), string(model.RoleAdmin)},
	"lang":    i18n.Langs,
}

// flagOfField names the flag that sets a form field, where the two differ.
var flagOfField = map[string]string{"email_domains": "domain", "organisation": "org"}

// invalid turns a form's errors into one line in English (the language of the
// command's other messages), sorted by field so the line reads the same every time.
func invalid(errs model.Errors) error {
	fields := slices.Sorted(maps.Keys(errs))
	parts := make([]string, 0, len(fields))
	for _, field := range fields {
		msg := i18n.Translate("en", errs[field])
		if errs[field] == "error.choice" {
			msg = "use one of " + strings.Join(choices[field], ", ")
		}
		flag := field
		if f, ok := flagOfField[field]; ok {
			flag = f
		}
		parts = append(parts, "--"+flag+": "+msg)
	}
	return fmt.Errorf("invalid: %s", strings.Join(parts, "; "))
}
