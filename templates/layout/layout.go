// Package layout is the page chrome: head, skip link, header and navigation, language
// switcher, alert banner, flash message and footer.
package layout

import (
	"net/url"
	"strconv"
	"strings"

	"spor/internal/model"
)

// Data is what the chrome shows around a page.
type Data struct {
	Title  string
	User   *model.User
	Flash  string // i18n id
	Alerts []model.Alert
	Path   string
	Query  string
	Base   string // BASE_URL, for absolute addresses in <head>
	Meta   Meta
}

// LangURL is the current page with ?lang= set to lang, other parameters kept.
// The path is cleaned first: a request for "//evil.example/x" must not become a link
// off the site.
func LangURL(path, rawQuery, lang string) string {
	path = localPathOnly(path)
	q, _ := url.ParseQuery(rawQuery)
	q.Set("lang", lang)
	return path + "?" + q.Encode()
}

// Here is the current page's path and query, for next= fields.
func Here(path, rawQuery string) string {
	path = localPathOnly(path)
	if rawQuery == "" {
		return path
	}
	q, _ := url.ParseQuery(rawQuery)
	q.Del("lang")
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// localPathOnly is path when it is a clean local path without query, otherwise "/".
func localPathOnly(path string) string {
	if strings.ContainsAny(path, "?#") {
		return "/"
	}
	return model.LocalPath(path)
}

// Current reports whether the navigation item at prefix is the current section.
func Current(path, prefix string) bool {
	if prefix == "/" {
		return path == "/"
	}
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func alertID(id int64) string { return "alert-" + strconv.FormatInt(id, 10) }

func dismissURL(id int64) string { return "/alerts/" + strconv.FormatInt(id, 10) + "/dismiss" }

func urlEscape(s string) string { return url.QueryEscape(s) }

// SearchText is the query of the search page, so the header box keeps it there.
func SearchText(path, rawQuery string) string {
	if path != "/search" {
		return ""
	}
	q, _ := url.ParseQuery(rawQuery)
	return q.Get("q")
}
