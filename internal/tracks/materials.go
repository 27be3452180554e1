package tracks

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	"spor/internal/upload"
	"spor/templates/components"
	views "spor/templates/tracks"
)

// Uploaded materials of meetings: the download on the track page and the
// coordinators' upload and delete on the meeting's page. The file is checked by
// internal/upload while it is read, like group documents.

// downloadMaterial serves an uploaded material to whoever may see the track page:
// everyone when the track is published, otherwise its coordinators and admins.
func (h *Handler) downloadMaterial(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	u := httpx.User(r)
	var uid int64
	if u != nil {
		uid = u.ID
	}
	ref, err := h.store.MaterialFile(r.Context(), chi.URLParam(r, "slug"), id, uid)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if !ref.Published && !u.IsAdmin() && !(ref.IsCoord && u.CanManage()) {
		httpx.Error(w, r, errNotFound)
		return
	}
	f := ref.File
	if chi.URLParam(r, "filename") != f.Filename {
		http.Redirect(w, r, views.FileURL(ref.TrackSlug, f), http.StatusMovedPermanently)
		return
	}
	httpx.ServeDownload(w, r, httpx.Download{Filename: f.Filename, ContentType: f.ContentType, SHA256: f.SHA256, Public: ref.Published, Modified: f.CreatedAt},
		func() ([]byte, error) { return h.store.FileData(r.Context(), f.ID) })
}

// uploadMaterial reads the form as a stream (upload.Form) once the meeting is known:
// a file over the limit stops the reading at once and nothing is stored.
func (h *Handler) uploadMaterial(w http.ResponseWriter, r *http.Request) {
	t, m, err := h.trackAndMeeting(r.Context(), r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	values, file, err := upload.Form(r, "file", h.limits)
	if upload.IsBadRequest(err) {
		httpx.Error(w, r, httpx.ErrBadRequest)
		return
	}
	mf := model.MaterialFile{MeetingID: m.ID, Title: values.Get("material_title")}
	errs := model.Errors{}
	if verr := mf.Validate(); verr != nil {
		errs = verr.(model.Errors)
	}
	v := meetingView(t, m)
	v.UploadTitle = mf.Title
	var ue *upload.Error
	switch {
	case errors.As(err, &ue) && ue.ID == upload.ErrTooLarge.ID:
		// The rest of the body is left unread; the connection is closed after this.
		w.Header().Set("Connection", "close")
		errs.Add("file", ue.ID)
		v.Errors = errs
		h.renderMeeting(w, r, http.StatusRequestEntityTooLarge, v)
		return
	case errors.As(err, &ue):
		errs.Add("file", ue.ID)
	case err != nil:
		httpx.Error(w, r, err)
		return
	}
	if len(errs) > 0 {
		v.Errors = errs
		h.renderMeeting(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	_, existing, err := h.store.CreateFile(r.Context(), mf, file, httpx.User(r).ID)
	if errors.Is(err, database.ErrConflict) {
		v.Errors, v.Duplicate = model.Errors{"file": "tracks.material_duplicate"}, &existing
		h.renderMeeting(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "tracks.material_uploaded")
	http.Redirect(w, r, meetingPath(t.ID, m.ID)+"#materials", http.StatusSeeOther)
}

// materialFile loads the track, the meeting and the uploaded file in the URL.
func (h *Handler) materialFile(w http.ResponseWriter, r *http.Request) (model.Track, model.Meeting, model.MaterialFile, bool) {
	t, m, err := h.trackAndMeeting(r.Context(), r)
	if err != nil {
		httpx.Error(w, r, err)
		return t, m, model.MaterialFile{}, false
	}
	fid, err := httpx.IDParam(r, "fid")
	if err != nil {
		httpx.Error(w, r, err)
		return t, m, model.MaterialFile{}, false
	}
	for _, f := range m.Files {
		if f.ID == fid {
			return t, m, f, true
		}
	}
	httpx.Error(w, r, database.ErrNotFound)
	return t, m, model.MaterialFile{}, false
}

func (h *Handler) confirmDeleteMaterial(w http.ResponseWriter, r *http.Request) {
	t, m, f, ok := h.materialFile(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	back := meetingPath(t.ID, m.ID)
	action := back + "/materials/" + itoa64(f.ID) + "/delete"
	httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "tracks.delete_material"),
		components.ConfirmDelete(i18n.T(ctx, "tracks.delete_material"), f.Title+" ("+f.Filename+")", action, back+"#materials"))
}

func (h *Handler) deleteMaterial(w http.ResponseWriter, r *http.Request) {
	t, m, f, ok := h.materialFile(w, r)
	if !ok {
		return
	}
	if err := h.store.DeleteFile(r.Context(), m.ID, f.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "tracks.material_deleted")
	http.Redirect(w, r, meetingPath(t.ID, m.ID)+"#materials", http.StatusSeeOther)
}

func meetingPath(trackID, meetingID int64) string {
	return "/manage/tracks/" + itoa64(trackID) + "/meetings/" + itoa64(meetingID)
}
