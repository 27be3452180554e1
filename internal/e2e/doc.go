// Package e2e holds Spor's browser checks: journeys through the real server in
// headless Chromium, axe-core accessibility checks and the Nu HTML Checker on every
// page template, and screenshots at phone and desktop widths. Everything lives in
// the _test.go files; `make test` runs them (see README, "Browser checks").
//
// To check a new page, add a line to pages (pages_test.go). To add a journey, write
// a func(t *testing.T, e *Env) in its own journey_<who>_test.go and add a line to
// journeys (e2e_test.go).
package e2e
