package tracks

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
	views "spor/templates/tracks"
)

// ManageRoutes mounts /manage/tracks. Any coordinator or admin may create a track;
// everything under /manage/tracks/{id} needs CanEdit on that track.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/tracks", func(r chi.Router) {
		r.Use(requireManager)
		r.Get("/", h.manageList)
		r.Get("/new", h.newTrack)
		r.Post("/", h.saveTrack)
		r.Route("/{id}", func(r chi.Router) {
			r.Use(h.requireEditor)
			r.Get("/", h.editTrack)
			r.Post("/", h.saveTrack)
			r.Get("/meetings/new", h.newMeeting)
			r.Post("/meetings", h.saveMeeting)
			r.Get("/meetings/{mid}", h.editMeeting)
			r.Post("/meetings/{mid}", h.saveMeeting)
			r.Post("/meetings/{mid}/materials", h.uploadMaterial)
			r.Get("/meetings/{mid}/materials/{fid}/delete", h.confirmDeleteMaterial)
			r.Post("/meetings/{mid}/materials/{fid}/delete", h.deleteMaterial)
			r.Get("/meetings/{mid}/attendance", h.attendanceForm)
			r.Post("/meetings/{mid}/attendance", h.saveAttendance)
			r.Get("/attendance", h.attendanceGrid)
			r.Get("/mails", h.mails)
			r.Post("/mails", h.message)
			r.With(httpx.Conditional).Get("/attendance.csv", h.attendanceCSV)
		})
	})
}

func requireManager(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !httpx.User(r).CanManage() {
			httpx.Error(w, r, httpx.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireEditor checks the track in the URL against the user on every request.
func (h *Handler) requireEditor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := httpx.IDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		ok, err := h.store.CanEdit(r.Context(), httpx.User(r), id)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if !ok {
			httpx.Error(w, r, httpx.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) manageList(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.ManagedTracks(r.Context(), httpx.User(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "tracks.manage_title"), views.Manage(views.ManageList{Tracks: list}))
}

func (h *Handler) newTrack(w http.ResponseWriter, r *http.Request) {
	h.renderTrack(w, r, http.StatusOK, model.Track{Lang: i18n.Lang(r.Context()), EnrolmentOpen: true, Published: true, RemindDays: 1}, nil)
}

func (h *Handler) editTrack(w http.ResponseWriter, r *http.Request) {
	id, _ := httpx.IDParam(r, "id")
	t, err := h.store.TrackByID(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderTrack(w, r, http.StatusOK, t, nil)
}

func (h *Handler) renderTrack(w http.ResponseWriter, r *http.Request, status int, t model.Track, errs model.Errors) {
	ctx := r.Context()
	progs, groups, err := h.store.Choices(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v := views.TrackForm{Track: t, Goals: strings.Join(t.Goals, "\n"), Errors: errs, Programmes: options(progs), Groups: options(groups)}
	if t.ID != 0 {
		grid, err := h.store.Attendance(ctx, t.ID)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		v.Meetings = grid.Meetings
	}
	title := i18n.T(ctx, "tracks.new")
	if t.ID != 0 {
		title = t.Title
	}
	httpx.Render(w, r, status, title, views.EditTrack(v))
}

func options(list []Option) []components.Option {
	out := make([]components.Option, 0, len(list))
	for _, o := range list {
		out = append(out, components.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Title})
	}
	return out
}

func (h *Handler) saveTrack(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	t := model.Track{
		ProgrammeID:   httpx.FormInt64(r, "programme"),
		GroupID:       httpx.FormInt64(r, "group"),
		Title:         r.PostFormValue("title"),
		Slug:          r.PostFormValue("slug"),
		Audience:      r.PostFormValue("audience"),
		Summary:       r.PostFormValue("summary"),
		Goals:         model.Lines(r.PostFormValue("goals")),
		PreworkMD:     r.PostFormValue("prework"),
		Lang:          r.PostFormValue("lang"),
		EnrolmentOpen: httpx.FormBool(r, "enrolment_open"),
		Published:     httpx.FormBool(r, "published"),
		Coordinators:  model.Lines(r.PostFormValue("coordinators")),
	}
	if c := strings.TrimSpace(r.PostFormValue("capacity")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			n = -1
		}
		t.Capacity = n
	}
	// A form without the field (an older page) keeps the track's setting.
	t.RemindDays = -1
	if v := strings.TrimSpace(r.PostFormValue("remind_days")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			t.RemindDays = n
		} else {
			t.RemindDays = 99 // refused by Validate
		}
	}
	if chi.URLParam(r, "id") != "" {
		t.ID, _ = httpx.IDParam(r, "id")
	}
	if err := t.Validate(); err != nil {
		h.renderTrack(w, r, http.StatusUnprocessableEntity, t, err.(model.Errors))
		return
	}
	id, err := h.store.SaveTrack(r.Context(), t, httpx.User(r))
	var invalid model.Errors
	if errors.As(err, &invalid) {
		h.renderTrack(w, r, http.StatusUnprocessableEntity, t, invalid)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "tracks.saved")
	http.Redirect(w, r, "/manage/tracks/"+itoa64(id), http.StatusSeeOther)
}

// track loads the track in the URL (its editor has been checked by requireEditor).
func (h *Handler) track(r *http.Request) (model.Track, error) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		return model.Track{}, err
	}
	return h.store.TrackByID(r.Context(), id)
}

func (h *Handler) newMeeting(w http.ResponseWriter, r *http.Request) {
	t, err := h.track(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderMeeting(w, r, http.StatusOK, meetingView(t, model.Meeting{TrackID: t.ID, Zone: model.Zones[0], Status: model.MeetingPlanned}))
}

func (h *Handler) editMeeting(w http.ResponseWriter, r *http.Request) {
	t, m, err := h.trackAndMeeting(r.Context(), r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderMeeting(w, r, http.StatusOK, meetingView(t, m))
}

func (h *Handler) trackAndMeeting(ctx context.Context, r *http.Request) (model.Track, model.Meeting, error) {
	t, err := h.track(r)
	if err != nil {
		return t, model.Meeting{}, err
	}
	mid, err := httpx.IDParam(r, "mid")
	if err != nil {
		return t, model.Meeting{}, err
	}
	m, err := h.store.Meeting(ctx, t.ID, mid)
	return t, m, err
}

func (h *Handler) renderMeeting(w http.ResponseWriter, r *http.Request, status int, v views.MeetingForm) {
	title := i18n.T(r.Context(), "tracks.new_meeting")
	if v.Meeting.ID != 0 {
		title = v.Meeting.Title
	}
	v.MaxMB = h.limits.MaxBytes >> 20
	httpx.Render(w, r, status, title, views.EditMeeting(v))
}

func (h *Handler) saveMeeting(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	t, err := h.track(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	m := model.Meeting{TrackID: t.ID, Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Zone: r.PostFormValue("zone"), OnlineURL: r.PostFormValue("online_url"), Place: r.PostFormValue("place"),
		Status: r.PostFormValue("status")}
	speakers, materials := postedSpeakers(r), postedMaterials(r)
	m.Speakers, m.Materials = filled(speakers), filled(materials)
	loc := m.Location()
	m.StartsAt, m.EndsAt = httpx.FormTime(r, "starts_at", loc), httpx.FormTime(r, "ends_at", loc)
	if chi.URLParam(r, "mid") != "" {
		if m.ID, err = httpx.IDParam(r, "mid"); err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	// "Add another" sends the form to be drawn again with one more blank row,
	// everything typed kept and nothing saved or judged yet.
	action := r.PostFormValue("action")
	var verr error
	if action == "" {
		verr = m.Validate()
	}
	if action != "" || verr != nil {
		if m.ID != 0 {
			// The form shown again lists the meeting's uploaded files too.
			stored, serr := h.store.Meeting(r.Context(), t.ID, m.ID)
			if serr != nil {
				httpx.Error(w, r, serr)
				return
			}
			m.Files = stored.Files
		}
		v := views.MeetingForm{Track: t, Meeting: m}
		status := http.StatusOK
		switch {
		case verr != nil:
			// The rows shown again are those filled in, so that an error's row
			// number is the row's place in the form.
			status, v.Errors = http.StatusUnprocessableEntity, verr.(model.Errors)
			v.Speakers = withBlank(m.Speakers, blankRows, model.MaxSpeakers)
			v.Materials = withBlank(m.Materials, blankRows, model.MaxMaterials)
		case action == "add-speaker":
			v.Speakers, v.Materials = withBlank(speakers, 1, model.MaxSpeakers), materials
		case action == "add-material":
			v.Speakers, v.Materials = speakers, withBlank(materials, 1, model.MaxMaterials)
		default:
			httpx.Error(w, r, httpx.ErrBadRequest)
			return
		}
		h.renderMeeting(w, r, status, v)
		return
	}
	if _, err := h.store.SaveMeeting(r.Context(), m, httpx.User(r).ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "tracks.meeting_saved")
	http.Redirect(w, r, "/manage/tracks/"+itoa64(t.ID), http.StatusSeeOther)
}
