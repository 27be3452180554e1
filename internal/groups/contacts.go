package groups

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
	views "spor/templates/groups"
)

func (h *Handler) newContact(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	c := model.Contact{GroupID: g.ID, Visibility: "public", CheckedOn: time.Now()}
	h.renderContact(w, r, http.StatusOK, g, c, nil)
}

func (h *Handler) editContact(w http.ResponseWriter, r *http.Request) {
	g, c, ok := h.contact(w, r)
	if !ok {
		return
	}
	h.renderContact(w, r, http.StatusOK, g, c, nil)
}

func (h *Handler) contact(w http.ResponseWriter, r *http.Request) (model.GroupRef, model.Contact, bool) {
	g, ok := h.editable(w, r)
	if !ok {
		return g, model.Contact{}, false
	}
	id, err := httpx.IDParam(r, "cid")
	if err != nil {
		httpx.Error(w, r, err)
		return g, model.Contact{}, false
	}
	c, err := h.store.Contact(r.Context(), g.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return g, c, false
	}
	return g, c, true
}

func (h *Handler) renderContact(w http.ResponseWriter, r *http.Request, status int, g model.GroupRef, c model.Contact, errs model.Errors) {
	httpx.Render(w, r, status, i18n.T(r.Context(), "contacts.title"), views.ContactEdit(views.ContactForm{Group: g, Contact: c, Errors: errs}))
}

func (h *Handler) saveContact(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	g, ok := h.editable(w, r)
	if !ok {
		return
	}
	c := model.Contact{
		GroupID:      g.ID,
		Name:         r.PostFormValue("name"),
		Role:         r.PostFormValue("role"),
		Organisation: r.PostFormValue("organisation"),
		Email:        r.PostFormValue("email"),
		Phone:        r.PostFormValue("phone"),
		Position:     int(httpx.FormInt64(r, "position")),
		Visibility:   r.PostFormValue("visibility"),
		CheckedOn:    httpx.FormDate(r, "checked_on"),
	}
	if chi.URLParam(r, "cid") != "" {
		id, err := httpx.IDParam(r, "cid")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		c.ID = id
	}
	if err := c.Validate(); err != nil {
		h.renderContact(w, r, http.StatusUnprocessableEntity, g, c, err.(model.Errors))
		return
	}
	if _, err := h.store.SaveContact(r.Context(), c); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "contacts.saved")
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}

func (h *Handler) confirmDeleteContact(w http.ResponseWriter, r *http.Request) {
	g, c, ok := h.contact(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	back := "/manage/groups/" + strconv.FormatInt(g.ID, 10)
	httpx.Render(w, r, http.StatusOK, i18n.T(ctx, "contacts.delete"),
		components.ConfirmDelete(i18n.T(ctx, "contacts.delete"), c.Name, back+"/contacts/"+strconv.FormatInt(c.ID, 10)+"/delete", back))
}

func (h *Handler) deleteContact(w http.ResponseWriter, r *http.Request) {
	g, c, ok := h.contact(w, r)
	if !ok {
		return
	}
	if err := h.store.DeleteContact(r.Context(), g.ID, c.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "contacts.deleted")
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}

// moveContact moves a contact one place up or down the group's list (dir=up|down).
func (h *Handler) moveContact(w http.ResponseWriter, r *http.Request) {
	g, c, ok := h.contact(w, r)
	if !ok {
		return
	}
	delta := 1
	switch r.PostFormValue("dir") {
	case "up":
		delta = -1
	case "down":
	default:
		httpx.Error(w, r, httpx.ErrBadRequest)
		return
	}
	if err := h.store.MoveContact(r.Context(), g.ID, c.ID, delta); err != nil {
		httpx.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/manage/groups/"+strconv.FormatInt(g.ID, 10)+"#m-contacts", http.StatusSeeOther)
}
