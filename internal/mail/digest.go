package mail

import (
	"context"
	"time"

	gomail "github.com/wneessen/go-mail"

	"spor/internal/i18n"
	mailviews "spor/templates/mail"
)

// Kinds of mail that list new things (the digest template; their body, why and
// unsubscribe messages are mail.<kind>.*).
const (
	KindDigest = "digest" // what is new in a person's groups and tracks
	// KindAtOnce is one new event, news item or document of a group whose follower
	// chose "tell me at once".
	KindAtOnce = "at_once"
	// KindMaterials is materials added to a track meeting, to its participants.
	KindMaterials = "materials_added"
)

// Digest is the content of one digest, gathered when it was enqueued.
type Digest struct {
	Items []DigestItem `json:"items"`
}

// Kinds of digest items, in the order the mail shows them.
const (
	DigestNews     = "news"
	DigestEvent    = "event"
	DigestDocument = "document"
	DigestMeeting  = "meeting"
	DigestMaterial = "material" // materials added to a track meeting (KindMaterials)
)

var digestKinds = []string{DigestNews, DigestEvent, DigestDocument, DigestMeeting, DigestMaterial}

// DigestItem is one new thing: a news item, an event, a document or a track meeting.
type DigestItem struct {
	Kind       string     `json:"kind"`
	Title      string     `json:"title"`
	Group      string     `json:"group"` // the group's or track's title
	Path       string     `json:"path"`
	Start      *time.Time `json:"start,omitempty"`
	Zone       string     `json:"zone,omitempty"`
	PlacesLeft int        `json:"places_left,omitempty"` // events: -1 no limit, 0 full (waitlist)
}

// view groups the items by kind with their details in the language of ctx.
func (d *Digest) view(ctx context.Context, baseURL string) []mailviews.DigestSection {
	var out []mailviews.DigestSection
	for _, k := range digestKinds {
		sec := mailviews.DigestSection{Heading: i18n.T(ctx, "mail.digest.section."+k)}
		for _, it := range d.Items {
			if it.Kind != k {
				continue
			}
			line := mailviews.DigestLine{Title: it.Title, Group: it.Group, Link: baseURL + it.Path}
			if it.Start != nil {
				o := Occurrence{Zone: it.Zone}
				line.Detail = i18n.Weekday(ctx, it.Start.In(o.location())) + " " + i18n.DateTime(ctx, it.Start.In(o.location()))
			}
			if k == DigestEvent {
				switch {
				case it.PlacesLeft < 0:
				case it.PlacesLeft == 0:
					line.Places = i18n.T(ctx, "mail.digest.full")
				default:
					line.Places = i18n.T(ctx, "mail.digest.places_left", "Count", it.PlacesLeft)
				}
			}
			sec.Items = append(sec.Items, line)
		}
		if len(sec.Items) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

// setUnsubscribe adds the RFC 8058 one-click headers: a mail program may POST
// "List-Unsubscribe=One-Click" to the link, without a login.
func setUnsubscribe(msg *gomail.Msg, link string) {
	msg.SetGenHeader("List-Unsubscribe", "<"+link+">")
	msg.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
}
