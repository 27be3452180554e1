package assessment

import (
	"context"
	"strings"
	"testing"

	"spor/internal/i18n"
	"spor/internal/model"
)

// Every area's name, in every language, fits left of the gap chart's bars: wrapped
// onto at most two lines of gapLabelChars, with no word lost or cut.
func TestGapLabelsFit(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, area := range model.Areas {
			name := i18n.Translate(lang, "assessment.area."+area)
			lines := WrapLabel(name, gapLabelChars)
			if len(lines) > 2 {
				t.Errorf("%s %s: %q takes %d lines", lang, area, name, len(lines))
			}
			for _, l := range lines {
				if n := len([]rune(l)); n > gapLabelChars {
					t.Errorf("%s %s: line %q has %d characters, more than fit (%d)", lang, area, l, n, gapLabelChars)
				}
			}
			if strings.Join(lines, " ") != strings.Join(strings.Fields(name), " ") {
				t.Errorf("%s %s: %q wrapped as %q", lang, area, name, lines)
			}
		}
	}
	if got := WrapLabel("Informations- och datakunnighet", 26); len(got) != 2 {
		t.Errorf("a 31-character name stays on %d line(s): %q", len(got), got)
	}
}

// Durations read as people say them, not as hundreds of minutes.
func TestDurationInHoursAndMinutes(t *testing.T) {
	for _, c := range []struct {
		lang    string
		minutes int
		want    string
	}{
		{"da", 45, "45 minutter"},
		{"da", 120, "2 timer"},
		{"da", 630, "10 t 30 min"},
		{"sv", 60, "1 timme"},
		{"en", 630, "10 h 30 min"},
		{"nb", 90, "1 t 30 min"},
	} {
		if got := duration(i18n.WithLang(context.Background(), c.lang), c.minutes); got != c.want {
			t.Errorf("%s, %d minutes: %q, want %q", c.lang, c.minutes, got, c.want)
		}
	}
}
