package assessment

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/assessment"
)

// scopeParam reads kind:key from the request (query or form); the default is the
// user's own organisation.
func scopeParam(r *http.Request, u *model.User) model.Scope {
	v := r.FormValue("scope")
	kind, key, ok := strings.Cut(v, ":")
	if !ok {
		return model.Scope{Kind: "organisation", Key: strconv.FormatInt(u.OrganisationID, 10)}
	}
	return model.Scope{Kind: kind, Key: key}
}

// load fetches the aggregate and checks that the user may see the scope: a scope
// outside their list is 403 and none of its numbers are used.
func (h *Handler) load(r *http.Request) (Aggregate, model.Scope, error) {
	u := httpx.User(r)
	scope := scopeParam(r, u)
	agg, err := h.store.Aggregate(r.Context(), u, scope)
	if err != nil {
		return agg, scope, err
	}
	scope, ok := agg.Allowed(scope)
	if !ok {
		return Aggregate{}, scope, httpx.ErrForbidden
	}
	return agg, scope, nil
}

func (h *Handler) manage(w http.ResponseWriter, r *http.Request) {
	agg, scope, err := h.load(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderManage(w, r, http.StatusOK, agg, scope, nil, nil)
}

func (h *Handler) renderManage(w http.ResponseWriter, r *http.Request, status int, agg Aggregate, scope model.Scope, errs model.Errors, input map[string]string) {
	p := views.BuildManage(r.Context(), agg.Stats, agg.Targets)
	p.Scopes, p.Scope = agg.Scopes, scope
	p.CanSetTargets = scope.HasTargets()
	p.Errors, p.TargetInput = errs, input
	httpx.Render(w, r, status, i18n.T(r.Context(), "assessment.manage_title"), views.Manage(p))
}

// saveTargets sets the targets of an organisation or programme the user may see:
// a coordinator only their own organisation and their programmes, admins any.
func (h *Handler) saveTargets(w http.ResponseWriter, r *http.Request) {
	if err := httpx.ParseForm(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	agg, scope, err := h.load(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if !scope.HasTargets() {
		httpx.Error(w, r, httpx.ErrBadRequest)
		return
	}
	errs := model.Errors{}
	input := map[string]string{}
	var targets []model.Target
	for _, area := range model.Areas {
		v := strings.TrimSpace(r.PostFormValue("target_" + area))
		input[area] = v
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil || f < model.ScaleMin || f > model.ScaleMax {
			errs.Add("target_"+area, "assessment.error.target")
			continue
		}
		targets = append(targets, model.Target{Area: area, Level: float64(int(f*10+0.5)) / 10})
	}
	if len(errs) > 0 {
		h.renderManage(w, r, http.StatusUnprocessableEntity, agg, scope, errs, input)
		return
	}
	if err := h.store.SaveTargets(r.Context(), scope, targets, httpx.User(r).ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.SetFlash(h.sessions, r.Context(), "assessment.targets_saved")
	http.Redirect(w, r, "/manage/assessment?scope="+scope.Param()+"#gap-h", http.StatusSeeOther)
}

// export writes the scope's aggregates as CSV through the one CSV writer: no names,
// e-mail addresses or ids of people, the cells of a term with too few respondents
// left empty, and a file name that says whose figures they are.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	agg, scope, err := h.load(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	ctx := r.Context()
	c := httpx.NewCSV(i18n.Lang(ctx))
	header := []string{i18n.T(ctx, "assessment.csv.scope"), i18n.T(ctx, "assessment.term"), i18n.T(ctx, "assessment.area"),
		i18n.T(ctx, "assessment.respondents"), i18n.T(ctx, "assessment.mean")}
	for v := model.ScaleMin; v <= model.ScaleMax; v++ {
		header = append(header, i18n.T(ctx, "assessment.csv.count", "Value", v))
	}
	c.Header(header...)
	for _, st := range agg.Stats {
		row := []httpx.CSVCell{httpx.Text(scope.Label), httpx.Text(views.TermLabel(ctx, st.Term)), httpx.Text(i18n.T(ctx, "assessment.area."+st.Area))}
		if !st.Shown {
			why := st.Withheld
			if why == "" {
				why = "assessment.too_few"
			}
			row = append(row, httpx.Text(i18n.T(ctx, why+"_short", "Min", model.MinRespondents)))
			for range model.ScaleMax - model.ScaleMin + 2 {
				row = append(row, httpx.Text(""))
			}
		} else {
			row = append(row, httpx.Int(st.Respondents), c.Decimal(st.Mean, 2))
			for _, n := range st.Dist {
				row = append(row, httpx.Int(n))
			}
		}
		c.Row(row...)
	}
	c.Serve(w, r, httpx.ExportName(i18n.T(ctx, "export.assessment"), scope.Label, time.Now().In(i18n.Zone(ctx))))
}
