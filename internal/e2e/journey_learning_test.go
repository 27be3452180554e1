package e2e

import (
	"strings"
	"testing"
)

// learningJourney: a staff member goes from their self-assessment results to a
// course recommended for a weak area, marks two of its parts done, and sees the
// course's progress on their learning record.
func learningJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Staff)
	b.Open("/assessment/results?lang=da")
	// The first recommended course (the list says its kind beside each title).
	href := Eval[string](b, `(() => {
		for (const li of document.querySelectorAll(".recommended li")) {
			if (li.innerText.includes("Kursus")) return li.querySelector("a").getAttribute("href");
		}
		return "";
	})()`)
	if !strings.HasPrefix(href, "/learning/") {
		t.Fatalf("no course recommended on the results page: %q", b.Text(".recommended"))
	}
	if status := b.Click(`.recommended a[href="` + href + `"]`); status != 200 || b.Path() != href {
		t.Fatalf("follow the recommendation: %d at %s", status, b.Path())
	}
	title := b.Text("main h1")
	for i := 0; i < 2; i++ {
		// The first part not done yet.
		if status := b.Click(`.learning-parts li:not(.part--done) form button`); status != 200 {
			t.Fatalf("mark part %d done: status %d", i+1, status)
		}
	}
	if n := Eval[int](b, `document.querySelectorAll(".learning-parts li.part--done").length`); n != 2 {
		t.Errorf("%d parts shown done, want 2", n)
	}
	done := Eval[int](b, `document.querySelector("#course-progress").value`)
	if done <= 0 {
		t.Errorf("course progress %d after two parts", done)
	}
	b.Open("/me/learning")
	entry := Eval[string](b, `(() => {
		for (const li of document.querySelectorAll(".record-list li")) {
			if (li.querySelector("a").innerText.trim() === `+jsString(title)+`) return li.innerText;
		}
		return "";
	})()`)
	if entry == "" {
		t.Fatalf("%q is not on the learning record", title)
	}
	if got := Eval[int](b, `(() => { for (const li of document.querySelectorAll(".record-list li")) {
			if (li.querySelector("a").innerText.trim() === `+jsString(title)+`) return li.querySelector("progress").value; } return -1; })()`); got != done {
		t.Errorf("learning record shows %d minutes done, the course page %d", got, done)
	}
	if !strings.Contains(entry, "gennemført") {
		t.Errorf("record entry %q does not say how much is done", entry)
	}
}
