package tracks

import (
	"net/http"
	"strings"

	"spor/internal/model"
	views "spor/templates/tracks"
)

// blankRows is how many empty rows the meeting form offers below those filled in.
const blankRows = 2

// postedSpeakers reads the speaker rows the meeting form sent (speaker_name_0, …)
// in order, blank ones included; rows past the limit (and a few spare) are not read.
func postedSpeakers(r *http.Request) []model.Speaker {
	var out []model.Speaker
	for i := 0; i < model.MaxSpeakers+blankRows+1; i++ {
		if _, ok := r.PostForm[model.SpeakerField("name", i)]; !ok {
			break
		}
		out = append(out, model.Speaker{Name: posted(r, model.SpeakerField("name", i)),
			Affiliation: posted(r, model.SpeakerField("org", i)), TalkTitle: posted(r, model.SpeakerField("title", i))})
	}
	return out
}

// postedMaterials reads the material link rows the meeting form sent, like postedSpeakers.
func postedMaterials(r *http.Request) []model.Material {
	var out []model.Material
	for i := 0; i < model.MaxMaterials+blankRows+1; i++ {
		if _, ok := r.PostForm[model.MaterialField("title", i)]; !ok {
			break
		}
		out = append(out, model.Material{Title: posted(r, model.MaterialField("title", i)), URL: posted(r, model.MaterialField("url", i))})
	}
	return out
}

func posted(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

// filled drops the rows left blank, which are not saved.
func filled[T interface{ Empty() bool }](rows []T) []T {
	out := make([]T, 0, len(rows))
	for _, row := range rows {
		if !row.Empty() {
			out = append(out, row)
		}
	}
	return out
}

// withBlank returns rows followed by n blank ones to fill in, never more than limit in all.
func withBlank[T any](rows []T, n, limit int) []T {
	out := append([]T(nil), rows...)
	for i := 0; i < n && len(out) < limit; i++ {
		var blank T
		out = append(out, blank)
	}
	return out
}

// meetingView is the form for m: its speakers and links with blank rows to fill in.
func meetingView(t model.Track, m model.Meeting) views.MeetingForm {
	return views.MeetingForm{Track: t, Meeting: m,
		Speakers:  withBlank(m.Speakers, blankRows, model.MaxSpeakers),
		Materials: withBlank(m.Materials, blankRows, model.MaxMaterials)}
}
