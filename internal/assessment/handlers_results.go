package assessment

import (
	"net/http"

	"spor/internal/httpx"
	"spor/internal/i18n"
	views "spor/templates/assessment"
)

// results shows the user's own results; the page is one round trip whatever the
// number of attempts.
func (h *Handler) results(w http.ResponseWriter, r *http.Request) {
	attempts, resources, err := h.store.Results(r.Context(), httpx.User(r).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	page := views.BuildResults(r.Context(), attempts, resources)
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "assessment.results_title"), views.Results(page))
}

func (h *Handler) attempt(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	a, answers, err := h.store.Attempt(r.Context(), httpx.User(r).ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "assessment.your_answers"), views.AttemptView(views.AttemptPage{Attempt: a, Answers: answers}))
}

func (h *Handler) confirmDelete(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	a, _, err := h.store.Attempt(r.Context(), httpx.User(r).ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "assessment.confirm_one_title"), views.Confirm(views.ConfirmPage{Attempt: &a}))
}

func (h *Handler) deleteOne(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.store.DeleteAttempt(r.Context(), httpx.User(r).ID, id); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "assessment.deleted_one")
	http.Redirect(w, r, "/assessment/results", http.StatusSeeOther)
}

func (h *Handler) confirmDeleteAll(w http.ResponseWriter, r *http.Request) {
	attempts, _, err := h.store.Results(r.Context(), httpx.User(r).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "assessment.confirm_all_title"), views.Confirm(views.ConfirmPage{Count: len(attempts)}))
}

func (h *Handler) deleteAll(w http.ResponseWriter, r *http.Request) {
	if _, err := h.store.DeleteAll(r.Context(), httpx.User(r).ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "assessment.deleted_all")
	http.Redirect(w, r, "/assessment/results", http.StatusSeeOther)
}
