package scale

import (
	"context"
	"fmt"
	"time"
)

// trackParticipants is how many staff join each track.
const trackParticipants = 40

// Tracks, each in a programme and a group, with a coordinator, sizes.Meetings
// monthly meetings (from two months before the dataset's day), two speakers and a
// material per meeting, and trackParticipants participants; the Me user has joined
// the first three.
func loadTracks(ctx context.Context, l *loader) (int64, error) {
	rows := make([][]any, l.sizes.Tracks)
	prework := "Read the programme's short guide before the first meeting."
	for i := range rows {
		var capacity any
		if i%4 == 0 {
			capacity = int32(60)
		}
		rows[i] = []any{l.progs[i%len(l.progs)], l.groups[i%len(l.groups)], fmt.Sprintf("track-%03d", i+1),
			fmt.Sprintf("Leadership track %03d", i+1), "Library leaders", "A series of meetings for library leaders.",
			[]string{"Lead digital change", "Share experience across libraries"}, prework, "<p>" + prework + "</p>",
			[]string{"sv", "da", "nb", "fi"}[i%4], capacity, l.now, l.now}
	}
	total, err := l.copyRows(ctx, "tracks", []string{"programme_id", "group_id", "slug", "title", "audience", "summary", "goals",
		"prework_md", "prework_html", "lang", "capacity", "created_at", "updated_at"}, rows)
	if err != nil {
		return total, err
	}
	if l.tracks, err = l.ids(ctx, "tracks"); err != nil {
		return total, err
	}
	var coords, parts, meetings [][]any
	for i, t := range l.tracks {
		coords = append(coords, []any{t, l.users[(i*200+1)%len(l.users)]})
		seen := map[int]bool{}
		if i < 3 {
			seen[Me] = true
			parts = append(parts, []any{t, l.users[Me], l.now.AddDate(0, -3, 0)})
		}
		for len(seen) < min(trackParticipants, len(l.users)) {
			u := l.rnd.IntN(len(l.users))
			if !seen[u] {
				seen[u] = true
				parts = append(parts, []any{t, l.users[u], l.now.AddDate(0, -3, 0)})
			}
		}
		first := l.now.Truncate(24*time.Hour).AddDate(0, -2, i%28).Add(9 * time.Hour)
		for k := 0; k < l.sizes.Meetings; k++ {
			starts := first.AddDate(0, k, 0)
			meetings = append(meetings, []any{t, fmt.Sprintf("Meeting %d", k+1), "Talks and discussion in small groups.",
				starts, starts.Add(6 * time.Hour), "Europe/Stockholm", fmt.Sprintf("Regional library %d", i%20+1), l.now, l.now})
		}
	}
	for _, step := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"track_coordinators", []string{"track_id", "user_id"}, coords},
		{"track_participants", []string{"track_id", "user_id", "joined_at"}, parts},
		{"track_meetings", []string{"track_id", "title", "description", "starts_at", "ends_at", "zone", "place", "created_at", "updated_at"}, meetings},
	} {
		n, err := l.copyRows(ctx, step.table, step.cols, step.rows)
		total += n
		if err != nil {
			return total, err
		}
	}
	ids, err := l.ids(ctx, "track_meetings")
	if err != nil {
		return total, err
	}
	var speakers, materials [][]any
	for i, m := range ids {
		for p := 1; p <= 2; p++ {
			speakers = append(speakers, []any{m, int32(p), fmt.Sprintf("Speaker %d-%d", i+1, p), "Regional library", "On digital inclusion"})
		}
		materials = append(materials, []any{m, int32(1), "Slides", fmt.Sprintf("https://bench.example.org/slides/%d.pdf", i+1)})
	}
	n, err := l.copyRows(ctx, "track_speakers", []string{"meeting_id", "position", "name", "affiliation", "talk_title"}, speakers)
	total += n
	if err != nil {
		return total, err
	}
	n, err = l.copyRows(ctx, "track_materials", []string{"meeting_id", "position", "title", "url"}, materials)
	return total + n, err
}
