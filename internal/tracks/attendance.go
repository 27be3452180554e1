package tracks

import (
	"net/http"
	"strconv"
	"time"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/tracks"
)

func (h *Handler) attendanceForm(w http.ResponseWriter, r *http.Request) {
	t, m, err := h.trackAndMeeting(r.Context(), r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	grid, err := h.store.Attendance(r.Context(), t.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "tracks.record_attendance"),
		views.RecordAttendance(views.AttendanceForm{Track: t, Meeting: m, Grid: grid}))
}

func (h *Handler) saveAttendance(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	trackID, _ := httpx.IDParam(r, "id")
	mid, err := httpx.IDParam(r, "mid")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	ids := []int64{}
	for _, s := range r.PostForm["user"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 && len(ids) < 10000 {
			ids = append(ids, id)
		}
	}
	if err := h.store.SetAttendance(r.Context(), trackID, mid, ids, httpx.User(r).ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "tracks.attendance_saved")
	http.Redirect(w, r, "/manage/tracks/"+itoa64(trackID)+"/attendance", http.StatusSeeOther)
}

func (h *Handler) attendanceGrid(w http.ResponseWriter, r *http.Request) {
	t, err := h.track(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	grid, err := h.store.Attendance(r.Context(), t.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "tracks.attendance"), views.Attendance(views.AttendancePage{Track: t, Grid: grid}))
}

// attendanceCSV writes the grid for spreadsheets through the one CSV writer:
// headers in the user's language, 1/0 per meeting, named after the track and the day.
func (h *Handler) attendanceCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := h.track(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	grid, err := h.store.Attendance(ctx, t.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	c := httpx.NewCSV(i18n.Lang(ctx))
	head := []string{i18n.T(ctx, "tracks.csv.name"), i18n.T(ctx, "tracks.csv.organisation")}
	for _, m := range grid.Meetings {
		head = append(head, strconv.Itoa(m.Number)+"/"+strconv.Itoa(m.Of)+" "+m.Title+" ("+m.StartsAt.In(m.Location()).Format("2006-01-02")+")")
	}
	c.Header(append(head, i18n.T(ctx, "tracks.csv.total"))...)
	for _, p := range grid.Participants {
		row := []httpx.CSVCell{httpx.Text(p.Name), httpx.Text(p.Organisation)}
		for _, m := range grid.Meetings {
			row = append(row, presence(grid, m, p))
		}
		c.Row(append(row, httpx.Int(grid.Count(p.ID)))...)
	}
	c.Serve(w, r, httpx.ExportName(i18n.T(ctx, "export.attendance"), t.Slug, time.Now().In(i18n.Zone(ctx))))
}

func presence(g model.AttendanceGrid, m model.Meeting, p model.Participant) httpx.CSVCell {
	if g.Attended(m.ID, p.ID) {
		return httpx.Int(1)
	}
	return httpx.Int(0)
}
