package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/markdown"
)

// groups loads the seeds' three programmes and the Danish national group with its
// contacts, news, documents and followers from about 40 libraries.
func groups(ctx context.Context, tx pgx.Tx, d *Data) error {
	date := func(y int, m time.Month, day int) *time.Time {
		t := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
		return &t
	}
	progs := []struct {
		slug, title, summary, body, funder, coord, lang, website string
		starts, ends                                             *time.Time
	}{
		{"digital-transformation-2018-2019", "Digital transformation – nationalt indsatsområde 2018-2019",
			"Centralbibliotekernes fælles indsats for at gøre bibliotekerne digitalt kompetente, så de kan styrke borgerne i den digitale transformation.",
			"Et toårigt nationalt indsatsområde, hvor centralbibliotekerne sammen udvikler bibliotekernes digitale kompetencer.\n\n" +
				"Indsatsen begynder med analyse- og visionsarbejde og fortsætter med et organisationsforløb for ledere og medarbejdere i alle centralbiblioteksområder.",
			"Slots- og Kulturstyrelsen", "Vejle Bibliotekerne", "da", "https://centralbibliotek.dk/groups/national-indsats-2018-2019-digital-transformation",
			date(2018, 1, 1), date(2019, 12, 31)},
		{"digitalt-forst", "Digitalt först med användaren i fokus",
			"Ett nationellt kompetenslyft för folkbibliotekens personal: lärplattform, forskning, innovationsspår, ledarspår och seminarier.",
			"Programmet samordnas av Kungliga biblioteket tillsammans med de regionala biblioteksverksamheterna. " +
				"Personalen lär sig på en gemensam lärplattform, och ledare följer regionala ledarspår.",
			"", "Kungliga biblioteket och de regionala biblioteksverksamheterna", "sv", "", nil, nil},
		{"kompetenceloeft", "Digitale kompetencer og digitalt lederskab på folkebibliotekerne",
			"Et fælles projekt mellem KL og Forbundet Kultur og Information om medarbejdernes digitale kompetencer og det digitale lederskab.",
			"Projektet består af en forberedende analyse med en gap-analyse af kompetencebehov og kompetenceniveau, en pilotuddannelse og et forløb om digitalt lederskab.",
			"Midler fra OK18 (AUA-projekt)", "KL og Forbundet Kultur og Information", "da", "", date(2019, 3, 1), date(2020, 12, 31)},
	}
	for _, p := range progs {
		html, err := markdown.Render(p.body)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO programmes (slug, title, summary, body_md, body_html, funder, coordinator_org, starts_on, ends_on, lang, website)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			p.slug, p.title, p.summary, p.body, html, p.funder, p.coord, p.starts, p.ends, p.lang, p.website).Scan(&id); err != nil {
			return fmt.Errorf("demo: programme %s: %w", p.slug, err)
		}
		d.Programmes[p.slug] = id
	}

	body := `Folkebibliotekerne skal være digitalt stærke, så de kan hjælpe borgerne godt gennem den digitale udvikling.
Derfor har centralbibliotekerne sat et fælles nationalt indsatsområde i gang, støttet af Slots- og Kulturstyrelsen
og koordineret af Vejle Bibliotekerne sammen med de andre centralbiblioteker.

**Sådan arbejder vi**

- fælles seminarer på tværs af de deltagende biblioteker
- regionale netværk og virtuelle møder, hvor man deler viden og sparrer
- kompetenceudviklingsforløb, som bibliotekerne kan tage med hjem i egen organisation
- støtte og materialer fra centralbibliotekerne undervejs

Vi begyndte i foråret 2018 med analyse og vision. Fra fjerde kvartal 2018 og ind i 2019 kører organisationsforløbet i alle
centralbiblioteksområder. Målet er en tydelig effekt på de deltagende bibliotekers digitale kompetencer og tilbud.`
	html, err := markdown.Render(body)
	if err != nil {
		return err
	}
	var g int64
	if err := tx.QueryRow(ctx, `INSERT INTO groups (programme_id, slug, title, summary, body_md, body_html, lang, visibility, project_url)
		VALUES ($1, 'digital-transformation', $2, $3, $4, $5, 'da', 'public', $6) RETURNING id`,
		d.Programmes["digital-transformation-2018-2019"], "Digital transformation – nationalt indsatsområde 2018-2019",
		"Bibliotekerne skal være digitalt kompetente og styrke borgerne i den digitale transformation.",
		body, html, "https://centralbibliotek.dk/groups/national-indsats-2018-2019-digital-transformation").Scan(&g); err != nil {
		return fmt.Errorf("demo: group: %w", err)
	}
	d.Groups["digital-transformation"] = g
	if _, err := tx.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2)`, g, d.Users["koordinator@example.org"]); err != nil {
		return err
	}
	// A Swedish regional group of Digitalt först, coordinated from Dalarna.
	sv := "Regionbiblioteket i Dalarna samlar här material och nyheter från Digitalt först för länets bibliotek."
	svHTML, err := markdown.Render(sv)
	if err != nil {
		return err
	}
	var se int64
	if err := tx.QueryRow(ctx, `INSERT INTO groups (programme_id, slug, title, summary, body_md, body_html, lang, visibility)
		VALUES ($1, 'digitalt-forst-dalarna', 'Digitalt först i Dalarna', $2, $3, $4, 'sv', 'public') RETURNING id`,
		d.Programmes["digitalt-forst"], "Länets arbete med Digitalt först med användaren i fokus.", sv, svHTML).Scan(&se); err != nil {
		return fmt.Errorf("demo: swedish group: %w", err)
	}
	d.Groups["digitalt-forst-dalarna"] = se
	if _, err := tx.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2)`, se, d.Users["samordnare@example.org"]); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2)`, se, d.Users["ledare@example.org"]); err != nil {
		return err
	}
	now := time.Now()
	if _, err := tx.Exec(ctx, `INSERT INTO contacts (group_id, name, role, organisation, email, phone, position, checked_on) VALUES
		($1, 'Anne Eksempel', 'Projektleder', 'Vejle Bibliotekerne', 'anne.eksempel@example.org', '+45 70 00 00 01', 1, $2),
		($1, 'Bo Prøvesen', 'Afdelingsleder', 'Vejle Bibliotekerne', 'bo.proevesen@example.org', '+45 70 00 00 02', 2, $3)`,
		g, now.AddDate(0, -2, 0), now.AddDate(0, -14, 0)); err != nil {
		return fmt.Errorf("demo: contacts: %w", err)
	}
	if err := groupNews(ctx, tx, d, g, now); err != nil {
		return err
	}
	if err := groupDocuments(ctx, tx, d, g); err != nil {
		return err
	}
	return groupFollowers(ctx, tx, d, g)
}

func groupNews(ctx context.Context, tx pgx.Tx, d *Data, g int64, now time.Time) error {
	items := []struct {
		title, body string
		at          time.Time
	}{
		{"Analysen er klar: bibliotekerne kan mere – og skal kunne endnu mere",
			"Gennem 2018 har centralbibliotekerne kortlagt bibliotekernes digitale landskab med undersøgelser, workshops og interviews.\n\nAnalysen peger på de områder, hvor vi kan løfte indsatsen fra god til endnu bedre. Den ligger under *Dokumenter*.",
			now.AddDate(0, -3, 0)},
		{"Har du læst visionspapiret?",
			"Visionen i én sætning: bibliotekerne skaber nytænkende digitale løsninger **for og med borgerne** – med afsæt i bibliotekets kerneområder.\n\nLæs hele papiret og drøft det i jeres netværk.",
			now.AddDate(0, -1, 0)},
		{"Organisationsforløbet rulles ud i alle centralbiblioteksområder",
			"Nu begynder forløbet for ledere og medarbejdere. Kontakt dit centralbibliotek for datoer i din region.",
			now.AddDate(0, 0, -5)},
		{"Program for det fælles seminar",
			"Programmet for næste fælles seminar offentliggøres her.",
			now.AddDate(0, 0, 10)}, // scheduled: hidden until then
	}
	for _, n := range items {
		html, err := markdown.Render(n.body)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO news (group_id, title, body_md, body_html, lang, author_id, publish_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'da', $5, $6, $6, $6)`, g, n.title, n.body, html, d.Users["koordinator@example.org"], n.at); err != nil {
			return fmt.Errorf("demo: news: %w", err)
		}
	}
	return nil
}

func groupDocuments(ctx context.Context, tx pgx.Tx, d *Data, g int64) error {
	docs := []struct {
		title, desc, filename, ctype string
		data                         []byte
	}{
		{"Analyse af bibliotekernes digitale landskab", "Sammenfatning af kortlægningen 2018 (demo).", "analyse-2018.pdf", "application/pdf",
			minimalPDF("Analyse af bibliotekernes digitale landskab (demo)")},
		{"Visionspapir", "Visionen for bibliotekernes digitale udvikling (demo).", "visionspapir.pdf", "application/pdf",
			minimalPDF("Visionspapir (demo)")},
		{"Deltagende biblioteker", "Liste over biblioteker i organisationsforløbet (demo).", "deltagere.csv", "text/csv; charset=utf-8",
			[]byte("bibliotek;region\nVejle Bibliotekerne;Syddanmark\nAalborg Bibliotekerne;Nordjylland\nOdense Bibliotekerne;Syddanmark\n")},
	}
	for _, doc := range docs {
		sum := sha256.Sum256(doc.data)
		if _, err := tx.Exec(ctx, `INSERT INTO documents (group_id, title, description, lang, filename, content_type, size, sha256, data, uploaded_by)
			VALUES ($1, $2, $3, 'da', $4, $5, $6, $7, $8, $9)`, g, doc.title, doc.desc, doc.filename, doc.ctype,
			len(doc.data), hex.EncodeToString(sum[:]), doc.data, d.Users["koordinator@example.org"]); err != nil {
			return fmt.Errorf("demo: document: %w", err)
		}
	}
	return nil
}

// minimalPDF returns a tiny valid one-page PDF showing text (ASCII only).
func minimalPDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 16 Tf 72 760 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
