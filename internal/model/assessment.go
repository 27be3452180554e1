package model

import (
	"math"
	"time"
)

// The five DigComp competence areas every assessment statement belongs to, in the
// order DigComp lists them.
const (
	AreaInformation    = "information"
	AreaCommunication  = "communication"
	AreaContent        = "content"
	AreaSafety         = "safety"
	AreaProblemSolving = "problem_solving"
)

// Areas lists the competence areas in DigComp's order.
var Areas = []string{AreaInformation, AreaCommunication, AreaContent, AreaSafety, AreaProblemSolving}

// The self-assessment scale: 1 very uncertain, 4 in the middle, 7 very confident.
const (
	ScaleMin = 1
	ScaleMid = 4
	ScaleMax = 7
)

// MinRespondents is the fewest different people whose answers an aggregate may show:
// below it, a group is small enough that a colleague could guess who answered what.
const MinRespondents = 5

// Statement is one statement of one version of the self-assessment.
type Statement struct {
	ID        int64
	VersionID int
	Position  int
	Area      string
	Text      map[string]string // by UI language
}

// TextIn returns the statement in lang, falling back to English.
func (s Statement) TextIn(lang string) string {
	if t := s.Text[lang]; t != "" {
		return t
	}
	return s.Text["en"]
}

// Attempt is one completed self-assessment with its mean per area.
type Attempt struct {
	ID          int64
	VersionID   int
	StartedAt   time.Time
	CompletedAt time.Time
	Scores      map[string]float64 // area -> mean of the area's answers
}

// Answer is one statement with the value given to it (0: not answered).
type Answer struct {
	Statement Statement
	Value     int
}

// Resource is learning material suggested for an area.
type Resource struct {
	ID              int64
	Title           string
	URL             string
	Kind            string // course, video, podcast
	DurationMinutes int
	Lang            string
	Area            string
}

// ScoreAreas returns the mean value per area of the answered statements.
func ScoreAreas(answers []Answer) map[string]float64 {
	sum, n := map[string]int{}, map[string]int{}
	for _, a := range answers {
		if a.Value >= ScaleMin && a.Value <= ScaleMax {
			sum[a.Statement.Area] += a.Value
			n[a.Statement.Area]++
		}
	}
	out := map[string]float64{}
	for area, c := range n {
		out[area] = float64(sum[area]) / float64(c)
	}
	return out
}

// StrongestWeakest returns the areas with the highest and the lowest score (ties:
// the first in DigComp order).
func StrongestWeakest(scores map[string]float64) (strong, weak string) {
	hi, lo := math.Inf(-1), math.Inf(1)
	for _, a := range Areas {
		v, ok := scores[a]
		if !ok {
			continue
		}
		if v > hi {
			hi, strong = v, a
		}
		if v < lo {
			lo, weak = v, a
		}
	}
	return strong, weak
}

// HalfYear is an assessment term: year*2 for January–June, year*2+1 for July–December.
type HalfYear int

// HalfYearOf returns the half-year t falls in.
func HalfYearOf(t time.Time) HalfYear {
	h := 0
	if t.Month() > time.June {
		h = 1
	}
	return HalfYear(t.Year()*2 + h)
}

// Year is the term's calendar year.
func (t HalfYear) Year() int { return int(t) / 2 }

// Autumn reports whether the term is the second half of its year.
func (t HalfYear) Autumn() bool { return int(t)%2 == 1 }

// AreaStat is the aggregate of one area in one term for one scope. When fewer than
// MinRespondents people answered, Shown is false and Mean and Dist are zero: the
// numbers never leave the store.
type AreaStat struct {
	Term        HalfYear
	Area        string
	Respondents int
	Shown       bool
	Withheld    string // when not Shown, the i18n id of why (too few, term still open, nested scope)
	Mean        float64
	Dist        [ScaleMax]int // answers per value 1..7
}

// Scope is a set of people an aggregate is computed over.
type Scope struct {
	Kind  string // organisation, municipality, region, programme
	Key   string // the organisation or programme id, or the municipality or region name
	Label string
}

// Param is the scope as it appears in a URL: kind:key.
func (s Scope) Param() string { return s.Kind + ":" + s.Key }

// HasTargets reports whether targets can be set for the scope.
func (s Scope) HasTargets() bool { return s.Kind == "organisation" || s.Kind == "programme" }

// Target is the level an organisation or programme aims for in an area.
type Target struct {
	Area  string
	Level float64
}
