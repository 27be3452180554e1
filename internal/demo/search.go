package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/markdown"
)

// searchContent adds what search's relevance set (internal/search) needs beyond the
// rest of the demo: news in Swedish and English, so each language's stemming has
// something to find, and records for staff only (an event and a contact), which
// anonymous visitors must never find.
func searchContent(ctx context.Context, tx pgx.Tx, d *Data) error {
	dk, ok := d.Groups["digital-transformation"]
	se, okSE := d.Groups["digitalt-forst-dalarna"]
	if !ok || !okSE {
		return nil
	}
	now := time.Now()
	news := []struct {
		group           int64
		lang, title, md string
		at              time.Time
	}{
		{se, "sv", "Digitalt ledarskap på biblioteken",
			"Hur leder man ett bibliotek när användarna möter oss digitalt först? Länets chefer träffas för att dela erfarenheter och pröva nya arbetssätt.",
			now.AddDate(0, 0, -12)},
		{dk, "en", "The programme in English: libraries training their staff",
			"The Danish central libraries trained staff across the country in digital skills. Visiting colleagues from other Nordic countries are welcome at the seminars.",
			now.AddDate(0, 0, -20)},
	}
	for _, n := range news {
		html, err := markdown.Render(n.md)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO news (group_id, title, body_md, body_html, lang, author_id, publish_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)`, n.group, n.title, n.md, html, n.lang, d.Users["koordinator@example.org"], n.at); err != nil {
			return fmt.Errorf("demo: search news: %w", err)
		}
	}
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	start := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, cph).AddDate(0, 0, 80)
	desc := "Koordinatorerne gør status på budgetopfølgningen og planlægger næste år. Kun for medarbejdere."
	html, err := markdown.Render(desc)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO events (group_id, title, description_md, description_html, starts_at, ends_at, zone,
			place, lang, audience, status, created_by)
		VALUES ($1, 'Intern evalueringsdag for koordinatorerne', $2, $3, $4, $5, 'Europe/Copenhagen',
			'Vejle Bibliotek, Willy Sørensens Plads 1, 7100 Vejle', 'da', 'staff', 'published', $6)`,
		dk, desc, html, start, start.Add(6*time.Hour), d.Users["koordinator@example.org"]); err != nil {
		return fmt.Errorf("demo: staff event: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO contacts (group_id, name, role, organisation, email, position, visibility)
		VALUES ($1, 'Cecilie Kvist', 'Økonomiansvarlig', 'Vejle Bibliotekerne', 'cecilie.kvist@example.org', 3, 'staff')`, dk); err != nil {
		return fmt.Errorf("demo: staff contact: %w", err)
	}
	return nil
}
