package model

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// This file is the one place that decides whether a link stays on the site or is a
// plain web or mail address. Every link Spor stores or builds goes through it, so a
// "//host" or "/\host" path, a javascript: URL or a mailto with ?cc= never becomes
// an href.

// LocalPath returns p if it is a clean path on this site (query and fragment
// allowed), otherwise "/". Browsers read "//host" and "/\host" as another site, and
// strip tabs and newlines before they do, so any of those, a backslash, other
// control characters or invalid UTF-8 make the path not local.
func LocalPath(p string) string {
	if !ValidLocalPath(p) {
		return "/"
	}
	return p
}

// ValidLocalPath reports whether p is a path on this site: it starts with one "/",
// has no backslash, no control character and no scheme or host.
func ValidLocalPath(p string) bool {
	if p == "" || p[0] != '/' || len(p) > 2000 || !utf8.ValidString(p) || hasControl(p) {
		return false
	}
	if strings.HasPrefix(p, "//") || strings.ContainsRune(p, '\\') {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//")
}

// ValidURL reports whether s is empty or an absolute http(s) URL with a host and no
// user name (http://good@evil is a classic disguise), spaces or control characters.
func ValidURL(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > 2000 || !utf8.ValidString(s) || hasControl(s) || strings.ContainsAny(s, " \\") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// ValidLink reports whether s is empty, an absolute http(s) URL or a clean local path:
// what a stored link (an alert's "read more") may be.
func ValidLink(s string) bool { return s == "" || ValidURL(s) || ValidLocalPath(s) }

// SafeLink returns s if it is a valid link, otherwise "": for rendering links stored
// before the rules were this strict.
func SafeLink(s string) string {
	if ValidLink(s) {
		return s
	}
	return ""
}

// emailRE is a plain address: no quotes, no comments, no "?", "&", "%" or "/", so it
// can be put after "mailto:" without adding headers (cc=, body=) to the mail.
var emailRE = regexp.MustCompile(`^[\p{L}\p{N}.!#$'*+=^_{|}~-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$`)

// ValidEmail reports whether s is a plain e-mail address, something@domain.tld.
func ValidEmail(s string) bool {
	return len(s) <= 254 && utf8.ValidString(s) && emailRE.MatchString(s) &&
		!strings.HasPrefix(s, ".") && !strings.Contains(s, "..")
}

// Mailto is the mailto: link of a plain address, or "" when email is not one.
func Mailto(email string) string {
	if !ValidEmail(email) {
		return ""
	}
	return "mailto:" + email
}

// hasControl reports whether s holds a C0 control character or DEL.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}
