package events

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
)

// participantsCSV exports the participant list for a spreadsheet: UTF-8 with a byte
// order mark (without it Excel reads UTF-8 as Windows-1252 and mangles æøå), headers in
// the user's language, times in the event's zone.
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
	data, err := participantsCSV(i18n.Lang(r.Context()), e, list)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="event-`+strconv.FormatInt(e.ID, 10)+`-participants.csv"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(data)
}

func participantsCSV(lang string, e model.Event, list []model.Registration) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	t := func(id string) string { return i18n.Translate(lang, id) }
	header := []string{t("events.participants.name"), t("users.email"), t("users.organisation"),
		t("events.participants.status"), t("events.participants.position"), t("events.participants.registered"),
		t("events.participants.attended")}
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	loc := e.Location()
	for _, p := range list {
		pos, attended := "", ""
		if p.Position > 0 {
			pos = strconv.Itoa(p.Position)
		}
		if p.Attended != nil {
			attended = t("events.participants.no")
			if *p.Attended {
				attended = t("events.participants.yes")
			}
		}
		row := []string{cell(p.Name), cell(p.Email), cell(p.Organisation), t("events.reg." + p.Status), pos,
			p.RegisteredAt.In(loc).Format("2006-01-02 15:04"), attended}
		if err := cw.Write(row); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

// cell keeps a spreadsheet from reading a name as a formula (CSV injection).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
