package account

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/account"
	"spor/templates/components"
)

// OrganisationLister lists organisations for the admin's invitation form.
type OrganisationLister interface {
	OrganisationOptions(ctx context.Context) ([]model.Organisation, error)
}

// maxInvitees bounds one pasted batch (one transaction, one page of results).
const maxInvitees = 500

// ManageRoutes mounts /manage/invitations for admins and library contacts.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/invitations", func(r chi.Router) {
		r.Use(h.requireInviter)
		r.Get("/", h.invitations)
		r.Post("/", h.invite)
		r.Post("/{id}/resend", h.resend)
		r.Post("/{id}/revoke", h.revoke)
	})
}

// inviterScope is 0 for an admin (every organisation) or the library contact's own
// organisation.
type inviterScope struct{}

// requireInviter lets admins and library contacts through, remembering the
// organisation a library contact is limited to.
func (h *Handler) requireInviter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := httpx.User(r)
		if u == nil {
			httpx.Error(w, r, httpx.ErrForbidden)
			return
		}
		scope := int64(0)
		if u.Role != model.RoleAdmin {
			ok, err := h.store.LibraryContact(r.Context(), u.ID)
			if err != nil {
				httpx.Error(w, r, err)
				return
			}
			if !ok {
				httpx.Error(w, r, httpx.ErrForbidden)
				return
			}
			scope = u.OrganisationID
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), inviterScope{}, scope)))
	})
}

func scopeOf(r *http.Request) int64 { return r.Context().Value(inviterScope{}).(int64) }

func (h *Handler) invitePage(r *http.Request, v views.InvitePage) (views.InvitePage, error) {
	ctx := r.Context()
	scope := scopeOf(r)
	v.Admin = scope == 0
	if v.Lang == "" {
		v.Lang = i18n.Lang(ctx)
	}
	if v.Admin {
		orgs, err := h.orgs.OrganisationOptions(ctx)
		if err != nil {
			return v, err
		}
		v.Organisations = []components.Option{{Value: "", Label: i18n.T(ctx, "invite.choose_org")}}
		for _, o := range orgs {
			v.Organisations = append(v.Organisations, components.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	} else {
		v.OwnOrg = httpx.User(r).Organisation
	}
	list, err := h.store.Invitations(ctx, scope)
	for _, i := range list {
		v.Invitations = append(v.Invitations, views.Invitation{ID: i.ID, Email: i.Email, Name: i.Name, Organisation: i.Organisation,
			CreatedAt: i.CreatedAt, ExpiresAt: i.ExpiresAt, State: i.State})
	}
	return v, err
}

func (h *Handler) renderInvitations(w http.ResponseWriter, r *http.Request, status int, v views.InvitePage) {
	v, err := h.invitePage(r, v)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, status, i18n.T(r.Context(), "invite.title"), views.Invitations(v))
}

func (h *Handler) invitations(w http.ResponseWriter, r *http.Request) {
	h.renderInvitations(w, r, http.StatusOK, views.InvitePage{})
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	v := views.InvitePage{Addresses: r.PostFormValue("addresses"), Lang: r.PostFormValue("lang"), OrgID: r.PostFormValue("organisation_id"), Errors: model.Errors{}}
	orgID := scopeOf(r)
	if orgID == 0 {
		orgID = httpx.FormInt64(r, "organisation_id")
		if orgID <= 0 {
			v.Errors.Add("organisation_id", "invite.organisation.missing")
		}
	}
	if !i18n.Supported(v.Lang) {
		v.Errors.Add("lang", "account.lang.invalid")
	}
	people, bad, dupes := ParseInvitees(v.Addresses)
	switch {
	case len(people) == 0:
		v.Errors.Add("addresses", "invite.addresses.missing")
	case len(people) > maxInvitees:
		v.Errors.Add("addresses", "invite.addresses.too_many")
	}
	for i := range people {
		if utf8.RuneCountInString(people[i].Name) > 200 {
			people[i].Name = string([]rune(people[i].Name)[:200])
		}
	}
	if len(v.Errors) > 0 {
		h.renderInvitations(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	// A batch never mails an address twice (waiting invitations are skipped), so
	// only the batches per IP are limited here.
	if err := h.throttle(r, "invite", ""); err != nil {
		httpx.Error(w, r, err)
		return
	}
	res, err := h.store.Invite(ctx, orgID, httpx.User(r).ID, v.Lang, people)
	if errors.Is(err, database.ErrNotFound) {
		v.Errors.Add("organisation_id", "invite.organisation.missing")
		h.renderInvitations(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderInvitations(w, r, http.StatusOK, views.InvitePage{Done: true, Lang: v.Lang, OrgID: v.OrgID,
		Invited: res.Invited, Existing: res.Existing, Pending: res.Pending, Duplicates: dupes, Invalid: bad})
}

// loadInvitation reads {id} and checks it against the inviter's scope: a library
// contact may touch only their own organisation's invitations.
func (h *Handler) loadInvitation(w http.ResponseWriter, r *http.Request) (Invitation, bool) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return Invitation{}, false
	}
	inv, err := h.store.InvitationByID(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return inv, false
	}
	if scope := scopeOf(r); scope != 0 && inv.OrgID != scope {
		httpx.Error(w, r, httpx.ErrForbidden)
		return inv, false
	}
	return inv, true
}

func (h *Handler) resend(w http.ResponseWriter, r *http.Request) {
	inv, ok := h.loadInvitation(w, r)
	if !ok {
		return
	}
	if err := h.throttle(r, "invite", inv.Email); err != nil {
		httpx.Error(w, r, err)
		return
	}
	err := h.store.Resend(r.Context(), inv.ID, httpx.User(r).ID, i18n.Lang(r.Context()))
	if errors.Is(err, ErrNotPending) {
		err = httpx.ErrBadRequest
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "invite.resent")
	http.Redirect(w, r, "/manage/invitations", http.StatusSeeOther)
}

func (h *Handler) revoke(w http.ResponseWriter, r *http.Request) {
	inv, ok := h.loadInvitation(w, r)
	if !ok {
		return
	}
	err := h.store.Revoke(r.Context(), inv.ID)
	if errors.Is(err, ErrNotPending) {
		err = httpx.ErrBadRequest
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "invite.revoked")
	http.Redirect(w, r, "/manage/invitations", http.StatusSeeOther)
}

func (h *Handler) acceptForm(w http.ResponseWriter, r *http.Request) {
	t, ok := h.tokenPage(w, r, "invite")
	if !ok {
		return
	}
	f := views.ConfirmForm{Invite: true, Action: r.URL.Path, Email: t.Email, Organisation: t.Organisation, Name: t.Name, Lang: t.Lang}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "account.confirm.title"), views.Confirm(f))
}

func (h *Handler) accept(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	t, ok := h.tokenPage(w, r, "invite")
	if !ok {
		return
	}
	f := views.ConfirmForm{Invite: true, Action: r.URL.Path, Email: t.Email, Organisation: t.Organisation,
		Name: strings.TrimSpace(r.PostFormValue("name")), Lang: r.PostFormValue("lang"), Errors: model.Errors{}}
	p, ok := h.checkNewUser(r, &f)
	if !ok {
		httpx.Render(w, r, http.StatusUnprocessableEntity, i18n.T(r.Context(), "account.confirm.title"), views.Confirm(f))
		return
	}
	u, err := h.hashNewUser(r, f, p)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	userID, err := h.store.AcceptInvite(r.Context(), chi.URLParam(r, "token"), u)
	if errors.Is(err, ErrInvalidToken) {
		h.invalid(w, r, "invite")
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.logIn(w, r, userID, "account.confirm.done")
}
