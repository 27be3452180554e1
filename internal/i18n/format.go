package i18n

import (
	"context"
	"fmt"
	"time"
)

var months = map[string][12]string{
	"da": {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"},
	"sv": {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
}

var weekdays = map[string][7]string{
	"da": {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	"sv": {"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	"nb": {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
}

type zoneKey struct{}

var (
	copenhagen = mustZone("Europe/Copenhagen")
	stockholm  = mustZone("Europe/Stockholm")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// WithZone returns ctx carrying the viewer's time zone (a logged-in user's, from
// their organisation's country).
func WithZone(ctx context.Context, loc *time.Location) context.Context {
	if loc == nil {
		return ctx
	}
	return context.WithValue(ctx, zoneKey{}, loc)
}

// Zone returns the viewer's time zone: the one set with WithZone, otherwise the page
// language's (Stockholm for Swedish, Copenhagen for Danish and English).
func Zone(ctx context.Context) *time.Location {
	if loc, ok := ctx.Value(zoneKey{}).(*time.Location); ok {
		return loc
	}
	if Lang(ctx) == "sv" {
		return stockholm
	}
	return copenhagen
}

// Local returns t in the zone it is to be shown in. A time a caller has placed in a
// record's own zone (an event's or meeting's, with t.In) keeps it; a time as read from
// the database (UTC or the server's Local) moves to the viewer's zone, so no page
// shows UTC for a record entered in local time. Every formatter below goes through it.
func Local(ctx context.Context, t time.Time) time.Time {
	if loc := t.Location(); loc == time.UTC || loc == time.Local {
		return t.In(Zone(ctx))
	}
	return t
}

// Date formats t as a long date in the language of ctx: "22. november 2026",
// "22 november 2026", "22 November 2026".
func Date(ctx context.Context, t time.Time) string {
	t = Local(ctx, t)
	lang := Lang(ctx)
	m := months[lang]
	if lang == "da" || lang == "nb" {
		return fmt.Sprintf("%d. %s %d", t.Day(), m[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), m[t.Month()-1], t.Year())
}

// Weekday names t's day of the week in the language of ctx.
func Weekday(ctx context.Context, t time.Time) string {
	return weekdays[Lang(ctx)][Local(ctx, t).Weekday()]
}

// Month names a month ("november 2026") in the language of ctx.
func Month(ctx context.Context, t time.Time) string {
	t = Local(ctx, t)
	return fmt.Sprintf("%s %d", months[Lang(ctx)][t.Month()-1], t.Year())
}

// Clock formats t's time of day, 24-hour, as all three languages write it; t must
// already be in the zone to show (a record's; DateTime for anything else).
func Clock(t time.Time) string { return t.Format("15:04") }

// DateTime formats t as "22. november 2026 14:30", in the zone Local picks.
func DateTime(ctx context.Context, t time.Time) string {
	t = Local(ctx, t)
	return Date(ctx, t) + " " + Clock(t)
}

// ISODate formats t as 2026-11-22, for <time datetime> and forms.
func ISODate(t time.Time) string { return t.Format("2006-01-02") }
