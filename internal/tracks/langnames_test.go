package tracks_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/testutil"
)

// The track form names the languages in the page's language, never by code.
func TestTrackFormNamesLanguages(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	c.Login(testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna").Email)
	want := map[string]string{
		"sv": "da=Danska sv=Svenska nb=Norska fi=Finska en=Engelska",
		"da": "da=Dansk sv=Svensk nb=Norsk fi=Finsk en=Engelsk",
		"en": "da=Danish sv=Swedish nb=Norwegian fi=Finnish en=English",
	}
	for lang, w := range want {
		doc := c.Get("/manage/tracks/new?lang=" + lang).Doc(t)
		var got []string
		doc.Find(`select[name="lang"] option`).Each(func(_ int, o *goquery.Selection) {
			got = append(got, o.AttrOr("value", "")+"="+strings.TrimSpace(o.Text()))
		})
		if strings.Join(got, " ") != w {
			t.Errorf("?lang=%s: language options %q, want %q", lang, strings.Join(got, " "), w)
		}
	}
}
