package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/markdown"
)

// events loads events for the seed programmes' groups: past and upcoming, one full
// with a waitlist, one online, one cancelled, and the demo users' registrations.
func events(ctx context.Context, tx pgx.Tx, d *Data) error {
	dk, err := demoGroup(ctx, tx, d)
	if err != nil {
		return err
	}
	// A Swedish group, when the groups step made one; otherwise the Danish group.
	se := dk
	if err := tx.QueryRow(ctx, `SELECT id FROM groups WHERE lang = 'sv' ORDER BY id LIMIT 1`).Scan(&se); err != nil && err != pgx.ErrNoRows {
		return fmt.Errorf("demo: events: %w", err)
	}
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	sto, _ := time.LoadLocation("Europe/Stockholm")
	day := func(loc *time.Location, days, hour, minute int) time.Time {
		t := time.Now().In(loc).AddDate(0, 0, days)
		return time.Date(t.Year(), t.Month(), t.Day(), hour, minute, 0, 0, loc)
	}
	type demoEvent struct {
		key, title, desc, place, online, lang, status string
		group                                         int64
		start                                         time.Time
		hours                                         int
		capacity                                      any
		register                                      map[string]string // email → status
	}
	list := []demoEvent{
		{key: "kickoff", title: "Kick-off: Organisationsforløb i digital transformation", group: dk, lang: "da", status: "published",
			desc:  "Vi samler de deltagende biblioteker og præsenterer **analysen** og forløbets faser.\n\n- Analyse- og visionsarbejde\n- Regionale netværksgrupper\n- Næste skridt på dit bibliotek",
			place: "Vejle Bibliotek, Willy Sørensens Plads 1, 7100 Vejle", start: day(cph, -60, 10, 0), hours: 5, capacity: 80,
			register: map[string]string{"medarbejder@example.org": "confirmed", "koordinator@example.org": "confirmed"}},
		{key: "network", title: "Regionalt netværksmøde: digital dannelse i praksis", group: dk, lang: "da", status: "published",
			desc:  "Et netværksmøde for medarbejdere, der arbejder med borgernes digitale dannelse. Tag et eksempel med fra dit eget bibliotek.",
			place: "Vejle Bibliotek, Willy Sørensens Plads 1, 7100 Vejle", start: day(cph, 21, 13, 0), hours: 3, capacity: 40,
			register: map[string]string{"medarbejder@example.org": "confirmed"}},
		{key: "seminar", title: "Fælles seminar: bibliotekernes digitale fortælling", group: dk, lang: "da", status: "published",
			desc:  "Tværgående seminar om, hvordan bibliotekerne fortæller om deres rolle i den digitale transformation. Pladserne er få, så der er venteliste.",
			place: "Det Kgl. Bibliotek, Søren Kierkegaards Plads 1, 1221 København K", start: day(cph, 35, 9, 30), hours: 6, capacity: 2,
			register: map[string]string{"koordinator@example.org": "confirmed", "admin@example.org": "confirmed", "ledare@example.org": "waitlisted"}},
		{key: "webinar", title: "Webinar: Visionspapiret – fra ord til handling", group: dk, lang: "da", status: "published",
			desc:   "En times webinar om visionspapiret og hvordan det kan bruges i jeres egen organisation. Linket sendes til tilmeldte.",
			online: "https://meet.example.org/spor-visionspapir", start: day(cph, 10, 14, 0), hours: 1},
		{key: "workshop", title: "Workshop: kompetenceudviklingskoncepter", group: dk, lang: "da", status: "cancelled",
			desc:  "Workshoppen er aflyst og flyttes til foråret.",
			place: "Vejle Bibliotek, Willy Sørensens Plads 1, 7100 Vejle", start: day(cph, 28, 10, 0), hours: 4, capacity: 25,
			register: map[string]string{"medarbejder@example.org": "confirmed"}},
		{key: "leda", title: "Seminarium: Att leda digital transformation", group: se, lang: "sv", status: "published",
			desc:   "Ett seminarium online om kursen på lärplattformen: filmer, poddar och hur ledningsgruppen kan använda dem.",
			online: "https://meet.example.org/spor-leda", start: day(sto, 45, 9, 0), hours: 2, capacity: 150,
			register: map[string]string{"ledare@example.org": "confirmed", "samordnare@example.org": "confirmed"}},
	}
	for _, e := range list {
		html, err := markdown.Render(e.desc)
		if err != nil {
			return err
		}
		zone := "Europe/Copenhagen"
		if e.lang == "sv" {
			zone = "Europe/Stockholm"
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO events (group_id, title, description_md, description_html, starts_at, ends_at, zone,
				place, online_url, lang, status, capacity, sequence, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $11 = 'cancelled' THEN 1 ELSE 0 END, $13) RETURNING id`,
			e.group, e.title, e.desc, html, e.start, e.start.Add(time.Duration(e.hours)*time.Hour), zone, e.place, e.online,
			e.lang, e.status, e.capacity, d.Users["koordinator@example.org"]).Scan(&id)
		if err != nil {
			return fmt.Errorf("demo: event %s: %w", e.key, err)
		}
		// Confirmed first, then the waitlist: the ids are the arrival order.
		for _, status := range []string{"confirmed", "waitlisted"} {
			for email, s := range e.register {
				if s != status {
					continue
				}
				_, err := tx.Exec(ctx, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status, confirmed_at, attended)
					SELECT $1, id, organisation_id, $2, CASE WHEN $2 = 'confirmed' THEN now() END,
						CASE WHEN $3 AND $2 = 'confirmed' THEN true END
					FROM users WHERE id = $4`, id, status, e.start.Before(time.Now()), d.Users[email])
				if err != nil {
					return fmt.Errorf("demo: registration %s %s: %w", e.key, email, err)
				}
			}
		}
	}
	return nil
}

// demoGroup is the Danish programme group the events belong to. The groups step
// normally made it; alone, this step makes a minimal one.
func demoGroup(ctx context.Context, tx pgx.Tx, d *Data) (int64, error) {
	const slug = "digital-transformation"
	if id, ok := d.Groups[slug]; ok {
		return id, nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO groups (programme_id, slug, title, summary, lang)
		VALUES ((SELECT id FROM programmes WHERE lang = 'da' ORDER BY id LIMIT 1), $1, 'Digital transformation – nationalt indsatsområde 2018-2019',
			'Centralbibliotekernes fælles indsats for digitalt kompetente biblioteker.', 'da')
		ON CONFLICT (slug) DO NOTHING`, slug)
	if err != nil {
		return 0, fmt.Errorf("demo: events group: %w", err)
	}
	var id int64
	if err := tx.QueryRow(ctx, `SELECT id FROM groups WHERE slug = $1`, slug).Scan(&id); err != nil {
		return 0, fmt.Errorf("demo: events group: %w", err)
	}
	d.Groups[slug] = id
	if coord, ok := d.Users["koordinator@example.org"]; ok {
		if _, err := tx.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, coord); err != nil {
			return 0, fmt.Errorf("demo: events group coordinator: %w", err)
		}
	}
	return id, nil
}
