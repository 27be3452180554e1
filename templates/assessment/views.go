package assessment

import (
	"context"
	"sort"
	"strconv"

	"spor/internal/i18n"
	"spor/internal/model"
)

// TakePage is the form with every statement of one version.
type TakePage struct {
	VersionID  int
	Statements []model.Statement
	Values     map[int64]int // statement id -> value given so far
	Missing    []model.Statement
}

// FieldName is the form field of a statement: s7 for the seventh.
func FieldName(s model.Statement) string { return "s" + strconv.Itoa(s.Position) }

// Anchor is the id of a statement's fieldset: s-7 for the seventh.
func Anchor(s model.Statement) string { return "s-" + strconv.Itoa(s.Position) }

func (p TakePage) isMissing(s model.Statement) bool {
	for _, m := range p.Missing {
		if m.ID == s.ID {
			return true
		}
	}
	return false
}

// Section is the statements of one area, in the form's order, and how many of them
// are answered.
type Section struct {
	Area       string
	Statements []model.Statement
	Done       int
}

// Sections groups the statements by area, in the order the areas first appear.
func (p TakePage) Sections() []Section {
	var out []Section
	at := map[string]int{}
	for _, s := range p.Statements {
		i, ok := at[s.Area]
		if !ok {
			i = len(out)
			at[s.Area] = i
			out = append(out, Section{Area: s.Area})
		}
		out[i].Statements = append(out[i].Statements, s)
		if p.Values[s.ID] != 0 {
			out[i].Done++
		}
	}
	return out
}

func (p TakePage) answered() int {
	n := 0
	for _, s := range p.Statements {
		if p.Values[s.ID] != 0 {
			n++
		}
	}
	return n
}

// AreaRow is one area of the latest result.
type AreaRow struct {
	Area      string
	Score     float64
	HasChange bool
	Change    float64
}

// AreaResources is the learning material for one weak area.
type AreaResources struct {
	Area      string
	Score     float64
	Resources []model.Resource
}

// ResultsPage is one person's own results and progress.
type ResultsPage struct {
	Attempts    []model.Attempt // oldest first
	Latest      *model.Attempt
	Previous    *model.Attempt
	Rows        []AreaRow
	Strong      string
	Weak        string
	Suggestions []AreaResources
	// Recommended is the learning catalogue's material for the weakest areas (nil
	// without the catalogue: the fixed Suggestions are shown instead).
	Recommended []model.AreaMaterial
	Chart       LineChart
	ChartLabels []string // the x labels, one per attempt
}

// BuildResults turns the attempts (oldest first) and the resource list into the page:
// the latest result per area, its change since the previous attempt, the progress
// chart, and material for the weak areas (the weakest and any below the middle of
// the scale), in the reader's language first.
func BuildResults(ctx context.Context, attempts []model.Attempt, resources []model.Resource) ResultsPage {
	p := ResultsPage{Attempts: attempts}
	if len(attempts) == 0 {
		return p
	}
	p.Latest = &attempts[len(attempts)-1]
	if len(attempts) > 1 {
		p.Previous = &attempts[len(attempts)-2]
	}
	for _, area := range model.Areas {
		v, ok := p.Latest.Scores[area]
		if !ok {
			continue
		}
		row := AreaRow{Area: area, Score: v}
		if p.Previous != nil {
			if old, ok := p.Previous.Scores[area]; ok {
				row.HasChange, row.Change = true, v-old
			}
		}
		p.Rows = append(p.Rows, row)
	}
	p.Strong, p.Weak = model.StrongestWeakest(p.Latest.Scores)

	values := map[string][]*float64{}
	for i, a := range attempts {
		p.ChartLabels = append(p.ChartLabels, i18n.Date(ctx, a.CompletedAt))
		for _, area := range model.Areas {
			if len(values[area]) < i+1 {
				values[area] = append(values[area], make([]*float64, i+1-len(values[area]))...)
			}
			if v, ok := a.Scores[area]; ok {
				v := v
				values[area][i] = &v
			}
		}
	}
	p.Chart = NewLineChart(p.ChartLabels, values)

	lang := i18n.Lang(ctx)
	for _, row := range p.Rows {
		if row.Area != p.Weak && row.Score >= model.ScaleMid {
			continue
		}
		ar := AreaResources{Area: row.Area, Score: row.Score}
		for _, r := range resources {
			if r.Area == row.Area {
				ar.Resources = append(ar.Resources, r)
			}
		}
		sort.SliceStable(ar.Resources, func(i, j int) bool {
			return ar.Resources[i].Lang == lang && ar.Resources[j].Lang != lang
		})
		p.Suggestions = append(p.Suggestions, ar)
	}
	sort.SliceStable(p.Suggestions, func(i, j int) bool { return p.Suggestions[i].Score < p.Suggestions[j].Score })
	return p
}

// AttemptPage is one of the person's own attempts, answer by answer.
type AttemptPage struct {
	Attempt model.Attempt
	Answers []model.Answer
}

// ConfirmPage asks before deleting one attempt (AttemptID > 0) or all of them.
type ConfirmPage struct {
	Attempt *model.Attempt
	Count   int
}

func scoreOf(a *model.Attempt, area string) (float64, bool) {
	if a == nil {
		return 0, false
	}
	v, ok := a.Scores[area]
	return v, ok
}
