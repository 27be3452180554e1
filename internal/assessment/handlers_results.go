package assessment

import (
	"net/http"
	"sort"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
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
	if h.extras.Recommend != nil && page.Latest != nil {
		if page.Recommended, err = h.recommend(r, page.Latest); err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "assessment.results_title"), views.Results(page))
}

// recommend asks the catalogue for material for the latest attempt's three weakest
// areas and three weakest statements (answered below the middle of the scale).
func (h *Handler) recommend(r *http.Request, latest *model.Attempt) ([]model.AreaMaterial, error) {
	ctx := r.Context()
	u := httpx.User(r)
	_, answers, err := h.store.Attempt(ctx, u.ID, latest.ID)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(answers, func(i, j int) bool { return answers[i].Value < answers[j].Value })
	var weak []int64
	for _, a := range answers {
		if len(weak) < 3 && a.Value >= model.ScaleMin && a.Value < model.ScaleMid {
			weak = append(weak, a.Statement.ID)
		}
	}
	areas := model.WeakestAreas(latest.Scores, 3)
	list, err := h.extras.Recommend(ctx, u.ID, i18n.Lang(ctx), areas, weak)
	found := false
	for i := range list {
		list[i].Score = latest.Scores[list[i].Area]
		found = found || len(list[i].Resources) > 0
	}
	if !found {
		// Until the catalogue has material for these areas, the built-in short list
		// is shown instead.
		return nil, err
	}
	return list, err
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
