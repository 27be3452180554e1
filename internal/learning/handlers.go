package learning

import (
	"net/http"
	"strconv"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/learning"
)

// PerPage is how many resources a catalogue page lists.
const PerPage = 20

// Handler serves the catalogue, resource pages, the learning record and management.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
}

// NewHandler returns the learning handler.
func NewHandler(store *Store, sessions *scs.SessionManager) *Handler {
	return &Handler{store: store, sessions: sessions}
}

// Routes mounts the public catalogue, progress and the learning record.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/learning", h.catalogue)
	r.Get("/learning/{slug}", h.resource)
	r.With(auth.RequireUser).Post("/learning/{slug}/progress", h.progress)
	r.With(auth.RequireUser).Post("/learning/{slug}/parts/{id}", h.part)
	r.With(auth.RequireUser).Get("/me/learning", h.record)
	r.With(auth.RequireUser).Get("/me/learning.csv", h.recordCSV)
}

// filterFrom reads the catalogue's filters from the URL; unknown values are ignored.
func filterFrom(r *http.Request) model.LearningFilter {
	q := r.URL.Query()
	pick := func(name string, allowed []string) string {
		if v := q.Get(name); model.Contains(allowed, v) {
			return v
		}
		return ""
	}
	f := model.LearningFilter{
		Kind:  pick("kind", model.LearningKinds),
		Lang:  pick("language", model.ContentLangs), // not "lang": that one switches the interface
		Level: pick("level", model.LearningLevels),
		Area:  pick("area", model.Areas),
		Sort:  pick("sort", model.LearningSorts),
		Staff: httpx.User(r) != nil,
	}
	if f.Sort == "" {
		f.Sort = model.LearningSorts[0]
	}
	if id, err := strconv.ParseInt(q.Get("programme"), 10, 64); err == nil && id > 0 {
		f.ProgrammeID = id
	}
	if n, err := strconv.Atoi(q.Get("max")); err == nil {
		for _, d := range model.LearningDurations {
			if n == d {
				f.MaxMinutes = n
			}
		}
	}
	return f
}

func (h *Handler) catalogue(w http.ResponseWriter, r *http.Request) {
	f := filterFrom(r)
	list, pg, facets, err := h.store.Catalogue(r.Context(), f, model.NewPager(httpx.PageParam(r), PerPage))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "learning.title"),
		views.Catalogue(views.CataloguePage{Filter: f, Resources: list, Pager: pg, Facets: facets}))
}

func userID(r *http.Request) int64 {
	if u := httpx.User(r); u != nil {
		return u.ID
	}
	return 0
}

func (h *Handler) resource(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := h.store.ResourceBySlug(ctx, chi.URLParam(r, "slug"), userID(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	u := httpx.User(r)
	canEdit := false
	if u.CanManage() {
		if canEdit, err = h.store.CanEdit(ctx, u, p.Resource.ID); err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	v := views.ResourcePage{Resource: p.Resource, Status: p.Status, Statements: p.Statements, LoggedIn: u != nil, CanEdit: canEdit}
	for _, us := range p.UsedIn {
		v.UsedIn = append(v.UsedIn, views.Usage(us))
	}
	httpx.Render(w, r, http.StatusOK, p.Resource.Title, views.Resource(v))
}

func (h *Handler) progress(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	status := r.PostFormValue("status")
	if status != "" && !model.Contains(model.ProgressStates, status) {
		httpx.Error(w, r, httpx.ErrBadRequest)
		return
	}
	slug := chi.URLParam(r, "slug")
	id, err := h.store.ResourceID(r.Context(), slug)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.SetProgress(r.Context(), httpx.User(r).ID, id, status); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "learning.progress_saved")
	http.Redirect(w, r, views.ResourceURL(slug), http.StatusSeeOther)
}

func (h *Handler) part(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	partID, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	slug := chi.URLParam(r, "slug")
	id, err := h.store.ResourceID(r.Context(), slug)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.SetPartDone(r.Context(), httpx.User(r).ID, id, partID, r.PostFormValue("done") == "1"); err != nil {
		httpx.Error(w, r, err)
		return
	}
	http.Redirect(w, r, views.ResourceURL(slug)+"#part-"+strconv.FormatInt(partID, 10), http.StatusSeeOther)
}

// record is the user's own learning record. It takes no user id from the URL, so
// nobody (coordinators and admins included) can ask for someone else's.
func (h *Handler) record(w http.ResponseWriter, r *http.Request) {
	rec, err := h.store.Record(r.Context(), httpx.User(r).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "learning.record_title"),
		views.Record(views.RecordPage{Entries: rec.Entries, Timeline: rec.Timeline}))
}

func (h *Handler) recordCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := httpx.User(r)
	rec, err := h.store.Record(ctx, u.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	c := httpx.NewCSV(i18n.Lang(ctx))
	c.Header(i18n.T(ctx, "learning.csv_date"), i18n.T(ctx, "learning.csv_what"), i18n.T(ctx, "learning.csv_title"),
		i18n.T(ctx, "learning.csv_state"), i18n.T(ctx, "learning.csv_link"))
	for _, t := range rec.Timeline {
		state := ""
		if t.State != "" {
			state = views.StateName(ctx, t.State)
		}
		c.Row(httpx.Text(i18n.ISODate(i18n.Local(ctx, t.At))), httpx.Text(i18n.T(ctx, "learning.timeline."+t.Kind)),
			httpx.Text(views.TimelineTitle(ctx, t)), httpx.Text(state), httpx.Text(t.URL))
	}
	c.Serve(w, r, httpx.ExportName(i18n.T(ctx, "learning.csv_name"), u.Name, today()))
}
