// Package components holds the small view pieces every page uses: form fields with
// their error messages, an error summary, pagination and empty states.
package components

import (
	"net/url"
	"sort"
	"strconv"

	"spor/internal/model"
)

// Field describes one form control. Label and Hint are already translated.
type Field struct {
	Name         string
	Label        string
	Value        string
	Type         string // text (default), email, password, url, date, datetime-local, number, tel
	Hint         string
	Required     bool
	Autocomplete string
	Errors       model.Errors
	Rows         int    // textarea rows
	Summary      string // the field's name in the error summary, when its label alone is ambiguous (a repeated row's "Name")
}

// Option is one choice in a select or radio group.
type Option struct {
	Value string
	Label string
}

func (f Field) id() string { return "f-" + f.Name }

func (f Field) errID() string { return "f-" + f.Name + "-error" }

func (f Field) hintID() string { return "f-" + f.Name + "-hint" }

func (f Field) describedBy() string {
	s := ""
	if f.Hint != "" {
		s = f.hintID()
	}
	if f.Errors[f.Name] != "" {
		if s != "" {
			s += " "
		}
		s += f.errID()
	}
	return s
}

func (f Field) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// sortedFields returns the names of fields with errors, in a stable order.
func sortedFields(errs model.Errors) []string {
	names := make([]string, 0, len(errs))
	for k := range errs {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// PageURL returns base with ?page=n, keeping the other query parameters of base.
func PageURL(base string, n int) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	if n <= 1 {
		q.Del("page")
	} else {
		q.Set("page", strconv.Itoa(n))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// hasPlaceholder reports whether a drop-down starts with an empty "choose" option.
// Only then does the required attribute mean anything (a select without one always
// has a value), and HTML allows required only on such a select.
func hasPlaceholder(options []Option) bool {
	return len(options) > 0 && options[0].Value == ""
}
