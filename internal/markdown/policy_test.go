package markdown

import (
	"strings"
	"testing"
)

// The sanitiser is tested on its own, on HTML that goldmark would never produce
// today, so it keeps protecting pages if raw HTML is ever let through (goldmark's
// WithUnsafe) or a renderer extension slips something in.
func TestSanitizePolicy(t *testing.T) {
	cases := []struct {
		name, in string
		banned   []string
		kept     string
	}{
		{"script element", `<p>a<script>alert(1)</script></p>`, []string{"<script", "alert(1)"}, "<p>a</p>"},
		{"script in svg", `<svg><script>alert(1)</script></svg>`, []string{"<script", "<svg"}, ""},
		{"event attribute", `<a href="https://example.org" onclick="steal()">x</a>`, []string{"onclick", "steal"}, `href="https://example.org"`},
		{"onerror on image", `<img src="https://example.org/a.png" onerror="alert(1)">`, []string{"onerror", "alert"}, `src="https://example.org/a.png"`},
		{"onmouseover uppercase", `<p ONMOUSEOVER="alert(1)">x</p>`, []string{"onmouseover"}, "<p>x</p>"},
		{"javascript URL", `<a href="javascript:alert(1)">x</a>`, []string{"javascript:"}, "x"},
		{"javascript URL with entities", `<a href="jav&#x09;ascript:alert(1)">x</a>`, []string{"ascript:", "alert"}, "x"},
		{"javascript URL mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`, []string{"javascript:"}, "x"},
		{"vbscript URL", `<a href="vbscript:msgbox(1)">x</a>`, []string{"vbscript:"}, "x"},
		{"data URL link", `<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`, []string{"data:"}, "x"},
		{"data URL image", `<img src="data:image/svg+xml,<svg onload=alert(1)>">`, []string{"data:", "onload"}, ""},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}, ""},
		{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, []string{"style=", "javascript"}, "<p>x</p>"},
		{"style element", `<style>body{display:none}</style>`, []string{"<style"}, ""},
		{"form", `<form action="https://evil.example"><input name="p"></form>`, []string{"<form", "<input"}, ""},
		{"object and embed", `<object data="x.swf"></object><embed src="x.swf">`, []string{"<object", "<embed"}, ""},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=https://evil.example">`, []string{"<meta", "refresh"}, ""},
		{"base", `<base href="https://evil.example/">`, []string{"<base"}, ""},
		{"link target gets noreferrer", `<a href="https://example.org">x</a>`, []string{"javascript"}, `rel="noreferrer"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := Sanitize(tc.in)
			for _, b := range tc.banned {
				if strings.Contains(strings.ToLower(out), strings.ToLower(b)) {
					t.Errorf("Sanitize(%q) = %q, contains %q", tc.in, out, b)
				}
			}
			if tc.kept != "" && !strings.Contains(out, tc.kept) {
				t.Errorf("Sanitize(%q) = %q, lost %q", tc.in, out, tc.kept)
			}
		})
	}
}
