package model

import (
	"errors"
	"testing"
)

// Every one-line field of every form refuses line breaks and other control
// characters with the one message, and takes ordinary Nordic text.
func TestOneLineFieldsRefuseControlCharacters(t *testing.T) {
	type field struct {
		form, name string
		validate   func(v string) error
	}
	msg := func(m string) map[string]string { return map[string]string{"da": m, "sv": "x", "en": "x"} }
	fields := []field{
		{"alert", "message_da", func(v string) error { a := Alert{Message: msg(v), Level: "info"}; return a.Validate() }},
		{"document", "title", func(v string) error { d := Document{Title: v}; return d.Validate() }},
		{"event", "title", func(v string) error { e := Event{Title: v}; return e.Validate() }},
		{"event", "place", func(v string) error { e := Event{Title: "x", Place: v}; return e.Validate() }},
		{"group", "title", func(v string) error { g := Group{Title: v}; return g.Validate() }},
		{"contact", "name", func(v string) error { c := Contact{Name: v}; return c.Validate() }},
		{"contact", "role", func(v string) error { c := Contact{Name: "x", Role: v}; return c.Validate() }},
		{"contact", "organisation", func(v string) error { c := Contact{Name: "x", Organisation: v}; return c.Validate() }},
		{"contact", "phone", func(v string) error { c := Contact{Name: "x", Phone: v}; return c.Validate() }},
		{"news", "title", func(v string) error { n := News{Title: v}; return n.Validate() }},
		{"programme", "title", func(v string) error { p := Programme{Title: v}; return p.Validate() }},
		{"programme", "funder", func(v string) error { p := Programme{Title: "x", Funder: v}; return p.Validate() }},
		{"programme", "coordinator_org", func(v string) error { p := Programme{Title: "x", CoordinatorOrg: v}; return p.Validate() }},
		{"track", "title", func(v string) error { tr := Track{Title: v}; return tr.Validate() }},
		{"track", "audience", func(v string) error { tr := Track{Title: "x", Audience: v}; return tr.Validate() }},
		{"track", "goals", func(v string) error { tr := Track{Title: "x", Goals: []string{"a", v}}; return tr.Validate() }},
		{"meeting", "title", func(v string) error { m := Meeting{Title: v}; return m.Validate() }},
		{"meeting", "place", func(v string) error { m := Meeting{Title: "x", Place: v}; return m.Validate() }},
		{"meeting", "speaker_org_0", func(v string) error {
			m := Meeting{Title: "x", Speakers: []Speaker{{Name: "Ida", Affiliation: v, TalkTitle: "t"}}}
			return m.Validate()
		}},
		{"material file", "title", func(v string) error { f := MaterialFile{Title: v}; return f.Validate() }},
		{"user", "name", func(v string) error { f := UserForm{Name: v}; return f.Validate() }},
		{"organisation", "name", func(v string) error { o := Organisation{Name: v}; return o.Validate() }},
	}
	bad := map[string]string{"CR": "Mål\rx", "LF": "Mål\nBcc: x", "CRLF": "a\r\nb", "tab": "a\tb", "NUL": "a\x00b",
		"escape": "a\x1b[31mb", "DEL": "a\x7fb", "invalid UTF-8": "a\xffb"}
	for _, f := range fields {
		for name, v := range bad {
			t.Run(f.form+" "+f.name+" "+name, func(t *testing.T) {
				var e Errors
				if err := f.validate(v); !errors.As(err, &e) || e[f.name] != OneLineMessage {
					t.Errorf("%q: errors %v, want %s on %s", v, err, OneLineMessage, f.name)
				}
			})
		}
		t.Run(f.form+" "+f.name+" ordinary text", func(t *testing.T) {
			var e Errors
			if err := f.validate("Åsa Øberg – læsefremme i Ærø"); errors.As(err, &e) && e[f.name] == OneLineMessage {
				t.Errorf("ordinary text refused")
			}
		})
	}
}
