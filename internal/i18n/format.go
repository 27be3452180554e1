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
}

var weekdays = map[string][7]string{
	"da": {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	"sv": {"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
}

// Date formats t as a long date in the language of ctx: "22. november 2026",
// "22 november 2026", "22 November 2026".
func Date(ctx context.Context, t time.Time) string {
	lang := Lang(ctx)
	m := months[lang]
	if lang == "da" {
		return fmt.Sprintf("%d. %s %d", t.Day(), m[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), m[t.Month()-1], t.Year())
}

// Weekday names t's day of the week in the language of ctx.
func Weekday(ctx context.Context, t time.Time) string {
	return weekdays[Lang(ctx)][t.Weekday()]
}

// Month names a month ("november 2026") in the language of ctx.
func Month(ctx context.Context, t time.Time) string {
	return fmt.Sprintf("%s %d", months[Lang(ctx)][t.Month()-1], t.Year())
}

// Clock formats t's time of day, 24-hour, as all three languages write it.
func Clock(t time.Time) string { return t.Format("15:04") }

// DateTime formats t as "22. november 2026 14:30".
func DateTime(ctx context.Context, t time.Time) string {
	return Date(ctx, t) + " " + Clock(t)
}

// ISODate formats t as 2026-11-22, for <time datetime> and forms.
func ISODate(t time.Time) string { return t.Format("2006-01-02") }
