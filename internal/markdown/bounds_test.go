package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// maxField is the largest Markdown field Spor accepts (group, news and programme
// bodies).
const maxField = 100_000

// fill repeats unit after head until the text is about n bytes.
func fill(head, unit string, n int) string {
	var b strings.Builder
	b.WriteString(head)
	for b.Len()+len(unit) <= n {
		b.WriteString(unit)
	}
	return b.String()
}

// Every construct, blown up to the field's maximum size, renders within a small time
// and an output bounded by its input, or is refused as too complex; never megabytes.
func TestRenderIsBoundedByInput(t *testing.T) {
	wide := "|" + strings.Repeat("a|", 500) + "\n|" + strings.Repeat("-|", 500) + "\n"
	header20 := "|" + strings.Repeat("h|", 20) + "\n|" + strings.Repeat("-|", 20) + "\n"
	longURL := "https://example.org/" + strings.Repeat("a", 1900)
	cases := []struct {
		name, in string
	}{
		{"wide table, one-character rows", fill(wide, "x\n", maxField)},
		{"20-column table, many rows", fill(header20, "x\n", maxField)},
		{"many small tables", fill("", "|a|b|\n|-|-|\n|c|d|\n\n", maxField)},
		{"nested quotes", strings.Repeat(">", maxField-1) + "x"},
		{"nested quotes per line", fill("", strings.Repeat(">", 200)+" x\n", maxField)},
		{"nested lists", nestedList(maxField)},
		{"nested ordered lists", nestedOrdered(maxField)},
		{"reference link used many times", fill("[a]: "+longURL+"\n\n", "[a] ", maxField)},
		{"reference link used under the bracket limit", "[a]: " + longURL + "\n\n" + strings.Repeat("[a] ", MaxBrackets-1)},
		{"collapsed reference links", fill("[a]: "+longURL+"\n\n", "[a][] ", maxField)},
		{"many reference definitions", fill("", "[x]: https://example.org/x\n", maxField)},
		{"long autolinks", fill("", "www."+strings.Repeat("a", 5000)+".dk ", maxField)},
		{"many short autolinks", fill("", "www.a.dk ", maxField)},
		{"bare long URL", "https://" + strings.Repeat("a.", maxField/2-10) + "dk"},
		{"emphasis", fill("", "*a* ", maxField)},
		{"unclosed emphasis", fill("", "*a _b ", maxField)},
		{"strikethrough", fill("", "~~a~~ ", maxField)},
		{"headings", fill("", "# a\n", maxField)},
		{"code spans", fill("", "`a` ", maxField)},
		{"links with long titles", fill("", `[a](https://example.org "`+strings.Repeat("t", 200)+`") `, maxField)},
		{"entities", fill("", "&amp;&lt;&#x41;", maxField)},
		{"list items", fill("", "- a\n", maxField)},
		{"raw HTML", fill("", "<div onclick=x>a</div>\n", maxField)},
		{"brackets", strings.Repeat("[", maxField/2) + strings.Repeat("]", maxField/2)},
		{"images", fill("", "![a](https://example.org/i.png) ", maxField)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.in) > maxField {
				t.Fatalf("input %d bytes, over the field's %d", len(tc.in), maxField)
			}
			start := time.Now()
			out, err := Render(tc.in)
			took := time.Since(start)
			if err != nil && !errors.Is(err, ErrTooComplex) {
				t.Fatalf("error %v", err)
			}
			if took > 2*time.Second {
				t.Errorf("took %v for %d bytes", took, len(tc.in))
			}
			if limit := 8*len(tc.in) + 8<<10; len(out) > limit {
				t.Errorf("%d bytes in, %d bytes out (limit %d)", len(tc.in), len(out), limit)
			}
			t.Logf("%d bytes in, %d out, refused %v, %v", len(tc.in), len(out), err != nil, took)
		})
	}
}

// The probe's case: 4 KB of table rendered to 5 MB. It is now refused.
func TestRenderRefusesTableBlowUp(t *testing.T) {
	in := "|" + strings.Repeat("a|", 200) + "\n|" + strings.Repeat("-|", 200) + "\n" + strings.Repeat("x\n", 1600)
	if _, err := Render(in); !errors.Is(err, ErrTooComplex) {
		t.Errorf("%d-byte table: err %v, want ErrTooComplex", len(in), err)
	}
	if _, err := RenderField("body", in); err == nil || !strings.Contains(err.Error(), "body: "+TooComplexMessage) {
		t.Errorf("RenderField: %v", err)
	}
}

// Ordinary rich pages stay within the limits.
func TestRenderKeepsRealisticContent(t *testing.T) {
	var b strings.Builder
	b.WriteString("| Dato | Tid | Sted | Emne | Oplægsholder | Målgruppe | Tilmelding | Note |\n|---|---|---|---|---|---|---|---|\n")
	for i := range 40 {
		fmt.Fprintf(&b, "| %d. marts | 10-12 | Odense | Emne %d | Ida | Alle | [link](https://example.org/%d) | *ny* |\n", i%28+1, i, i)
	}
	b.WriteString("\n> Citat\n>> i citat\n\n- punkt\n  - underpunkt\n    - under-underpunkt\n\nLæs mere på www.bibliotek.dk.\n")
	out, err := Render(b.String())
	if err != nil {
		t.Fatalf("a 40-row timetable was refused: %v", err)
	}
	if strings.Count(out, "<tr>") != 41 || !strings.Contains(out, "<blockquote>") {
		t.Errorf("content lost: %.200q", out)
	}
}

func nestedList(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n-200; i++ {
		b.WriteString(strings.Repeat("  ", i%200) + "- a\n")
	}
	return b.String()
}

func nestedOrdered(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n-1000; i++ {
		b.WriteString(strings.Repeat("   ", i%300) + "1. a\n")
	}
	return b.String()
}
