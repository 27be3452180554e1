package model

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/idna"
)

// MaxEmailDomains bounds one organisation's list of email domains.
const MaxEmailDomains = 50

// publicMailDomains are free mail services: anyone can get an address there, so
// such a domain must never make its holders staff of an organisation.
var publicMailDomains = []string{
	"gmail.com", "googlemail.com", "hotmail.com", "hotmail.dk", "hotmail.se", "hotmail.no",
	"outlook.com", "outlook.dk", "outlook.se", "live.com", "live.dk", "live.se", "live.no",
	"msn.com", "yahoo.com", "yahoo.dk", "yahoo.se", "yahoo.no", "icloud.com", "me.com",
	"mac.com", "aol.com", "protonmail.com", "proton.me", "pm.me", "gmx.com", "gmx.net",
	"mail.com", "mail.dk", "jubii.dk", "ofir.dk", "sol.dk", "spray.se", "telia.com",
	"bredband.net", "online.no", "yandex.com", "zoho.com", "tutanota.com", "fastmail.com",
}

var domainLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// ParseDomains splits what an admin typed (one per line, or separated by commas,
// semicolons or spaces) into domain names: lower-case, internationalised names in
// their ASCII (xn--) form as mail servers write them, duplicates dropped, order
// kept. Anything that is not a domain name is kept as typed, for Validate to name.
func ParseDomains(s string) []string {
	var out []string
	for _, d := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\r' || r == '\n' }) {
		d = strings.TrimSuffix(strings.ToLower(d), ".")
		if ascii, err := idna.Lookup.ToASCII(d); err == nil && !strings.Contains(d, "@") {
			d = ascii
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// checkDomains returns the message id of the first problem in domains, or "".
func checkDomains(domains []string) string {
	if len(domains) > MaxEmailDomains {
		return "orgs.domains_too_many"
	}
	for _, d := range domains {
		switch {
		case strings.Contains(d, "@"):
			return "orgs.domain_at"
		case !ValidDomain(d):
			return "orgs.domain_invalid"
		case slices.Contains(publicMailDomains, d):
			return "orgs.domain_public"
		}
	}
	return ""
}

// ValidDomain reports whether d is a lower-case, fully qualified DNS name of at
// least two labels (vejle.dk), in ASCII form.
func ValidDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabel.MatchString(l) {
			return false
		}
	}
	// The top-level label is never all digits (that would be an IP address).
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

// EmailDomain returns the lower-case domain of an email address, in the form
// ParseDomains stores, for matching against organisations' domains.
func EmailDomain(email string) string {
	at := strings.LastIndex(email, "@")
	if at < 0 {
		return ""
	}
	d := ParseDomains(email[at+1:])
	if len(d) != 1 {
		return ""
	}
	return d[0]
}
