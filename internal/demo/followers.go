package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"spor/internal/model"
)

// followerLibraries are the libraries whose staff follow the national group, with
// how many of their (invented) staff do: the 26 named on the seed's group page,
// then 14 more Danish public libraries to reach about 40.
var followerLibraries = []struct {
	name, municipality, region string
	staff                      int
}{
	{"Vejle Bibliotekerne", "Vejle", "Syddanmark", 5}, // plus medarbejder@example.org
	{"Aalborg Bibliotekerne", "Aalborg", "Nordjylland", 5},
	{"Fredericia Bibliotek", "Fredericia", "Syddanmark", 4},
	{"Odense Bibliotekerne", "Odense", "Syddanmark", 3},
	{"Kolding Bibliotekerne", "Kolding", "Syddanmark", 3},
	{"Herning Bibliotekerne", "Herning", "Midtjylland", 3},
	{"Ikast-Brande Bibliotek", "Ikast-Brande", "Midtjylland", 2},
	{"Guldborgsund Bibliotekerne", "Guldborgsund", "Sjælland", 2},
	{"Ballerup Bibliotekerne", "Ballerup", "Hovedstaden", 2},
	{"Vesthimmerlands Biblioteker", "Vesthimmerland", "Nordjylland", 1},
	{"Svendborg Bibliotek", "Svendborg", "Syddanmark", 1},
	{"Slagelse Bibliotekerne", "Slagelse", "Sjælland", 1},
	{"Skive Bibliotek", "Skive", "Midtjylland", 1},
	{"Roskilde Bibliotekerne", "Roskilde", "Sjælland", 1},
	{"Ringsted Bibliotek", "Ringsted", "Sjælland", 1},
	{"Ringkøbing-Skjern Bibliotekerne", "Ringkøbing-Skjern", "Midtjylland", 1},
	{"Odder Bibliotek", "Odder", "Midtjylland", 1},
	{"Norddjurs Biblioteker", "Norddjurs", "Midtjylland", 1},
	{"Langeland Bibliotek", "Langeland", "Syddanmark", 1},
	{"Københavns Biblioteker", "København", "Hovedstaden", 1},
	{"Horsens Bibliotek", "Horsens", "Midtjylland", 1},
	{"Faaborg-Midtfyn Bibliotekerne", "Faaborg-Midtfyn", "Syddanmark", 1},
	{"Esbjerg Kommunes Biblioteker", "Esbjerg", "Syddanmark", 1},
	{"Det Kgl. Bibliotek", "København", "Hovedstaden", 1},
	{"Aarhus Kommunes Biblioteker", "Aarhus", "Midtjylland", 1},
	{"Aabenraa Bibliotekerne", "Aabenraa", "Syddanmark", 1},
	{"Silkeborg Bibliotekerne", "Silkeborg", "Midtjylland", 2},
	{"Viborg Bibliotekerne", "Viborg", "Midtjylland", 1},
	{"Randers Bibliotek", "Randers", "Midtjylland", 3},
	{"Holstebro Bibliotek", "Holstebro", "Midtjylland", 1},
	{"Gentofte Bibliotekerne", "Gentofte", "Hovedstaden", 2},
	{"Gladsaxe Bibliotekerne", "Gladsaxe", "Hovedstaden", 1},
	{"Frederiksberg Bibliotek", "Frederiksberg", "Hovedstaden", 6},
	{"Hjørring Bibliotekerne", "Hjørring", "Nordjylland", 1},
	{"Næstved Bibliotek", "Næstved", "Sjælland", 2},
	{"Holbæk Bibliotek", "Holbæk", "Sjælland", 1},
	{"Helsingør Bibliotekerne", "Helsingør", "Hovedstaden", 1},
	{"Sønderborg Bibliotek", "Sønderborg", "Syddanmark", 2},
	{"Haderslev Bibliotekerne", "Haderslev", "Syddanmark", 1},
	{"Varde Bibliotek", "Varde", "Syddanmark", 1},
}

var (
	firstNames = []string{"Anne", "Mette", "Lars", "Søren", "Kirsten", "Jens", "Hanne", "Peter", "Louise", "Mikkel", "Camilla", "Rasmus", "Sofie", "Thomas", "Ida", "Jonas", "Karin", "Niels"}
	lastNames  = []string{"Holm", "Dahl", "Lund", "Krogh", "Bech", "Skov", "Vinther", "Bak", "Friis", "Storm", "Juul", "Kjær", "Brandt", "Winther"}
)

// groupFollowers adds the libraries, 1-6 invented staff at each, and makes them
// (and the demo user medarbejder@example.org) follow group g.
func groupFollowers(ctx context.Context, tx pgx.Tx, d *Data, g int64) error {
	n := 0
	for _, lib := range followerLibraries {
		if _, ok := d.Orgs[lib.name]; !ok {
			if err := d.AddOrg(ctx, tx, lib.name, "public_library", "DK", lib.municipality, lib.region, ""); err != nil {
				return err
			}
		}
		for range lib.staff {
			name := firstNames[n%len(firstNames)] + " " + lastNames[(n*7+n/len(firstNames))%len(lastNames)]
			email := fmt.Sprintf("%s.%d@example.org", strings.ReplaceAll(model.Slugify(name), "-", "."), n+1)
			n++
			if err := d.AddUser(ctx, tx, email, name, lib.name, "staff", "da"); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2)`, g, d.Users[email]); err != nil {
				return err
			}
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2)`, g, d.Users["medarbejder@example.org"])
	return err
}
