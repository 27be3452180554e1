// Package model holds Spor's domain types and their validation. It is the leaf of the
// import graph: stores, handlers and views share these types and it imports nothing
// of Spor's own.
package model

import (
	"regexp"
	"strings"
)

// Errors maps a form field to the message key of what is wrong with it. Keys are
// i18n message ids, translated when the form is rendered again.
type Errors map[string]string

// Error makes Errors an error, so a store can hand it back through httpx.Error.
func (e Errors) Error() string {
	parts := make([]string, 0, len(e))
	for field, msg := range e {
		parts = append(parts, field+": "+msg)
	}
	return "invalid: " + strings.Join(parts, ", ")
}

// Add records msg for field unless the field already has a message.
func (e Errors) Add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// Err returns e as an error, or nil when there is nothing wrong.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// ContentLangs are the languages content may be written in.
var ContentLangs = []string{"da", "sv", "nb", "fi", "en"}

// UILangs are the languages Spor's own interface speaks, the default first.
var UILangs = []string{"da", "sv", "en"}

// Contains reports whether list holds v.
func Contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a lower-case, hyphenated URL slug.
func ValidSlug(s string) bool { return len(s) <= 100 && slugRE.MatchString(s) }

// Slugify turns a title into a slug: lower case, Nordic letters spelled out.
func Slugify(title string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "ä", "a", "ö", "o", "ü", "u", "é", "e", "Æ", "ae", "Ø", "oe", "Å", "aa", "Ä", "a", "Ö", "o")
	s := r.Replace(strings.ToLower(title))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > 80 {
		out = strings.TrimRight(out[:80], "-")
	}
	return out
}
