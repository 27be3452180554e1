// Package mail sends Spor's mails through a queue in PostgreSQL (River): a change
// enqueues its mail in its own transaction, workers render it in the recipient's
// language and hand it to SMTP, or to the development mailbox when no SMTP server is
// configured.
package mail

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"spor/internal/i18n"
	mailviews "spor/templates/mail"
)

// Kinds of mail, each with its messages mail.<kind>.* in the catalogues.
const (
	KindReset        = "reset"
	KindSignup       = "signup"
	KindInvite       = "invite"
	KindEmailConfirm = "email_confirm"
	KindEmailNotice  = "email_notice"
)

// Message is a rendered mail, ready for a Sender.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	Msg     *gomail.Msg
}

// Sender delivers a rendered mail.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// Renderer turns queued Args into a complete message.
type Renderer struct {
	BaseURL string
	From    string
}

// Render builds the multipart text+HTML message for a, in a's language. messageID
// is stable across retries of one job, so a receiver can recognise a repeat.
func (r Renderer) Render(ctx context.Context, a Args, messageID string, now time.Time) (*Message, error) {
	lang := a.Lang
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	ctx = i18n.WithLang(ctx, lang)
	v := mailviews.View{Type: a.Type, Name: a.Name, Organisation: a.Organisation, Site: r.BaseURL}
	if a.Path != "" {
		v.Link = r.BaseURL + a.Path
	}
	v.Subject = i18n.T(ctx, "mail."+a.Type+".subject")
	textView, htmlView := mailviews.Text(v), mailviews.HTML(v)
	if a.Event != nil {
		v.Event = a.Event.view(ctx)
		v.Event.Position = a.Event.Position
		v.Subject = i18n.T(ctx, "mail."+a.Type+".subject", "Title", a.Event.Title)
		textView, htmlView = mailviews.EventText(v), mailviews.EventHTML(v)
	}
	if n := a.Note; n != nil {
		v.Title, v.From, v.Message = n.Title, n.From, n.Text
		v.Subject = i18n.T(ctx, "mail."+a.Type+".subject", "Title", n.Title)
		v.Settings = r.BaseURL + "/me/notifications"
		textView, htmlView = mailviews.NoteText(v), mailviews.NoteHTML(v)
	}
	if a.Digest != nil {
		v.Digest = a.Digest.view(ctx, r.BaseURL)
		v.Settings = r.BaseURL + "/me/notifications"
		if len(a.Digest.Items) > 0 {
			// At-once and materials mails name their one item in the subject.
			it := a.Digest.Items[0]
			v.Subject = i18n.T(ctx, "mail."+a.Type+".subject", "Title", it.Title, "Group", it.Group)
		}
		if a.Unsubscribe != "" {
			v.Unsubscribe = r.BaseURL + a.Unsubscribe
		}
		textView, htmlView = mailviews.DigestText(v), mailviews.DigestHTML(v)
	}
	var text, body bytes.Buffer
	if err := textView.Render(ctx, &text); err != nil {
		return nil, fmt.Errorf("mail: render text: %w", err)
	}
	if err := htmlView.Render(ctx, &body); err != nil {
		return nil, fmt.Errorf("mail: render html: %w", err)
	}
	m := &Message{To: a.To, Subject: v.Subject, Text: plainText(text.String()), HTML: body.String()}
	msg := gomail.NewMsg()
	if err := msg.From(r.From); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(a.To); err != nil {
		return nil, fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(messageID + "@" + domainOf(r.From))
	msg.SetDateWithValue(now)
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetGenHeader("Content-Language", lang)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	if a.Unsubscribe != "" {
		setUnsubscribe(msg, r.BaseURL+a.Unsubscribe)
	}
	if a.Event != nil {
		if err := attachICS(msg, a.Event, r.BaseURL, v.Link); err != nil {
			return nil, err
		}
	}
	m.Msg = msg
	return m, nil
}

func domainOf(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		if i := strings.LastIndex(a.Address, "@"); i >= 0 {
			return a.Address[i+1:]
		}
	}
	return "localhost"
}

// plainText undoes templ's HTML escaping of the text part and the spaces templ puts
// between expressions on separate lines; "-- " keeps its space (the signature
// separator mail programs recognise).
func plainText(s string) string {
	lines := strings.Split(html.UnescapeString(s), "\n")
	for i, l := range lines {
		if l = strings.TrimSpace(l); l == "--" {
			l = "-- "
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
