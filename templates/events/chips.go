package events

import (
	"context"

	"spor/internal/i18n"
)

// Chip is one active filter on /events: what it says and the address without it.
type Chip struct {
	Label  string // "Programme: Digital transformation"
	Remove string // /events with every other filter kept
}

// activeFilters lists the filters in use, each with the list's address without it,
// so that one tap removes one filter.
func activeFilters(ctx context.Context, v ListView) []Chip {
	modes := []Option{
		{Value: "online", Label: i18n.T(ctx, "events.filter.online")},
		{Value: "onsite", Label: i18n.T(ctx, "events.filter.onsite")},
	}
	var out []Chip
	add := func(label, value string, opts []Option, clear func()) {
		if value == "" {
			return
		}
		name := value
		for _, o := range opts {
			if o.Value == value {
				name = o.Label
			}
		}
		saved := v.Filter
		clear()
		out = append(out, Chip{Label: label + ": " + name, Remove: filterURL(v.Filter)})
		v.Filter = saved
	}
	add(i18n.T(ctx, "events.filter.programme"), v.Filter.Programme, v.Programmes, func() { v.Filter.Programme = "" })
	add(i18n.T(ctx, "events.filter.group"), v.Filter.Group, v.Groups, func() { v.Filter.Group = "" })
	add(i18n.T(ctx, "events.filter.month"), v.Filter.Month, months(ctx, v.Now), func() { v.Filter.Month = "" })
	add(i18n.T(ctx, "events.filter.language"), v.Filter.Lang, langOptions(ctx, false), func() { v.Filter.Lang = "" })
	add(i18n.T(ctx, "events.filter.mode"), v.Filter.Mode, modes, func() { v.Filter.Mode = "" })
	return out
}
