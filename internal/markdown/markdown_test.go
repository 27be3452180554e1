package markdown

import (
	"strings"
	"testing"
)

func TestRenderNeutralisesScript(t *testing.T) {
	cases := []struct {
		name, in string
		banned   []string
	}{
		{"script tag", "Hej <script>alert(1)</script> verden", []string{"<script", "</script"}},
		{"javascript link", "[klik](javascript:alert(1))", []string{"javascript:"}},
		{"on attribute in raw HTML", `<img src="x" onerror="alert(1)">`, []string{"onerror"}},
		{"on attribute in a link", `<a href="https://example.org" onclick="steal()">x</a>`, []string{"onclick"}},
		{"data URL", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{"data:text/html"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Render(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range tc.banned {
				if strings.Contains(strings.ToLower(out), strings.ToLower(b)) {
					t.Errorf("output %q contains %q", out, b)
				}
			}
		})
	}
}

func TestRenderKeepsFormatting(t *testing.T) {
	out, err := Render("# Mål\n\n* **fælles** seminarer\n* [projektsiden](https://example.org/projekt)\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>Mål</h1>", "<strong>fælles</strong>", `href="https://example.org/projekt"`, "<li>"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
}
