package i18n

import (
	"context"
	"strings"
)

// ZoneName names a time zone as people say it, in the language of ctx: "Dansk tid
// (København)" for Europe/Copenhagen; an unknown zone keeps its IANA name.
func ZoneName(ctx context.Context, zone string) string {
	id := "ux.zone." + strings.ToLower(zone[strings.LastIndex(zone, "/")+1:])
	if s := T(ctx, id); s != id {
		return s
	}
	return zone
}
