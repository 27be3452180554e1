package events

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/mail"
	"spor/internal/model"
	views "spor/templates/events"
)

// ManageRoutes mounts /manage/events. The /manage group already requires a login;
// each handler checks the user against the event's group (auth.CanEditGroup).
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/events", func(r chi.Router) {
		r.Get("/", h.manageList)
		r.Get("/new", h.newForm)
		r.Post("/", h.create)
		r.Get("/{id}/edit", h.editForm)
		r.Post("/{id}/edit", h.update)
		r.Post("/{id}/duplicate", h.duplicate)
		r.Post("/{id}/cancel", h.cancelEvent)
		r.Get("/{id}/participants", h.participants)
		r.With(httpx.Conditional).Get("/{id}/participants.csv", h.participantsCSV)
		r.Post("/{id}/participants/{reg}/promote", h.promote)
		r.Post("/{id}/attendance", h.attendance)
		r.Post("/{id}/message", h.message)
	})
}

func manageURL(id int64, rest string) string {
	return "/manage/events/" + strconv.FormatInt(id, 10) + rest
}

// requireGroup refuses anyone who may not edit the group.
func (h *Handler) requireGroup(r *http.Request, groupID int64) error {
	ok, err := auth.CanEditGroup(r.Context(), h.store.db, httpx.User(r), groupID)
	if err != nil {
		return err
	}
	if !ok {
		return httpx.ErrForbidden
	}
	return nil
}

// editable loads the event of the URL and checks the user may edit it.
func (h *Handler) editable(r *http.Request) (model.Event, error) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		return model.Event{}, err
	}
	e, err := h.store.Event(r.Context(), id)
	if err != nil {
		return e, err
	}
	return e, h.requireGroup(r, e.GroupID)
}

func (h *Handler) manageList(w http.ResponseWriter, r *http.Request) {
	list, groups, err := h.store.ManagedEvents(r.Context(), httpx.User(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "events.manage.title"),
		views.ManageList(views.ManageListView{Events: list, Groups: groups}))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	groupID, _ := strconv.ParseInt(r.URL.Query().Get("group"), 10, 64)
	g, err := h.store.Group(r.Context(), groupID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.requireGroup(r, g.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	zone := model.ZoneLocation(model.EventZones[0])
	start := time.Now().In(zone).AddDate(0, 0, 14).Truncate(time.Hour)
	start = time.Date(start.Year(), start.Month(), start.Day(), 10, 0, 0, 0, zone)
	e := model.Event{GroupID: g.ID, GroupSlug: g.Slug, GroupTitle: g.Title, Zone: zone.String(), Lang: i18n.Lang(r.Context()),
		Audience: "public", Status: "draft", StartsAt: start, EndsAt: start.Add(2 * time.Hour), RemindDays: 1}
	h.renderForm(w, r, http.StatusOK, e, nil)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, e model.Event, errs model.Errors) {
	title := i18n.T(r.Context(), "events.form.new")
	if e.ID != 0 {
		title = i18n.T(r.Context(), "events.form.edit")
	}
	httpx.Render(w, r, status, title, views.Form(views.FormView{Event: e, Errors: errs}))
}

// parseEvent reads the event form; times are in the zone the form names.
func parseEvent(r *http.Request, e *model.Event) {
	e.Title = r.PostFormValue("title")
	e.DescriptionMD = strings.ReplaceAll(r.PostFormValue("description"), "\r\n", "\n")
	e.Zone = r.PostFormValue("zone")
	loc := model.ZoneLocation(e.Zone)
	e.AllDay = httpx.FormBool(r, "all_day")
	e.StartsAt = httpx.FormTime(r, "starts_at", loc)
	e.EndsAt = httpx.FormTime(r, "ends_at", loc)
	if e.AllDay {
		day := func(t time.Time) time.Time {
			if t.IsZero() {
				return t
			}
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		}
		e.StartsAt, e.EndsAt = day(e.StartsAt), day(e.EndsAt)
	}
	e.Place = r.PostFormValue("place")
	e.OnlineURL = r.PostFormValue("online_url")
	e.Lang = r.PostFormValue("lang")
	e.Audience = r.PostFormValue("audience")
	e.Status = r.PostFormValue("status")
	e.Capacity = int(httpx.FormInt64(r, "capacity"))
	e.OrgCap = int(httpx.FormInt64(r, "org_cap"))
	// A form without the field (an older page) keeps the event's setting.
	if v := r.PostFormValue("remind_days"); v != "" {
		e.RemindDays = int(httpx.FormInt64(r, "remind_days"))
	} else if e.ID == 0 {
		e.RemindDays = 1
	}
	e.RegistrationOpens, e.RegistrationCloses = nil, nil
	if t := httpx.FormTime(r, "registration_opens", loc); !t.IsZero() {
		e.RegistrationOpens = &t
	}
	if t := httpx.FormTime(r, "registration_closes", loc); !t.IsZero() {
		e.RegistrationCloses = &t
	}
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	g, err := h.store.Group(r.Context(), httpx.FormInt64(r, "group"))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.requireGroup(r, g.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	e := model.Event{GroupID: g.ID, GroupSlug: g.Slug, GroupTitle: g.Title}
	parseEvent(r, &e)
	if err := e.Validate(); err != nil {
		h.renderForm(w, r, http.StatusUnprocessableEntity, e, err.(model.Errors))
		return
	}
	id, err := h.store.CreateEvent(r.Context(), e, httpx.User(r).ID)
	if invalid := (model.Errors{}); errors.As(err, &invalid) {
		h.renderForm(w, r, http.StatusUnprocessableEntity, e, invalid)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "events.flash.saved")
	http.Redirect(w, r, eventURL(id), http.StatusSeeOther)
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, e, nil)
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err == nil {
		err = httpx.ParseForm(w, r)
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	parseEvent(r, &e)
	if err := e.Validate(); err != nil {
		h.renderForm(w, r, http.StatusUnprocessableEntity, e, err.(model.Errors))
		return
	}
	if err := h.store.UpdateEvent(r.Context(), e); err != nil {
		if invalid := (model.Errors{}); errors.As(err, &invalid) {
			h.renderForm(w, r, http.StatusUnprocessableEntity, e, invalid)
			return
		}
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "events.flash.saved")
	http.Redirect(w, r, eventURL(e.ID), http.StatusSeeOther)
}

func (h *Handler) duplicate(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	id, err := h.store.DuplicateEvent(r.Context(), e.ID, httpx.User(r).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "events.flash.duplicated")
	http.Redirect(w, r, manageURL(id, "/edit"), http.StatusSeeOther)
}

func (h *Handler) cancelEvent(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.CancelEvent(r.Context(), e.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "events.flash.event_cancelled")
	http.Redirect(w, r, eventURL(e.ID), http.StatusSeeOther)
}

func (h *Handler) participants(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderParticipants(w, r, http.StatusOK, e, "", nil)
}

// renderParticipants shows the participants page, with the message form's text and
// errors when a message was refused.
func (h *Handler) renderParticipants(w http.ResponseWriter, r *http.Request, status int, e model.Event, text string, errs model.Errors) {
	list, err := h.store.Participants(r.Context(), e.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	sent, err := h.store.SentMails(r.Context(), e.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, status, i18n.T(r.Context(), "events.participants.title"),
		views.Participants(views.ParticipantsView{Event: e, Participants: list, Started: !h.now().Before(e.StartsAt), Sent: sent,
			Message: text, Errors: errs}))
}

// message sends a coordinator's short message to the confirmed participants.
func (h *Handler) message(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err == nil {
		err = httpx.ParseForm(w, r)
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	text, problem := mail.MessageText(r.PostFormValue("message"))
	if problem != "" {
		h.renderParticipants(w, r, http.StatusUnprocessableEntity, e, text, model.Errors{"message": problem})
		return
	}
	if _, err := h.store.SendMessage(r.Context(), e.ID, httpx.User(r).Name, text, h.now()); err != nil {
		if err == ErrTooManyMessages {
			w.Header().Set("Retry-After", strconv.Itoa(mail.RetryAfter(h.now())))
			h.renderParticipants(w, r, http.StatusTooManyRequests, e, text, model.Errors{"message": "notify.message.too_many"})
			return
		}
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "notify.message.sent")
	http.Redirect(w, r, manageURL(e.ID, "/participants"), http.StatusSeeOther)
}

func (h *Handler) promote(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	regID, err := httpx.IDParam(r, "reg")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.Promote(r.Context(), e.ID, regID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "events.flash.promoted")
	http.Redirect(w, r, manageURL(e.ID, "/participants"), http.StatusSeeOther)
}

func (h *Handler) attendance(w http.ResponseWriter, r *http.Request) {
	e, err := h.editable(r)
	if err == nil {
		err = httpx.ParseForm(w, r)
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	var ids []int64
	for _, s := range r.PostForm["attended"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if err := h.store.SetAttendance(r.Context(), e.ID, ids); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "events.flash.attendance")
	http.Redirect(w, r, manageURL(e.ID, "/participants"), http.StatusSeeOther)
}
