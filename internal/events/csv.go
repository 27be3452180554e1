package events

import (
	"net/http"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
)

// participantsCSV exports the participant list for a spreadsheet through the one CSV
// writer, headers in the user's language, named after the event and its date.
func (h *Handler) participantsCSV(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	list, err := h.store.ParticipantsExport(r.Context(), e.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	lang := i18n.Lang(r.Context())
	name := httpx.ExportName(i18n.Translate(lang, "export.participants"), e.Title, e.StartsAt.In(e.Location()))
	participantsCSV(lang, e, list).Serve(w, r, name)
}

// participantsCSV builds the list in lang's spreadsheet conventions, times in the
// event's zone.
func participantsCSV(lang string, e model.Event, list []model.Registration) *httpx.CSV {
	c := httpx.NewCSV(lang)
	t := func(id string) string { return i18n.Translate(lang, id) }
	c.Header(t("events.participants.name"), t("users.email"), t("users.organisation"),
		t("events.participants.status"), t("events.participants.position"), t("events.participants.registered"),
		t("events.participants.attended"))
	loc := e.Location()
	for _, p := range list {
		pos := httpx.Text("")
		if p.Position > 0 {
			pos = httpx.Int(p.Position)
		}
		attended := ""
		if p.Attended != nil {
			attended = t("events.participants.no")
			if *p.Attended {
				attended = t("events.participants.yes")
			}
		}
		c.Row(httpx.Text(p.Name), httpx.Text(p.Email), httpx.Text(p.Organisation), httpx.Text(t("events.reg."+p.Status)), pos,
			httpx.Text(p.RegisteredAt.In(loc).Format("2006-01-02 15:04")), httpx.Text(attended))
	}
	return c
}
