package auth

import (
	"context"
	"errors"
	"github.com/go-chi/chi/v5"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	authviews "spor/templates/auth"
)

// users lists users a page of 50 at a time, searched by name or email and filtered
// by organisation, role and library contacts; the filters are GET parameters, so a
// search can be bookmarked and works without JavaScript.
func (h *Handler) users(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	f := UserFilter{
		Query:        strings.TrimSpace(query.Get("q")),
		Role:         model.Role(query.Get("role")),
		ContactsOnly: query.Get("contacts") == "on",
		Pager:        model.NewPager(httpx.PageParam(r), 50),
	}
	if len([]rune(f.Query)) > 200 {
		f.Query = string([]rune(f.Query)[:200])
	}
	if !f.Role.Valid() {
		f.Role = ""
	}
	f.OrganisationID, _ = strconv.ParseInt(query.Get("org"), 10, 64)
	orgs, err := h.orgs.OrganisationOptions(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	users, total, err := h.store.Users(r.Context(), f)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	f.Pager.Total = total
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "users.title"), authviews.Users(authviews.UserList{
		Users: users, Query: f.Query, OrganisationID: f.OrganisationID, Role: string(f.Role), ContactsOnly: f.ContactsOnly,
		Organisations: orgs, Pager: f.Pager}))
}

func (h *Handler) newUser(w http.ResponseWriter, r *http.Request) {
	h.renderUserForm(w, r, http.StatusOK, model.UserForm{Role: model.RoleStaff, Lang: httpx.Lang(r)}, nil)
}

func (h *Handler) editUser(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	u, err := h.store.UserByID(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderUserForm(w, r, http.StatusOK, model.UserForm{ID: u.ID, Email: u.Email, Name: u.Name,
		OrganisationID: u.OrganisationID, Role: u.Role, Lang: u.Lang, Disabled: u.Disabled, LibraryContact: u.LibraryContact}, nil)
}

func (h *Handler) renderUserForm(w http.ResponseWriter, r *http.Request, status int, f model.UserForm, errs model.Errors) {
	orgs, err := h.orgs.OrganisationOptions(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	title := i18n.T(r.Context(), "users.new")
	if f.ID != 0 {
		title = i18n.T(r.Context(), "users.edit")
	}
	f.Password = "" // never echo a password back
	httpx.Render(w, r, status, title, authviews.UserEdit(authviews.UserForm{Form: f, Organisations: orgs, Errors: errs}))
}

// saveUser creates (no id in the URL) or updates a user.
func (h *Handler) saveUser(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	f := model.UserForm{
		Email:          r.PostFormValue("email"),
		Name:           r.PostFormValue("name"),
		OrganisationID: httpx.FormInt64(r, "organisation"),
		Role:           model.Role(r.PostFormValue("role")),
		Lang:           r.PostFormValue("lang"),
		Disabled:       httpx.FormBool(r, "disabled"),
		LibraryContact: httpx.FormBool(r, "library_contact"),
		Password:       r.PostFormValue("password"),
	}
	if chi.URLParam(r, "id") != "" {
		id, err := httpx.IDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		f.ID = id
	}
	if errs := ValidateUserForm(&f); len(errs) > 0 {
		h.renderUserForm(w, r, http.StatusUnprocessableEntity, f, errs)
		return
	}
	if f.ID != 0 && f.ID == httpx.User(r).ID && (f.Disabled || f.Role != model.RoleAdmin) {
		h.renderUserForm(w, r, http.StatusUnprocessableEntity, f, model.Errors{"role": "users.not_yourself"})
		return
	}
	ctx := r.Context()
	hash := ""
	if f.Password != "" {
		var err error
		if hash, err = HashPassword(ctx, f.Password); err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	var err error
	if f.ID == 0 {
		_, err = h.store.CreateUser(ctx, f, hash)
	} else {
		var endSessions bool
		if endSessions, err = h.store.UpdateUser(ctx, f, hash); err == nil && endSessions {
			err = h.endSessions(ctx, f.ID)
		}
	}
	if errors.Is(err, database.ErrConflict) {
		h.renderUserForm(w, r, http.StatusUnprocessableEntity, f, model.Errors{"email": "users.email_taken"})
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, ctx, "users.saved")
	http.Redirect(w, r, "/manage/users", http.StatusSeeOther)
}

// endSessions logs the user out everywhere except in the session making the change
// (an admin changing their own password stays signed in here). A role or password
// that changed must not live on in a browser that was signed in before.
func (h *Handler) endSessions(ctx context.Context, userID int64) error {
	n, err := h.store.DeleteSessions(ctx, userID, h.sessions.Token(ctx))
	if err == nil {
		slog.InfoContext(ctx, "sessions ended", "user_id", userID, "count", n)
	}
	return err
}
