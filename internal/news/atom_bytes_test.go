package news_test

import (
	"encoding/xml"
	"testing"
	"time"

	"spor/internal/model"
	"spor/internal/news"
)

// Records stored before one-line fields refused control characters still give a
// feed that every reader parses: no entry can break the document.
func TestAtomFeedSurvivesBadBytes(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	g := model.GroupRef{ID: 1, Slug: "g", Title: "Gruppe\x00", Lang: "da", CreatedAt: now}
	items := []model.News{
		{ID: 1, Title: "God", BodyHTML: "<p>ok</p>", Lang: "da", PublishAt: now, CreatedAt: now, UpdatedAt: now},
		{ID: 2, Title: "Bad \x00\x1b\xff title", BodyHTML: "<p>\x0b</p>", Lang: "da", PublishAt: now, CreatedAt: now, UpdatedAt: now, Author: "A\x01"},
		{ID: 3, Title: "Også god", BodyHTML: "<p>ok</p>", Lang: "da", PublishAt: now, CreatedAt: now, UpdatedAt: now},
	}
	out, err := news.Feed("https://spor.example", g, items)
	if err != nil {
		t.Fatalf("feed failed whole: %v", err)
	}
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out, &feed); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, out)
	}
	if len(feed.Entries) < 2 || feed.Entries[0].Title != "God" || feed.Entries[len(feed.Entries)-1].Title != "Også god" {
		t.Errorf("entries %+v", feed.Entries)
	}
}
