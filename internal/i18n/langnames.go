package i18n

import "context"

// ContentLangName names the language content is written in, in the page's language
// ("Svensk" on a Danish page, "Swedish" on an English one); LangName, each language
// in its own words, stays for the language switcher.
func ContentLangName(ctx context.Context, code string) string {
	id := "langname." + code
	if s := T(ctx, id); s != id {
		return s
	}
	return LangName(code)
}
