package demo

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// core loads organisations, the demo logins and a welcome alert.
func core(ctx context.Context, tx pgx.Tx, d *Data) error {
	orgs := []struct{ name, kind, country, municipality, region, website string }{
		{"Vejle Bibliotekerne", "central_library", "DK", "Vejle", "Syddanmark", "https://www.vejlebib.dk"},
		{"Det Kgl. Bibliotek", "national_library", "DK", "København", "Hovedstaden", "https://www.kb.dk"},
		{"Kungliga biblioteket", "national_library", "SE", "Stockholm", "Stockholm", "https://www.kb.se"},
		{"Region Dalarna, Regional biblioteksverksamhet", "regional_library", "SE", "Falun", "Dalarna", ""},
		{"Falu stadsbibliotek", "public_library", "SE", "Falun", "Dalarna", ""},
		{"Borlänge bibliotek", "public_library", "SE", "Borlänge", "Dalarna", ""},
		{"Mora bibliotek", "public_library", "SE", "Mora", "Dalarna", ""},
		{"Ludvika bibliotek", "public_library", "SE", "Ludvika", "Dalarna", ""},
		{"KL – Kommunernes Landsforening", "municipality_association", "DK", "København", "Hovedstaden", ""},
		{"HK Kommunal", "union", "DK", "København", "Hovedstaden", ""},
	}
	for _, o := range orgs {
		if err := d.AddOrg(ctx, tx, o.name, o.kind, o.country, o.municipality, o.region, o.website); err != nil {
			return err
		}
	}
	users := []struct{ email, name, org, role, lang string }{
		{"admin@example.org", "Alma Administrator", "Det Kgl. Bibliotek", "admin", "da"},
		{"koordinator@example.org", "Karen Koordinator", "Vejle Bibliotekerne", "coordinator", "da"},
		{"samordnare@example.org", "Sven Samordnare", "Region Dalarna, Regional biblioteksverksamhet", "coordinator", "sv"},
		{"medarbejder@example.org", "Mads Medarbejder", "Vejle Bibliotekerne", "staff", "da"},
		{"ledare@example.org", "Lena Ledare", "Falu stadsbibliotek", "staff", "sv"},
	}
	for _, u := range users {
		if err := d.AddUser(ctx, tx, u.email, u.name, u.org, u.role, u.lang); err != nil {
			return err
		}
	}
	now := time.Now()
	_, err := tx.Exec(ctx, `INSERT INTO alerts (message_da, message_sv, message_en, level, starts_at, ends_at, created_by)
		VALUES ($1, $2, $3, 'info', $4, $5, $6)`,
		"Velkommen til Spor. Dette er demoindhold: personer og adresser er opdigtede.",
		"Välkommen till Spor. Det här är demoinnehåll: personer och adresser är påhittade.",
		"Welcome to Spor. This is demo content: people and addresses are invented.",
		now.Add(-time.Hour), now.AddDate(1, 0, 0), d.Users["admin@example.org"])
	return err
}
