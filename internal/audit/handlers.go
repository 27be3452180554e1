package audit

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	auditviews "spor/templates/audit"
)

// Handler serves /manage/audit (admins only).
type Handler struct{ store *Store }

// NewHandler returns the audit log pages.
func NewHandler(store *Store) *Handler { return &Handler{store: store} }

// ManageRoutes mounts /manage/audit.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/audit", func(r chi.Router) {
		r.Use(auth.RequireRole(model.RoleAdmin))
		r.Get("/", h.list)
		r.Get("/audit.csv", h.csv)
	})
}

// RecordActor credits every database write a request makes under /manage to the
// signed-in user (see database.WithActor). Reads are left alone: they change
// nothing, and a clean connection costs no extra round trip.
func RecordActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := httpx.User(r); u != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
			r = r.WithContext(database.WithActor(r.Context(), u.ID))
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) filter(r *http.Request) (Filter, auditviews.Filter) {
	q := r.URL.Query()
	v := auditviews.Filter{Person: strings.TrimSpace(q.Get("person")), Kind: q.Get("kind"),
		From: q.Get("from"), To: q.Get("to"), Kinds: Kinds}
	if len([]rune(v.Person)) > 200 {
		v.Person = string([]rune(v.Person)[:200])
	}
	if !slices.Contains(Kinds, v.Kind) {
		v.Kind = ""
	}
	f := Filter{Person: v.Person, Kind: v.Kind, Pager: model.NewPager(httpx.PageParam(r), 50)}
	zone := i18n.Zone(r.Context())
	if t, err := time.ParseInLocation("2006-01-02", v.From, zone); err == nil {
		f.From = t
	} else {
		v.From = ""
	}
	if t, err := time.ParseInLocation("2006-01-02", v.To, zone); err == nil {
		f.To = t
	} else {
		v.To = ""
	}
	return f, v
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	f, v := h.filter(r)
	entries, total, err := h.store.Entries(r.Context(), f)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	f.Pager.Total = total
	v.Pager = f.Pager
	for _, e := range entries {
		v.Entries = append(v.Entries, view(e))
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "audit.title"), auditviews.Log(v))
}

func view(e Entry) auditviews.Entry {
	return auditviews.Entry{At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, Action: e.Action,
		Kind: e.Kind, RecordID: e.RecordID, Fields: strings.Join(e.Fields, ", ")}
}

// csv exports every entry the filters match (up to ExportLimit) through the one CSV writer.
func (h *Handler) csv(w http.ResponseWriter, r *http.Request) {
	f, _ := h.filter(r)
	ctx := r.Context()
	out := httpx.NewCSV(httpx.Lang(r))
	out.Header(i18n.T(ctx, "audit.when"), i18n.T(ctx, "audit.actor_id"), i18n.T(ctx, "audit.actor"),
		i18n.T(ctx, "audit.action"), i18n.T(ctx, "audit.kind"), i18n.T(ctx, "audit.record"), i18n.T(ctx, "audit.fields"))
	err := h.store.Each(ctx, f, func(e Entry) error {
		actorID, actor := "", i18n.T(ctx, "audit.system")
		if e.ActorID != nil {
			actorID = strconv.FormatInt(*e.ActorID, 10)
			actor = e.ActorName
		}
		out.Row(httpx.Text(i18n.Local(ctx, e.At).Format("2006-01-02 15:04:05 -07:00")), httpx.Text(actorID), httpx.Text(actor),
			httpx.Text(i18n.T(ctx, "audit.action."+e.Action)), httpx.Text(e.Kind), httpx.Text(e.RecordID), httpx.Text(strings.Join(e.Fields, " ")))
		return nil
	})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	out.Serve(w, r, httpx.ExportName(i18n.T(ctx, "audit.export_name"), "spor", time.Now().In(i18n.Zone(ctx))))
}
