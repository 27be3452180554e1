// Package i18n picks the page's language and translates Spor's interface strings
// (Danish, Swedish, English, Norwegian Bokmål) from the message catalogues in locales/.
//
// Catalogues are split by domain (core.da.toml, groups.sv.toml, ...) so that each
// feature keeps its strings beside the others of its kind; every id must exist in all
// four languages (TestCataloguesComplete).
package i18n

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Langs are the interface languages, the default first.
var Langs = []string{"da", "sv", "en", "nb"}

// Default is the language used when nothing else decides.
const Default = "da"

//go:embed locales/*.toml
var locales embed.FS

var (
	bundle     *goi18n.Bundle
	plain      map[string]map[string]string  // lang → id → text without template data
	simple     map[string]map[string]message // lang → id → forms with only {{.Name}} fields
	localizers map[string]*goi18n.Localizer
	loadOnce   sync.Once
)

func load() {
	bundle = goi18n.NewBundle(language.Danish)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	plain = map[string]map[string]string{}
	simple = map[string]map[string]message{}
	localizers = map[string]*goi18n.Localizer{}
	files, _ := fs.Glob(locales, "locales/*.toml")
	for _, f := range files {
		mf, err := bundle.LoadMessageFileFS(locales, f)
		if err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", f, err))
		}
		lang := mf.Tag.String()
		if plain[lang] == nil {
			plain[lang] = map[string]string{}
			simple[lang] = map[string]message{}
		}
		for _, m := range mf.Messages {
			if m.One == "" && !strings.Contains(m.Other, "{{") {
				plain[lang][m.ID] = m.Other
			} else if onlyFields(m.One) && onlyFields(m.Other) {
				simple[lang][m.ID] = message{one: m.One, other: m.Other}
			}
		}
	}
	for _, l := range Langs {
		localizers[l] = goi18n.NewLocalizer(bundle, l)
	}
}

type langKey struct{}

// WithLang returns ctx carrying the page's language.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang returns the page's language carried by ctx, or Default.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		return l
	}
	return Default
}

// T translates id into the language of ctx. args are name/value pairs for the
// message's template data; a "Count" pair also chooses the plural form. A missing id
// comes back as the id itself, which TestMessagesExist catches.
func T(ctx context.Context, id string, args ...any) string {
	return Translate(Lang(ctx), id, args...)
}

// Translate is T for an explicit language.
func Translate(lang, id string, args ...any) string {
	loadOnce.Do(load)
	if len(args) == 0 {
		if s, ok := plain[lang][id]; ok {
			return s
		}
	}
	if m, ok := simple[lang][id]; ok {
		if s, ok := m.render(args); ok {
			return s
		}
	}
	data := map[string]any{}
	var count any
	for i := 0; i+1 < len(args); i += 2 {
		k := fmt.Sprint(args[i])
		data[k] = args[i+1]
		if k == "Count" {
			count = args[i+1]
		}
	}
	l := localizers[lang]
	if l == nil {
		l = localizers[Default]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		return id
	}
	return s
}

// Has reports whether id exists in lang's catalogue.
func Has(lang, id string) bool {
	loadOnce.Do(load)
	_, err := localizers[lang].Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: 2})
	return err == nil
}

// IDs returns every message id in lang's catalogues, sorted.
func IDs(lang string) []string {
	loadOnce.Do(load)
	files, _ := fs.Glob(locales, "locales/*."+lang+".toml")
	var ids []string
	for _, f := range files {
		data, _ := locales.ReadFile(f)
		var m map[string]any
		if err := toml.Unmarshal(data, &m); err != nil {
			continue
		}
		ids = append(ids, flatten("", m)...)
	}
	sort.Strings(ids)
	return ids
}

func flatten(prefix string, m map[string]any) []string {
	var ids []string
	for k, v := range m {
		id := k
		if prefix != "" {
			id = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok && !isPlural(sub) {
			ids = append(ids, flatten(id, sub)...)
		} else {
			ids = append(ids, id)
		}
	}
	return ids
}

func isPlural(m map[string]any) bool {
	_, one := m["one"]
	_, other := m["other"]
	return one || other
}

// Negotiate picks the language for r: the ?lang= parameter, then the lang cookie,
// then the first language in Accept-Language (by preference) that Spor speaks, with
// Norwegian in any written form (nb, no, nn) read as Bokmål. A browser that names
// only other languages (Finnish, German, ...) gets English, the one its reader is
// most likely to share; without the header the default, Danish.
func Negotiate(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); Supported(l) {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && Supported(c.Value) {
		return c.Value
	}
	if h := r.Header.Get("Accept-Language"); h != "" {
		tags, _, err := language.ParseAcceptLanguage(h)
		if err != nil || len(tags) == 0 {
			return Default
		}
		for _, tag := range tags {
			base, _ := tag.Base()
			switch b := base.String(); b {
			case "da", "sv", "en":
				return b
			case "nb", "no", "nn":
				return "nb"
			}
		}
		return "en"
	}
	return Default
}

// Supported reports whether l is an interface language.
func Supported(l string) bool {
	for _, s := range Langs {
		if s == l {
			return true
		}
	}
	return false
}

// LangName returns a language's name in that language (for the switcher and lists).
func LangName(code string) string {
	switch code {
	case "da":
		return "Dansk"
	case "sv":
		return "Svenska"
	case "en":
		return "English"
	case "nb":
		return "Norsk"
	case "fi":
		return "Suomi"
	}
	return code
}

// Files lists the catalogue files (for tests).
func Files() []string {
	files, _ := fs.Glob(locales, "locales/*.toml")
	for i, f := range files {
		files[i] = path.Base(f)
	}
	return files
}
