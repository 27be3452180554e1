package markdown

import "testing"

func TestPlainText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"emphasis and headings lose their marks", "# Program\n\nEn **vigtig** dag med _workshops_.", "Program\n\nEn vigtig dag med workshops."},
		{"links keep their address", "Læs [programmet](https://example.org/p) først.", "Læs programmet (https://example.org/p) først."},
		{"bare links stay", "Se https://example.org/x", "Se https://example.org/x"},
		{"lists get dashes", "Medbring:\n\n- pc\n- *kaffe*\n", "Medbring:\n\n- pc\n- kaffe"},
		{"raw html is dropped", "Hej <script>alert(1)</script> du", "Hej alert(1) du"},
		{"code keeps its text", "Kør `spor serve` nu", "Kør spor serve nu"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := PlainText(tc.in); got != tc.want {
				t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
