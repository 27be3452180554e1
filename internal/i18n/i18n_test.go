package i18n

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

func TestCataloguesComplete(t *testing.T) {
	ids := map[string]map[string]bool{}
	for _, l := range Langs {
		ids[l] = map[string]bool{}
		for _, id := range IDs(l) {
			ids[l][id] = true
		}
		if len(ids[l]) == 0 {
			t.Fatalf("no messages for %s", l)
		}
	}
	for _, l := range Langs {
		for id := range ids[l] {
			for _, other := range Langs {
				if !ids[other][id] {
					t.Errorf("%q exists in %s but not in %s", id, l, other)
				}
			}
		}
	}
}

// usedIDs finds message ids written literally in Spor's code: T(ctx, "..."), flash
// messages and validation messages.
var usedIDs = regexp.MustCompile(`(?:i18n\.T\(ctx, |Translate\([a-zA-Z.]+, |SetFlash\([^,]+, [^,]+, |\.Add\("[a-z_]+", |Errors\{"[a-z_]+": |\.Error = |Empty\(i18n\.T\(ctx, )"([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_])"`)

func TestMessagesExist(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") ||
			!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range usedIDs.FindAllStringSubmatch(string(data), -1) {
			n++
			for _, l := range Langs {
				if !Has(l, m[1]) {
					t.Errorf("%s: message %q missing in %s", path, m[1], l)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("found only %d message uses; the pattern is broken", n)
	}
}

func TestNegotiate(t *testing.T) {
	cases := []struct {
		name, query, cookie, accept, want string
	}{
		{"default is Danish", "", "", "", "da"},
		{"query wins", "lang=sv", "en", "en", "sv"},
		{"cookie beats header", "", "en", "sv", "en"},
		{"Accept-Language Swedish", "", "", "sv-SE,sv;q=0.9,en;q=0.5", "sv"},
		{"Accept-Language English", "", "", "en-GB,en;q=0.9", "en"},
		{"Norwegian Bokmål", "", "", "nb-NO,nb;q=0.9", "nb"},
		{"Norwegian without a written form", "", "", "no", "nb"},
		{"Nynorsk reads Bokmål", "", "", "nn-NO,nn;q=0.9,en;q=0.5", "nb"},
		{"Finnish reads English", "", "", "fi-FI,fi;q=0.9", "en"},
		{"Finnish who also reads Swedish", "", "", "fi-FI,fi;q=0.9,sv;q=0.8,en;q=0.7", "sv"},
		{"Finnish who also reads Danish", "", "", "fi,da;q=0.5", "da"},
		{"unknown language reads English", "", "", "ja", "en"},
		{"query Norwegian", "lang=nb", "", "da", "nb"},
		{"bad query ignored", "lang=xx", "", "en", "en"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/?"+tc.query, nil)
			if tc.cookie != "" {
				r.Header.Set("Cookie", "lang="+tc.cookie)
			}
			if tc.accept != "" {
				r.Header.Set("Accept-Language", tc.accept)
			}
			if got := Negotiate(r); got != tc.want {
				t.Errorf("Negotiate = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPluralsAndData(t *testing.T) {
	ctx := WithLang(context.Background(), "en")
	if got := T(ctx, "home.group_count", "Count", 1); got != "1 group" {
		t.Errorf("one = %q", got)
	}
	if got := T(ctx, "home.group_count", "Count", 3); got != "3 groups" {
		t.Errorf("other = %q", got)
	}
	if got := T(WithLang(ctx, "sv"), "pager.position", "Page", 2, "Pages", 5); got != "Sida 2 av 5" {
		t.Errorf("data = %q", got)
	}
}

func TestFastPathMatchesGoI18n(t *testing.T) {
	loadOnce.Do(load)
	n := 0
	for _, lang := range Langs {
		for id, m := range simple[lang] {
			for _, count := range []int{0, 1, 2, 21} {
				args := []any{"Count", count}
				for _, f := range []string{"Min", "Year", "Date", "Title", "Term", "Taken", "Position", "N", "Done", "Area", "Value", "Scope", "Page", "Pages", "Opens", "Of", "Name", "MB"} {
					args = append(args, f, f+"-value")
				}
				fast, ok := m.render(args)
				if !ok {
					t.Fatalf("%s %s: fast path refused an int count", lang, id)
				}
				data := map[string]any{}
				for i := 0; i < len(args); i += 2 {
					data[args[i].(string)] = args[i+1]
				}
				var plural any
				if m.one != "" {
					plural = count
				}
				slow, err := localizers[lang].Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: plural})
				if err != nil {
					t.Fatal(err)
				}
				if fast != slow {
					t.Errorf("%s %s count %d: fast %q, go-i18n %q", lang, id, count, fast, slow)
				}
				n++
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d messages compared", n)
	}
}
