package me

import (
	"context"
	"time"

	"spor/internal/i18n"
	"spor/internal/model"
)

// meetingWhen formats a meeting's time in its own zone: "torsdag 17 september 2020, 13:00–15:00 CEST".
func meetingWhen(ctx context.Context, start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	return i18n.Weekday(ctx, s) + " " + i18n.Date(ctx, s) + ", " + i18n.Clock(s) + "–" + i18n.Clock(e) + " " + e.Format("MST")
}

func meetingClass(m model.Meeting, nextID int64, now time.Time) string {
	c := "meeting"
	switch {
	case m.ID == nextID:
		c += " meeting--next"
	case m.Past(now):
		c += " meeting--past"
	}
	if m.Cancelled() {
		c += " status--cancelled"
	}
	return c
}

func nextID(list []model.Meeting, now time.Time) int64 {
	if i := model.NextMeeting(list, now); i >= 0 {
		return list[i].ID
	}
	return 0
}
