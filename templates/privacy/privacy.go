// Package privacy holds the privacy pages: the public /privacy statement, the
// person's own /me/privacy, the admin's erasure and the readable export.
package privacy

import (
	"context"
	"fmt"

	"spor/internal/i18n"
)

// ExportSection is one kind of record in the readable export; Rows streams its rows.
type ExportSection struct {
	Name string
	Rows func(ctx context.Context, row func(cols []string, vals []any) error) error
}

// Me is /me/privacy.
type Me struct {
	Email      string
	EmailError string
	Retention  Retention
}

// Retention holds the configured periods, in months, as the privacy page states them.
type Retention struct {
	Registrations int
	Inactive      int
	Audit         int
}

// Statement is the public /privacy page.
type Statement struct {
	Controller string
	Contact    string
	Retention  Retention
}

// EraseUser is the admin's confirmation before erasing an account.
type EraseUser struct {
	ID    int64
	Name  string
	Email string
	Error string
}

func cell(ctx context.Context, v any) string {
	switch v := v.(type) {
	case nil:
		return "–"
	case bool:
		if v {
			return i18n.T(ctx, "privacy.yes")
		}
		return i18n.T(ctx, "privacy.no")
	case []string:
		return fmt.Sprint(v)
	default:
		return fmt.Sprint(v)
	}
}

func eraseURL(id int64) string { return fmt.Sprintf("/manage/erase/%d", id) }
