package components_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"spor/templates/components"
)

func TestEmailBreaksAfterAtAndBeforeDots(t *testing.T) {
	cases := map[string][]string{
		"anne.eksempel@example.org": {"anne", ".eksempel@", "example", ".org"},
		"bo@vejle.dk":               {"bo@", "vejle", ".dk"},
		"plain":                     {"plain"},
		"":                          nil,
	}
	for addr, want := range cases {
		got := components.EmailParts(addr)
		if !slices.Equal(got, want) {
			t.Errorf("EmailParts(%q) = %q, want %q", addr, got, want)
		}
		if strings.Join(got, "") != addr {
			t.Errorf("parts of %q do not join back to it", addr)
		}
	}
	var b bytes.Buffer
	if err := components.Email(`a.<b>@x.org`).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), `a<wbr>.&lt;b&gt;@<wbr>x<wbr>.org`; got != want {
		t.Errorf("rendered %q, want %q (breaks at @ and dots, text escaped)", got, want)
	}
}
