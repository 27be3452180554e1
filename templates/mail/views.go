// Package mail holds the mails Spor sends: one view model rendered twice by templ,
// as the plain-text part and as the HTML part of the same message.
package mail

// View is one mail's content. Strings are plain text; the HTML template escapes
// them and the text template's output is unescaped once by the renderer.
type View struct {
	Type         string // reset, signup, invite, email_confirm, email_notice
	Name         string // the recipient's name; empty for people without an account yet
	Link         string // absolute URL the mail's button leads to; empty for notices
	Organisation string
	Site         string // BASE_URL, named in the footer
	Subject      string
	Event        *EventView // set for mails about an event or a track meeting
	Digest       []DigestSection
	Settings     string // absolute link to /me/notifications
	Unsubscribe  string // absolute one-click unsubscribe link
	Title        string // what a coordinator's note is about (a track)
	From         string // the coordinator's name
	Message      string // the coordinator's words, plain text
}

// DigestSection is one kind of news in a digest.
type DigestSection struct {
	Heading string
	Items   []DigestLine
}

// DigestLine is one item of a digest.
type DigestLine struct {
	Title  string
	Group  string
	Link   string
	Detail string // the start of an event or meeting
	Places string // places left at an event
}

// EventView is the event or meeting a mail is about, formatted in the mail's
// language and the record's own time zone.
type EventView struct {
	Title         string
	When          string
	OldWhen       string // the time before a move, shown struck through
	Place         string
	OnlineURL     string // only for those allowed to see it
	OnlineHidden  bool   // there is a link, given to confirmed participants only
	Cancelled     bool
	PlaceChanged  bool
	OnlineChanged bool
	Position      int    // on the waitlist
	Message       string // a coordinator's message, plain text
	From          string
}

func (v View) id(part string) string { return "mail." + v.Type + "." + part }
