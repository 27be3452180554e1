package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"spor/internal/model"
)

// assessmentJourney: a staff member who has taken the self-assessment before takes
// it again, answering each of the statements by clicking a label, submits, and
// reads the results page: this attempt's table and the chart of their progress.
func assessmentJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Staff)
	b.Click(`.site-nav a[href="/assessment"]`)
	if h1 := b.Text("main h1"); h1 != "Selvtest af digitale kompetencer" {
		t.Errorf("self-assessment heading %q", h1)
	}
	groups := Eval[int](b, `document.querySelectorAll("#assessment-form fieldset.likert").length`)
	if groups != 24 {
		t.Errorf("the self-assessment has %d statements, want 24", groups)
	}
	for i := 1; i <= groups; i++ {
		v := 1 + i%7
		b.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="s-%d-v%d"]`, i, v)), chromedp.NodeVisible))
	}
	if n := Eval[int](b, `document.querySelectorAll("#assessment-form input[type=radio]:checked").length`); n != groups {
		t.Fatalf("after clicking an answer to each statement %d are checked, want %d", n, groups)
	}
	if status := b.Click(`#assessment-form button[value=submit]`); status != 200 {
		t.Fatalf("submit the self-assessment: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	checkResults(t, b)
}

// checkResults asserts what the results page shows after an attempt: the message,
// the table of this attempt with one row per area, and the progress chart.
func checkResults(t *testing.T, b *Tab) {
	t.Helper()
	if b.Path() != "/assessment/results" {
		t.Fatalf("after submitting: at %s, want the results", b.Path())
	}
	if flash := b.Flash(); flash != "Tak. Dine svar er gemt." {
		t.Errorf("after submitting the message reads %q", flash)
	}
	if h1 := b.Text("main h1"); h1 != "Dine resultater i selvtesten" {
		t.Errorf("results heading %q", h1)
	}
	rows := Eval[[]string](b, `[...document.querySelectorAll("#latest-table tbody tr")].map(r => r.innerText.trim())`)
	if len(rows) != len(model.Areas) {
		t.Errorf("the latest result has %d rows, want one per area (%d): %q", len(rows), len(model.Areas), rows)
	}
	for _, r := range rows {
		if !strings.ContainsAny(r, "1234567") {
			t.Errorf("result row without a score: %q", r)
		}
	}
	visible := `(function(){ const c = document.querySelector("#progress-chart"); if (!c) return false; const r = c.getBoundingClientRect(); return r.width > 100 && r.height > 50; })()`
	if !Eval[bool](b, visible) {
		t.Error("the results page shows no progress chart")
	}
	if n := Eval[int](b, `document.querySelectorAll("#progress-table tbody tr").length`); n < 1 {
		t.Error("the progress table is empty")
	}
}
