package components

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// Email shows an address with line-break opportunities after the @ and before each
// dot, so a long address in a narrow box wraps where a reader expects
// (anne.eksempel@ / example.org), not in the middle of a word. It is written in Go
// because a templ loop would put spaces between the parts; every part is escaped.
func Email(addr string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for i, part := range EmailParts(addr) {
			if i > 0 {
				if _, err := io.WriteString(w, "<wbr>"); err != nil {
					return err
				}
			}
			if _, err := io.WriteString(w, templ.EscapeString(part)); err != nil {
				return err
			}
		}
		return nil
	})
}

// EmailParts splits an address where a line may break: after the @ and before each
// dot. Joined again, the parts are the address.
func EmailParts(addr string) []string {
	var parts []string
	start := 0
	for i, r := range addr {
		switch {
		case r == '.' && i > start:
			parts = append(parts, addr[start:i])
			start = i
		case r == '@':
			parts = append(parts, addr[start:i+1])
			start = i + 1
		}
	}
	if start < len(addr) {
		parts = append(parts, addr[start:])
	}
	return parts
}
