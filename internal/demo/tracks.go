package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/markdown"
)

type demoSpeaker struct{ name, affiliation, talk string }

type demoMeeting struct {
	title, description string
	start              time.Time
	minutes            int
	speakers           []demoSpeaker
	movedFrom          time.Time // zero: never moved
}

type demoTrack struct {
	slug, title, audience, summary, prework string
	goals                                   []string
	open                                    bool
	capacity                                int
	meetings                                []demoMeeting
	coordinators, participants              []string
}

// tracks loads three seminar tracks of "Digitalt först med användaren i fokus":
// Dalaspåret (seeds/001: six online meetings over autumn 2020 and spring 2021), the
// ambassadors' meetings and the library directors' track (seeds/003). Speakers are
// invented. The directors' track meets in the coming months, so "next meeting" has
// something to show whenever the demo is loaded.
func tracks(ctx context.Context, tx pgx.Tx, d *Data) error {
	prog, err := ensureDigitaltForst(ctx, tx, d)
	if err != nil {
		return err
	}
	se, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return err
	}
	day := func(y int, m time.Month, dd, h int) time.Time { return time.Date(y, m, dd, h, 0, 0, 0, se) }
	soon := time.Now().In(se).AddDate(0, 0, 21)
	upcoming := func(weeks int) time.Time {
		t := soon.AddDate(0, 0, 7*weeks)
		for t.Weekday() != time.Thursday {
			t = t.AddDate(0, 0, 1)
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 13, 0, 0, 0, se)
	}
	for _, u := range []struct{ email, name, org string }{
		{"chef.borlange@example.org", "Bodil Berg", "Borlänge bibliotek"},
		{"chef.mora@example.org", "Mats Mattsson", "Mora bibliotek"},
	} {
		if err := d.AddUser(ctx, tx, u.email, u.name, u.org, "staff", "sv"); err != nil {
			return err
		}
	}
	list := []demoTrack{
		{
			slug: "dalasparet", title: "Dalaspåret", audience: "Bibliotekschefer och nyckelpersoner på Dalabiblioteken",
			summary: "Länets eget ledarskapsspår i Digitalt först med användaren i fokus: eget förarbete och sex digitala träffar under två terminer.",
			goals: []string{
				"Bli trygga med begrepp som digitalisering, digital transformation och digital mognad.",
				"Fundera över hur den digitala utvecklingen påverkar oss, biblioteken och samhället, nu och framåt.",
				"Utveckla biblioteken utifrån användarnas behov och förbereda oss för kommande digitala förändringar.",
				"Hitta sätt att synliggöra biblioteket i lokalsamhället och inåt i den egna kommunen.",
			},
			prework: "Innan första träffen går du igenom förarbetet på lärplattformen:\n\n" +
				"- kursen *Att leda digital transformation* på [digiteket.se](https://digiteket.se)\n" +
				"- en kort reflektion om hur det ser ut på ditt eget bibliotek\n",
			open: true, capacity: 30,
			coordinators: []string{"samordnare@example.org", "koordinator@example.org"},
			participants: []string{"ledare@example.org", "chef.borlange@example.org", "chef.mora@example.org"},
			meetings: []demoMeeting{
				{title: "Kick off", description: "Vi lär känna varandra och spåret, och får två perspektiv på digitaliseringen: forskarens och regionens.",
					start: day(2020, time.September, 17, 13), minutes: 150, speakers: []demoSpeaker{
						{"Karin Lindvall", "ett universitet i Mittsverige", "Digitalisering – vad är det egentligen?"},
						{"Per Holmén", "regionen", "Dalarna i dag och i morgon, ur ett samhälls- och hållbarhetsperspektiv"}}},
				{title: "Det digitala samhället (etiskt, filosofiskt och tekniskt)", description: "Vi ser på samhället ur ett digitalt perspektiv: etiska, filosofiska och tekniska utmaningar, tillgänglighet – och vilka lösningar som finns.",
					start: day(2020, time.October, 15, 13), minutes: 150, speakers: []demoSpeaker{{"Amir Sandberg", "en filosofisk institution", "Etik i det uppkopplade samhället"}}},
				{title: "Vad är digitalisering, digital transformation och digital mognad?", description: "Vi definierar begreppen så att vi talar om samma sak, och frågar vad vårt digitala uppdrag kräver för kunskaper.",
					start: day(2020, time.November, 19, 13), minutes: 150, speakers: []demoSpeaker{{"Lisa Ek", "ett länsbibliotek", "Ord som gör skillnad"}}},
				{title: "Hur ser vårt digitala uppdrag ut? (med omvärldsbevakning)", description: "Vilken digital verksamhet vill vi bedriva, vilken kunskap behöver vi och hur får vi med alla?",
					start: day(2021, time.February, 11, 13), minutes: 150, speakers: []demoSpeaker{{"Jonas Strand", "en omvärldsanalysbyrå", "Trender som når biblioteken"}}},
				{title: "En lärande organisation (hur får vi till det hemma)", description: "Engagemang, motivation och trygghet: vi tittar på exempel och provar hur vi lär oss tillsammans.",
					start: day(2021, time.March, 25, 13), movedFrom: day(2021, time.March, 18, 13), minutes: 150,
					speakers: []demoSpeaker{{"Helena Åberg", "en högskola i Norrland", "Kollegialt lärande i praktiken"}}},
				{title: "Driva frågor uppåt och inåt i kommunen", description: "Vi knyter ihop spåret: hur blir biblioteket synligt och relevant, också inåt i den egna kommunen?",
					start: day(2021, time.May, 20, 13), minutes: 150, speakers: []demoSpeaker{{"Sven Samordnare", "Region Dalarna", "Från spår till handling"}}},
			},
		},
		{
			slug: "digitalt-forst-ambassadorer", title: "Digitalt först-ambassadörer", audience: "Ambassadörer från länets bibliotek",
			summary: "Tre vårträffar med påfyllning av kunskap och tid för erfarenhetsutbyte. Du behöver inte vara teknisk, bara nyfiken på bibliotekens roll i en digital tid.",
			goals:   []string{"Inspirera till lärande bland kollegor och allmänhet.", "Dela erfarenheter mellan länets bibliotek."},
			open:    true, coordinators: []string{"samordnare@example.org"},
			participants: []string{"chef.mora@example.org"},
			meetings: []demoMeeting{
				{title: "Ambassadörsträff 1: uppstart", description: "Vad gör en ambassadör? Vi planerar vårens arbete tillsammans.", start: day(2019, time.February, 14, 9), minutes: 180,
					speakers: []demoSpeaker{{"Sven Samordnare", "Region Dalarna", "Välkommen som ambassadör"}}},
				{title: "Ambassadörsträff 2: lära tillsammans", description: "Metoder för kollegialt lärande på arbetsplatsen.", start: day(2019, time.March, 21, 9), minutes: 180},
				{title: "Ambassadörsträff 3: vägen vidare", description: "Erfarenheter från våren och hur vi fortsätter.", start: day(2019, time.May, 16, 9), minutes: 180},
			},
		},
		{
			slug: "bibliotekschefsspar", title: "Bibliotekschefsspåret", audience: "Bibliotekschefer och verksamhetsledare",
			summary: "Tid för gemensam reflektion om bibliotekens roll i samhällsutvecklingen och metoder för att leda en förändringsprocess.",
			goals:   []string{"Leda verksamheten genom den digitala transformationen.", "Formulera bibliotekets roll i en digital tid."},
			open:    true, capacity: 20, coordinators: []string{"samordnare@example.org"},
			participants: []string{"ledare@example.org", "chef.borlange@example.org"},
			meetings: []demoMeeting{
				{title: "Att leda förändring", description: "Vi delar erfarenheter av förändringsarbete och provar en modell för att leda det.", start: upcoming(0), minutes: 120,
					speakers: []demoSpeaker{{"Eva Norling", "ett forskningsinstitut i Stockholm", "Ledarskap i digital förändring"}}},
				{title: "Bibliotekets roll i samhällsutvecklingen", description: "Hur gör vi bibliotekets digitala uppdrag synligt för politiker och förvaltning?", start: upcoming(5), minutes: 120},
				{title: "Uppföljning och nästa steg", description: "Vad har vi prövat hemma sedan sist, och vad gör vi nu?", start: upcoming(10), minutes: 120},
			},
		},
	}
	for _, t := range list {
		if err := addTrack(ctx, tx, d, prog, t); err != nil {
			return fmt.Errorf("demo: track %s: %w", t.slug, err)
		}
	}
	return nil
}

// ensureDigitaltForst returns the programme's id, creating it when the programmes
// step has not (so this step also works on its own).
func ensureDigitaltForst(ctx context.Context, tx pgx.Tx, d *Data) (int64, error) {
	if id, ok := d.Programmes["digitalt-forst"]; ok {
		return id, nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO programmes (slug, title, summary, funder, coordinator_org, lang, starts_on, ends_on)
		VALUES ('digitalt-forst', 'Digitalt först med användaren i fokus',
			'Ett nationellt, treårigt kompetenslyft i digital kompetens för bibliotekspersonal.',
			'Kungliga biblioteket', 'Kungliga biblioteket', 'sv', '2018-01-01', '2020-12-31')
		ON CONFLICT (slug) DO NOTHING`); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `SELECT id FROM programmes WHERE slug = 'digitalt-forst'`).Scan(&id); err != nil {
		return 0, err
	}
	d.Programmes["digitalt-forst"] = id
	return id, nil
}

func addTrack(ctx context.Context, tx pgx.Tx, d *Data, prog int64, t demoTrack) error {
	html, err := markdown.Render(t.prework)
	if err != nil {
		return err
	}
	var capacity *int
	if t.capacity > 0 {
		capacity = &t.capacity
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO tracks (programme_id, slug, title, audience, summary, goals, prework_md, prework_html,
		lang, enrolment_open, capacity) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sv', $9, $10) RETURNING id`,
		prog, t.slug, t.title, t.audience, t.summary, t.goals, t.prework, html, t.open, capacity).Scan(&id); err != nil {
		return err
	}
	for _, email := range t.coordinators {
		if _, err := tx.Exec(ctx, `INSERT INTO track_coordinators (track_id, user_id) VALUES ($1, $2)`, id, d.Users[email]); err != nil {
			return err
		}
	}
	for _, email := range t.participants {
		if _, err := tx.Exec(ctx, `INSERT INTO track_participants (track_id, user_id) VALUES ($1, $2)`, id, d.Users[email]); err != nil {
			return err
		}
	}
	for _, m := range t.meetings {
		status, seq := "planned", 0
		if !m.movedFrom.IsZero() {
			status, seq = "moved", 1
		}
		var mid int64
		end := m.start.Add(time.Duration(m.minutes) * time.Minute)
		if err := tx.QueryRow(ctx, `INSERT INTO track_meetings (track_id, title, description, starts_at, ends_at, zone, online_url, status, sequence)
			VALUES ($1, $2, $3, $4, $5, 'Europe/Stockholm', 'https://meet.example.org/`+t.slug+`', $6, $7) RETURNING id`,
			id, m.title, m.description, m.start, end, status, seq).Scan(&mid); err != nil {
			return err
		}
		if seq > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO track_meeting_moves (meeting_id, starts_at, ends_at) VALUES ($1, $2, $3)`,
				mid, m.movedFrom, m.movedFrom.Add(end.Sub(m.start))); err != nil {
				return err
			}
		}
		for i, s := range m.speakers {
			if _, err := tx.Exec(ctx, `INSERT INTO track_speakers (meeting_id, position, name, affiliation, talk_title) VALUES ($1, $2, $3, $4, $5)`,
				mid, i+1, s.name, s.affiliation, s.talk); err != nil {
				return err
			}
		}
		if end.Before(time.Now()) {
			// Past meetings: everyone came, and the slides are attached.
			if _, err := tx.Exec(ctx, `INSERT INTO track_attendance (meeting_id, user_id)
				SELECT $1, user_id FROM track_participants WHERE track_id = $2`, mid, id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO track_materials (meeting_id, position, title, url) VALUES ($1, 1, 'Bilder från träffen', $2)`,
				mid, fmt.Sprintf("https://example.org/%s/traff-%d.pdf", t.slug, mid)); err != nil {
				return err
			}
			notes := minimalPDF(fmt.Sprintf("Anteckningar: %s (demo)", asciiOnly(m.title)))
			sum := sha256.Sum256(notes)
			if _, err := tx.Exec(ctx, `INSERT INTO track_material_files (meeting_id, title, filename, content_type, size, sha256, data, uploaded_by)
				VALUES ($1, 'Anteckningar från träffen', 'anteckningar.pdf', 'application/pdf', $2, $3, $4, NULLIF($5::bigint, 0))`,
				mid, len(notes), hex.EncodeToString(sum[:]), notes, d.Users[firstOf(t.coordinators)]); err != nil {
				return err
			}
		}
	}
	return nil
}

// asciiOnly keeps the ASCII letters of s (minimalPDF writes ASCII only).
func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case 'å', 'ä':
			b.WriteByte('a')
		case 'Å', 'Ä':
			b.WriteByte('A')
		case 'ö':
			b.WriteByte('o')
		case 'Ö':
			b.WriteByte('O')
		default:
			if r >= ' ' && r < 0x7F && r != '(' && r != ')' && r != '\\' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func firstOf(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
