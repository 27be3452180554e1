package assessment

import (
	"context"

	"spor/internal/i18n"
	"spor/internal/model"
)

// TermStats is one term of an aggregate: a stat per area, in DigComp order.
type TermStats struct {
	Term  model.HalfYear
	Label string
	Stats []model.AreaStat
}

// Shown reports whether the term had enough respondents to show.
func (t TermStats) Shown() bool { return len(t.Stats) > 0 && t.Stats[0].Shown }

// Withheld is the i18n id of why a term's numbers are not shown.
func (t TermStats) Withheld() string {
	if len(t.Stats) == 0 || t.Stats[0].Withheld == "" {
		return "assessment.too_few"
	}
	return t.Stats[0].Withheld
}

// Respondents is how many different people answered in the term.
func (t TermStats) Respondents() int {
	if len(t.Stats) == 0 {
		return 0
	}
	return t.Stats[0].Respondents
}

// GapRow is one area's target against the level measured in the latest shown term.
type GapRow struct {
	Area       string
	HasTarget  bool
	Target     float64
	HasMeasure bool
	Measured   float64
	Gap        float64 // target − measured
}

// ManagePage is the aggregate view for one scope.
type ManagePage struct {
	Scopes        []model.Scope
	Scope         model.Scope
	Terms         []TermStats // oldest first
	Chart         LineChart
	Gap           []GapRow
	GapChart      GapChart
	GapTerm       string // label of the term the gap is measured in
	CanSetTargets bool
	Targets       map[string]float64
	Errors        model.Errors
	TargetInput   map[string]string // what was typed, when the form is shown again
}

// TermLabel names a term in the language of ctx: "Efterår 2025", "Hösten 2025", "H2 2025".
func TermLabel(ctx context.Context, t model.HalfYear) string {
	if t.Autumn() {
		return i18n.T(ctx, "assessment.term.autumn", "Year", t.Year())
	}
	return i18n.T(ctx, "assessment.term.spring", "Year", t.Year())
}

// BuildManage groups the stats by term, draws the means over time, and measures the
// gap against the targets in the latest term that has enough respondents.
func BuildManage(ctx context.Context, stats []model.AreaStat, targets []model.Target) ManagePage {
	var p ManagePage
	byTerm := map[model.HalfYear]int{}
	for _, s := range stats {
		i, ok := byTerm[s.Term]
		if !ok {
			i = len(p.Terms)
			byTerm[s.Term] = i
			p.Terms = append(p.Terms, TermStats{Term: s.Term, Label: TermLabel(ctx, s.Term)})
		}
		p.Terms[i].Stats = append(p.Terms[i].Stats, s)
	}
	labels := make([]string, len(p.Terms))
	values := map[string][]*float64{}
	for i, t := range p.Terms {
		labels[i] = t.Label
		for _, area := range model.Areas {
			values[area] = append(values[area], nil)
		}
		for _, s := range t.Stats {
			if s.Shown {
				v := s.Mean
				values[s.Area][i] = &v
			}
		}
	}
	p.Chart = NewLineChart(labels, values)

	p.Targets = map[string]float64{}
	for _, t := range targets {
		p.Targets[t.Area] = t.Level
	}
	var measured map[string]float64
	for i := len(p.Terms) - 1; i >= 0 && measured == nil; i-- {
		if p.Terms[i].Shown() {
			measured = map[string]float64{}
			for _, s := range p.Terms[i].Stats {
				measured[s.Area] = s.Mean
			}
			p.GapTerm = p.Terms[i].Label
		}
	}
	for _, area := range model.Areas {
		r := GapRow{Area: area}
		r.Target, r.HasTarget = p.Targets[area]
		r.Measured, r.HasMeasure = measured[area]
		if r.HasTarget && r.HasMeasure {
			r.Gap = r.Target - r.Measured
		}
		p.Gap = append(p.Gap, r)
	}
	p.GapChart = NewGapChart(p.Gap)
	return p
}
