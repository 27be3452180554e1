package app

import (
	"net/http"
	"strings"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/templates/pages"
)

func manageHome(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "manage.title"), pages.Manage(httpx.User(r)))
}

// trivialPage is about 5 KB, the size of a small real page.
var trivialPage = []byte("<!DOCTYPE html><html lang=en><title>trivial</title><p>" + strings.Repeat("Spor trivial page. ", 260) + "</p></html>")

// trivial is the benchmark's ceiling: the same router and process, no database.
func trivial(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(trivialPage)
}
