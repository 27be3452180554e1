package e2e

import (
	"testing"
	"time"
)

// journeys are the people's paths through Spor, each in its own journey_*_test.go.
// Each gets the shared Env and opens its own tabs (fresh cookies).
var journeys = []struct {
	name string
	run  func(t *testing.T, e *Env)
}{
	{"newcomer", newcomerJourney},
	{"admin-alert", adminAlertJourney},
	{"keyboard-skip-link", skipLinkJourney},
	{"keyboard-login", keyboardLoginJourney},
	{"keyboard-assessment", keyboardAssessmentJourney},
	{"keyboard-search", keyboardSearchJourney},
	{"staff", staffJourney},
	{"coordinator", coordinatorJourney},
	{"leader", leaderJourney},
	{"assessment", assessmentJourney},
	{"phone-first", phoneFirstJourney},
	{"phone-assessment", phoneAssessmentJourney},
	{"forgotten-password", forgottenPasswordJourney},
	{"invitation", invitationJourney},
	{"signup", signupJourney},
	{"profile", profileJourney},
	{"privacy", privacyJourney},
	{"learning", learningJourney},
}

// TestBrowser runs every browser check against one server and one Chromium: the
// journeys first, then every page in pages through axe-core, the HTML checker and
// the screenshot camera.
func TestBrowser(t *testing.T) {
	start := time.Now()
	e := newEnv(t)
	t.Logf("browser started in %v", time.Since(start).Round(time.Millisecond))
	t.Run("journey", func(t *testing.T) {
		for _, j := range journeys {
			t.Run(j.name, func(t *testing.T) { j.run(t, e) })
		}
	})
	t.Run("pages", func(t *testing.T) { checkPages(t, e) })
	t.Logf("browser checks took %v; screenshots in %s", time.Since(start).Round(time.Millisecond), e.out)
}
