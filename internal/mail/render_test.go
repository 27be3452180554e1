package mail_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"spor/internal/mail"
)

// Every kind renders in every language, with translated texts (a missing message
// would show its id), the same link in both parts, and a clean text part.
func TestEveryMailRendersInEveryLanguage(t *testing.T) {
	r := mail.Renderer{BaseURL: "https://spor.example.org", From: "Spor <noreply@spor.example.org>"}
	for _, kind := range []string{mail.KindReset, mail.KindSignup, mail.KindInvite, mail.KindEmailConfirm, mail.KindEmailNotice} {
		for _, lang := range []string{"da", "sv", "en"} {
			t.Run(kind+"/"+lang, func(t *testing.T) {
				m, err := r.Render(context.Background(), mail.Args{Type: kind, To: "a@example.org", Lang: lang, Name: "Anna & Bo", Organisation: "Vejle", Path: "/x/tok"}, "id1", time.Now())
				if err != nil {
					t.Fatal(err)
				}
				for _, part := range []string{m.Subject, m.Text, m.HTML} {
					if untranslated.MatchString(part) {
						t.Errorf("untranslated message id in %q", part)
					}
				}
				if !strings.Contains(m.Text, "https://spor.example.org/x/tok") || !strings.Contains(m.HTML, `href="https://spor.example.org/x/tok"`) {
					t.Error("link missing from a part")
				}
				if !strings.Contains(m.Text, "Anna & Bo") || strings.Contains(m.Text, "&amp;") || !strings.Contains(m.HTML, "Anna &amp; Bo") {
					t.Error("escaping wrong: text must be plain, HTML escaped")
				}
				if !strings.Contains(m.Text, "\n-- \n") || strings.Contains(m.Text, "\n ") {
					t.Errorf("text part layout:\n%q", m.Text)
				}
				if !strings.Contains(m.HTML, `<html lang="`+lang+`">`) {
					t.Error("HTML part not in the recipient's language")
				}
			})
		}
	}
}

// untranslated matches a message id such as mail.reset.subject (not "this mail.").
var untranslated = regexp.MustCompile(`mail\.[a-z]`)
