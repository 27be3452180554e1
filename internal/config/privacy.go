package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Privacy is what the privacy page states and the retention job applies.
type Privacy struct {
	// RegistrationsMonths: registrations lose their person this long after the
	// event ended (RETENTION_REGISTRATIONS_MONTHS, default 24).
	RegistrationsMonths int
	// InactiveMonths: an account unused this long is warned, disabled a month later
	// and erased a month after that (RETENTION_INACTIVE_MONTHS, default 36).
	InactiveMonths int
	// AuditMonths: audit log entries are kept this long (RETENTION_AUDIT_MONTHS, default 24).
	AuditMonths int
	// Controller and Contact name the data controller and how to reach them
	// (PRIVACY_CONTROLLER, PRIVACY_CONTACT), shown on /privacy.
	Controller string
	Contact    string
}

func loadPrivacy(getenv func(string) string, errs []error) (Privacy, []error) {
	p := Privacy{RegistrationsMonths: 24, InactiveMonths: 36, AuditMonths: 24}
	for _, v := range []struct {
		name string
		to   *int
	}{{"RETENTION_REGISTRATIONS_MONTHS", &p.RegistrationsMonths}, {"RETENTION_INACTIVE_MONTHS", &p.InactiveMonths}, {"RETENTION_AUDIT_MONTHS", &p.AuditMonths}} {
		if s := getenv(v.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 1200 {
				errs = append(errs, fmt.Errorf("%s=%q: want a whole number of months from 1 to 1200", v.name, s))
				continue
			}
			*v.to = n
		}
	}
	p.Controller = strings.TrimSpace(getenv("PRIVACY_CONTROLLER"))
	p.Contact = strings.TrimSpace(getenv("PRIVACY_CONTACT"))
	if len(p.Controller) > 500 || len(p.Contact) > 500 {
		errs = append(errs, fmt.Errorf("PRIVACY_CONTROLLER, PRIVACY_CONTACT: want at most 500 characters each"))
	}
	return p, errs
}
