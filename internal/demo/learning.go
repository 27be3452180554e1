package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"spor/internal/markdown"
)

type demoResource struct {
	slug, kind, title, summary, body, provider, url, lang, level, visibility string
	minutes                                                                  int
	areas                                                                    []string
	statements                                                               []int // positions in version 1
	programme                                                                string
	parts                                                                    []demoPart
}

type demoPart struct {
	kind, title string
	minutes     int
}

// digiteketCourse is seeds/002's course on the programme's learning platform:
// fifteen videos and eight podcasts, over ten hours. Titles and lengths are Spor's.
func digiteketCourse() demoResource {
	videos := []string{"Vad är digital transformation?", "Bibliotekets uppdrag i en digital tid", "Att leda i förändring",
		"Användaren i fokus", "Från projekt till vardag", "Att skapa delaktighet", "Kompetens som strategi",
		"Att leda på distans", "Data som beslutsunderlag", "Att prioritera bland idéer", "Samarbete över gränser",
		"Att hantera motstånd", "Att mäta effekt", "Hållbar förändring", "Vägen vidare"}
	podcasts := []string{"Samtal: chefen som lärande förebild", "Samtal: digitalt först i praktiken", "Samtal: små bibliotek, stora steg",
		"Samtal: när tekniken krånglar", "Samtal: ledarskap och ambassadörer", "Samtal: forskning möter vardag",
		"Samtal: att våga pröva", "Samtal: framtidens bibliotek"}
	c := demoResource{slug: "att-leda-digital-transformation", kind: "course", title: "Att leda digital transformation",
		summary: "En webbkurs för den som leder arbete på bibliotek: hur digitaliseringen förändrar verksamheten och hur du leder förändringen hållbart.",
		body: "Kursen passar främst dig med en arbetsledande roll, men alla som arbetar på ett bibliotek har nytta av den.\n\n" +
			"Den består av korta videor och längre samtal i poddform. Ta dem i din egen takt och bocka av delarna här, så ser du hur långt du har kommit.",
		provider: "Digiteket", url: "https://example.org/digiteket/att-leda-digital-transformation", lang: "sv", level: "intermediate",
		visibility: "public", areas: []string{"problem_solving", "communication"}, statements: []int{21, 24}, programme: "digitalt-forst"}
	for i, v := range videos {
		c.parts = append(c.parts, demoPart{"video", v, 22 + (i*7)%13})
	}
	for i, p := range podcasts {
		c.parts = append(c.parts, demoPart{"podcast", p, 28 + (i*5)%11})
	}
	return c
}

// learningResources is the catalogue's demo content: seeds/002's course and the
// platform's other courses, seeds/003's selection for further training (on the
// Dalarna group), and Danish material for the Danish group.
func learningResources() []demoResource {
	return []demoResource{
		digiteketCourse(),
		{slug: "kallkritik-pa-natet", kind: "course", title: "Källkritik på nätet", lang: "sv", level: "introductory", visibility: "public",
			summary: "Hur du och besökarna granskar källor, bilder och påståenden på nätet.", provider: "Digiteket",
			url: "https://example.org/digiteket/kallkritik", areas: []string{"information"}, statements: []int{2, 3}, programme: "digitalt-forst",
			parts: []demoPart{{"video", "Vem står bakom?", 12}, {"video", "Bilder som ljuger", 15}, {"exercise", "Granska tre nyheter", 20}, {"podcast", "Samtal om desinformation", 30}}},
		{slug: "samarbeta-pa-wikipedia", kind: "course", title: "Samarbeta på Wikipedia", lang: "sv", level: "introductory", visibility: "public",
			summary: "Skriv och förbättra artiklar tillsammans, och lär besökarna hur Wikipedia blir till.", provider: "Digiteket",
			url: "https://example.org/digiteket/wikipedia", areas: []string{"content", "communication"}, programme: "digitalt-forst",
			parts: []demoPart{{"video", "Så fungerar Wikipedia", 14}, {"exercise", "Din första redigering", 30}, {"video", "Källor och neutralitet", 16}}},
		{slug: "bibliotekets-sociala-medier", kind: "course", title: "Bibliotekets sociala medier", lang: "sv", level: "intermediate", visibility: "public",
			summary: "Planera, skriv och följ upp bibliotekets inlägg, och svara när det blåser.", provider: "Digiteket",
			url: "https://example.org/digiteket/sociala-medier", areas: []string{"communication", "content"}, statements: []int{7}, programme: "digitalt-forst",
			parts: []demoPart{{"video", "Varför är vi här?", 10}, {"video", "En plan för en månad", 18}, {"podcast", "Samtal: när kommentarerna blir hårda", 35}}},
		// seeds/003: material for further training, alone or with others.
		{slug: "mik-for-biblioteksmedarbetare", kind: "article", title: "MIK för biblioteksmedarbetare", lang: "sv", level: "introductory", visibility: "public",
			summary: "En introduktion till medie- och informationskunnighet och bibliotekets roll.", provider: "Region Dalarna",
			url: "https://example.org/dalarna/mik", minutes: 20, areas: []string{"information"}, programme: "digitalt-forst"},
		{slug: "digital-kompetens-pa-arbetsplatsen", kind: "webinar", title: "Digital kompetens på arbetsplatsen", lang: "sv", level: "introductory", visibility: "public",
			summary: "Inspelat webbinarium: hur en arbetsplats kartlägger och lyfter sin digitala kompetens.", provider: "Region Dalarna",
			url: "https://example.org/dalarna/webbinarium-kompetens", minutes: 55, areas: []string{"problem_solving"}, statements: []int{24}, programme: "digitalt-forst"},
		{slug: "sakra-losenord-och-tvastegsverifiering", kind: "video", title: "Säkra lösenord och tvåstegsverifiering", lang: "sv", level: "introductory", visibility: "public",
			summary: "Hjälp besökarna att skydda sina konton.", provider: "Digiteket",
			url: "https://example.org/digiteket/losenord", minutes: 14, areas: []string{"safety"}, statements: []int{16, 17}, programme: "digitalt-forst"},
		{slug: "studiecirkel-digitala-verktyg", kind: "exercise", title: "Studiecirkel: digitala verktyg i vardagen", lang: "sv", level: "introductory", visibility: "staff",
			summary: "Ett upplägg för fyra träffar med kollegorna, med frågor att samtala kring.", provider: "Region Dalarna",
			minutes: 240, areas: []string{"communication", "problem_solving"}, programme: "digitalt-forst"},
		// Danish material for the Danish group.
		{slug: "kildekritik-ved-skranken", kind: "video", title: "Kildekritik ved skranken", lang: "da", level: "introductory", visibility: "public",
			summary: "Korte råd til at hjælpe lånere med at vurdere det, de finder på nettet.", provider: "Vejle Bibliotekerne",
			url: "https://example.org/vejle/kildekritik", minutes: 18, areas: []string{"information"}, statements: []int{2}, programme: "digital-transformation-2018-2019"},
		{slug: "digital-dannelse-podcast", kind: "podcast", title: "Digital dannelse – en samtale", lang: "da", level: "intermediate", visibility: "public",
			summary: "To bibliotekarer taler om, hvad digital dannelse betyder i bibliotekets hverdag.", provider: "Vejle Bibliotekerne",
			url: "https://example.org/vejle/digital-dannelse", minutes: 42, areas: []string{"communication", "information"}, programme: "digital-transformation-2018-2019"},
		{slug: "sikker-paa-nettet-for-personale", kind: "course", title: "Sikker på nettet – for personale", lang: "da", level: "introductory", visibility: "public",
			summary: "Phishing, adgangskoder og offentlige pc'er: det, personalet bør vide.", provider: "Vejle Bibliotekerne",
			url: "https://example.org/vejle/sikkerhed", areas: []string{"safety"}, statements: []int{16, 18}, programme: "digital-transformation-2018-2019",
			parts: []demoPart{{"video", "Genkend phishing", 10}, {"exercise", "Test dig selv", 15}, {"video", "Gode adgangskoder", 8}}},
		{slug: "lav-en-instruktionsvideo", kind: "exercise", title: "Lav en instruktionsvideo på mobilen", lang: "da", level: "intermediate", visibility: "public",
			summary: "En øvelse: optag og klip en kort video, der viser lånerne en digital selvbetjening.", provider: "Vejle Bibliotekerne",
			minutes: 90, areas: []string{"content"}, statements: []int{11}, programme: "digital-transformation-2018-2019"},
		{slug: "digital-transformation-analyse", kind: "article", title: "Bibliotekerne og den digitale transformation", lang: "da", level: "advanced", visibility: "public",
			summary: "Indsatsens analyse: hvor står bibliotekerne, og hvad kræver den digitale transformation af dem?", provider: "Centralbibliotekerne",
			url: "https://example.org/centralbibliotek/analyse", minutes: 45, areas: []string{"problem_solving"}, programme: "digital-transformation-2018-2019"},
	}
}

// learningLists puts curated selections on the groups: seeds/003's list on the
// Dalarna group, dated 1 February 2019 as the source page is, and a Danish one.
var learningLists = []struct {
	group, updated string
	items          []struct{ slug, note string }
}{
	{"digitalt-forst-dalarna", "2019-02-01", []struct{ slug, note string }{
		{"mik-for-biblioteksmedarbetare", "Börja här om du är ny i MIK."},
		{"kallkritik-pa-natet", "Bra att gå igenom tillsammans på en arbetsplatsträff."},
		{"digital-kompetens-pa-arbetsplatsen", ""},
		{"samarbeta-pa-wikipedia", ""},
		{"studiecirkel-digitala-verktyg", "För er som vill lära tillsammans."},
	}},
	{"digital-transformation", "", []struct{ slug, note string }{
		{"digital-transformation-analyse", "Indsatsens udgangspunkt."},
		{"kildekritik-ved-skranken", ""},
		{"sikker-paa-nettet-for-personale", "Et godt sted at begynde for hele personalegruppen."},
		{"digital-dannelse-podcast", ""},
	}},
}

// learning loads the catalogue's demo content.
func learning(ctx context.Context, tx pgx.Tx, d *Data) error {
	for _, r := range learningResources() {
		html, err := markdown.Render(r.body)
		if err != nil {
			return err
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO learning_resources (slug, kind, title, summary, body_md, body_html, provider, url, lang,
				duration_minutes, level, areas, programme_id, published_on, reviewed_on, visibility)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, (SELECT id FROM programmes WHERE slug = $13),
				current_date - 200, current_date - 30, $14) RETURNING id`,
			r.slug, r.kind, r.title, r.summary, r.body, html, r.provider, r.url, r.lang, r.minutes, r.level, r.areas, r.programme, r.visibility).Scan(&id)
		if err != nil {
			return fmt.Errorf("demo: learning %s: %w", r.slug, err)
		}
		for i, p := range r.parts {
			if _, err := tx.Exec(ctx, `INSERT INTO learning_parts (course_id, position, title, kind, duration_minutes) VALUES ($1, $2, $3, $4, $5)`,
				id, i+1, p.title, p.kind, p.minutes); err != nil {
				return fmt.Errorf("demo: learning part: %w", err)
			}
		}
		if len(r.statements) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO learning_resource_statements (resource_id, statement_id)
				SELECT $1, id FROM assessment_statements WHERE version_id = 1 AND position = ANY($2)`, id, r.statements); err != nil {
				return fmt.Errorf("demo: learning statements: %w", err)
			}
		}
	}
	// A course lasts as long as its parts together.
	if _, err := tx.Exec(ctx, `UPDATE learning_resources r SET duration_minutes = p.total
		FROM (SELECT course_id, sum(duration_minutes) AS total FROM learning_parts GROUP BY course_id) p WHERE p.course_id = r.id`); err != nil {
		return fmt.Errorf("demo: course durations: %w", err)
	}
	for _, l := range learningLists {
		var list int64
		err := tx.QueryRow(ctx, `INSERT INTO learning_lists (group_id, updated_at)
			VALUES ((SELECT id FROM groups WHERE slug = $1), coalesce($2::date::timestamptz, now())) RETURNING id`, l.group, nullString(l.updated)).Scan(&list)
		if err != nil {
			return fmt.Errorf("demo: learning list %s: %w", l.group, err)
		}
		for i, it := range l.items {
			if _, err := tx.Exec(ctx, `INSERT INTO learning_list_items (list_id, position, resource_id, note)
				SELECT $1, $2, id, $4 FROM learning_resources WHERE slug = $3`, list, i+1, it.slug, it.note); err != nil {
				return fmt.Errorf("demo: learning list item: %w", err)
			}
		}
	}
	// The staff member has started the course and finished its first two parts.
	_, err := tx.Exec(ctx, `WITH c AS (SELECT id FROM learning_resources WHERE slug = 'att-leda-digital-transformation'),
			p AS (INSERT INTO learning_part_progress (user_id, part_id)
				SELECT $1, lp.id FROM learning_parts lp, c WHERE lp.course_id = c.id AND lp.position <= 2)
		INSERT INTO learning_progress (user_id, resource_id, status) SELECT $1, c.id, 'in_progress' FROM c`, d.Users["ledare@example.org"])
	if err != nil {
		return fmt.Errorf("demo: learning progress: %w", err)
	}
	return nil
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
