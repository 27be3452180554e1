package groups

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"spor/internal/httpx"
	"spor/internal/model"
	"spor/internal/upload"
)

// vcard serves one contact as a vCard 3.0 (RFC 2426), the version address books
// import most reliably. Staff-only contacts need a login.
func (h *Handler) vcard(w http.ResponseWriter, r *http.Request) {
	g, ok := h.ref(w, r)
	if !ok {
		return
	}
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	c, err := h.store.Contact(r.Context(), g.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if c.Visibility == "staff" && httpx.User(r) == nil {
		httpx.Error(w, r, httpx.ErrForbidden)
		return
	}
	name := upload.SafeName(c.Name, "vcf")
	w.Header().Set("Content-Type", "text/vcard; charset=utf-8")
	w.Header().Set("Content-Disposition", httpx.Attachment(name))
	w.Header().Set("Cache-Control", "private, no-cache")
	_, _ = w.Write([]byte(VCard(c)))
}

// VCard renders c as a vCard 3.0 with CRLF line ends.
func VCard(c model.Contact) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCARD")
	line("VERSION:3.0")
	line("FN:" + vEscape(c.Name))
	family, given := c.Name, ""
	if i := strings.LastIndex(c.Name, " "); i > 0 {
		given, family = c.Name[:i], c.Name[i+1:]
	}
	line("N:" + vEscape(family) + ";" + vEscape(given) + ";;;")
	if c.Organisation != "" {
		line("ORG:" + vEscape(c.Organisation))
	}
	if c.Role != "" {
		line("TITLE:" + vEscape(c.Role))
	}
	if c.Email != "" {
		line("EMAIL;TYPE=INTERNET:" + vEscape(c.Email))
	}
	if c.Phone != "" {
		line("TEL;TYPE=WORK,VOICE:" + vEscape(c.Phone))
	}
	line("END:VCARD")
	return b.String()
}

// fold ends a content line with CRLF, folding it at 75 octets as RFC 6350 3.2 asks
// (a CRLF and a space start each continuation), never inside a UTF-8 character.
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		n := limit
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		b.WriteString(s[:n] + "\r\n ")
		s = s[n:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

func vEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\r\n", `\n`, "\n", `\n`, "\r", "").Replace(s)
}
