// Package assessment holds the self-assessment views: the form, one's results with a
// progress chart, one attempt, the delete confirmations and the aggregates.
package assessment

import (
	"context"
	"fmt"
	"spor/internal/i18n"
	"strconv"
	"strings"

	"spor/internal/model"
)

// Chart geometry, in SVG user units. The y axis runs from the scale's 1 (bottom)
// to 7 (top), so a point's height is the score itself, not a relative one.
const (
	chartW      = 640
	chartH      = 300
	chartLeft   = 40
	chartRight  = 20
	chartTop    = 16
	chartBottom = 40
)

// Point is one value drawn in a chart.
type Point struct {
	X, Y  float64
	Value float64
	Label string // the x label of the point (a date or a term)
}

// Series is one area's line.
type Series struct {
	Area   string
	Points []Point
}

// Tick is a labelled position on an axis.
type Tick struct {
	Pos    float64
	Label  string
	Anchor string // text-anchor of an x label: the outermost ones stay inside the chart
}

// LineChart is a server-rendered line chart of area scores over time.
type LineChart struct {
	Width, Height int
	Series        []Series
	XTicks        []Tick
	YTicks        []Tick
	Left, Right   float64
	Top, Bottom   float64
}

// ScoreY maps a value on the 1..7 scale to its y coordinate.
func ScoreY(v float64) float64 {
	return chartTop + (float64(model.ScaleMax)-v)/float64(model.ScaleMax-model.ScaleMin)*float64(chartH-chartTop-chartBottom)
}

// NewLineChart lays out one line per area over the x labels; values[area][i] is the
// value at label i, or nil where there is none (an area left out, a term hidden).
func NewLineChart(labels []string, values map[string][]*float64) LineChart {
	c := LineChart{Width: chartW, Height: chartH, Left: chartLeft, Right: chartW - chartRight, Top: chartTop, Bottom: chartH - chartBottom}
	step := 0.0
	if len(labels) > 1 {
		step = (c.Right - c.Left - 20) / float64(len(labels)-1)
	}
	x := func(i int) float64 {
		if len(labels) == 1 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + 10 + float64(i)*step
	}
	for i, l := range labels {
		anchor := "middle"
		if len(labels) > 1 && i == 0 {
			anchor = "start"
		} else if len(labels) > 1 && i == len(labels)-1 {
			anchor = "end"
		}
		c.XTicks = append(c.XTicks, Tick{Pos: x(i), Label: l, Anchor: anchor})
	}
	for v := model.ScaleMin; v <= model.ScaleMax; v++ {
		c.YTicks = append(c.YTicks, Tick{Pos: ScoreY(float64(v)), Label: strconv.Itoa(v)})
	}
	for _, area := range model.Areas {
		s := Series{Area: area}
		for i, v := range values[area] {
			if v != nil && i < len(labels) {
				s.Points = append(s.Points, Point{X: x(i), Y: ScoreY(*v), Value: *v, Label: labels[i]})
			}
		}
		if len(s.Points) > 0 {
			c.Series = append(c.Series, s)
		}
	}
	return c
}

// Polyline is the series' points attribute.
func (s Series) Polyline() string {
	parts := make([]string, len(s.Points))
	for i, p := range s.Points {
		parts[i] = coord(p.X) + "," + coord(p.Y)
	}
	return strings.Join(parts, " ")
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// Data formats a value for a data- attribute (machine-readable, dot decimal).
func Data(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// Score formats a score for people: one decimal, the language's decimal mark.
func Score(lang string, f float64) string {
	s := fmt.Sprintf("%.1f", f)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Change formats a difference with its sign (+0,4 / −0,2 / ±0,0).
func Change(lang string, f float64) string {
	s := Score(lang, abs(f))
	switch {
	case f >= 0.05:
		return "+" + s
	case f <= -0.05:
		return "−" + s
	default:
		return "±" + Score(lang, 0)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// GapBar is one area in the gap chart: the measured level as a bar, the target as a mark.
type GapBar struct {
	Area       string
	Y          float64
	Measured   float64
	Target     float64
	HasMeasure bool
	BarW       float64 // width of the measured bar
	TargetX    float64
	Gap        float64 // target − measured
}

// GapChart is a horizontal bar chart of measured level against target per area.
type GapChart struct {
	Width, Height int
	Left, Right   float64
	Bars          []GapBar
	XTicks        []Tick
}

// GapX maps a level on the 0..7 axis to its x coordinate in the gap chart.
func GapX(v float64) float64 { return gapLeft + v/float64(model.ScaleMax)*(gapW-gapLeft-20) }

// gapLabelChars is how many characters of an area's name fit left of the gap bars
// (gapLeft at the labels' 13px); longer names wrap onto a second line, never cut.
const gapLabelChars = 26

// WrapLabel breaks s at spaces into lines of at most max characters where it can;
// a single longer word keeps its own line whole (the chart's table has every name).
func WrapLabel(s string, max int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= max:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// duration says how long a resource takes as people say it: "45 minutter", "2
// timer", "10 t 30 min" rather than "630 minutter".
func duration(ctx context.Context, minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return i18n.T(ctx, "assessment.minutes", "Count", m)
	case m == 0:
		return i18n.T(ctx, "ux.hours", "Count", h)
	}
	return i18n.T(ctx, "ux.hours_minutes", "H", h, "M", m)
}

// lineDY is the vertical step of line i of a wrapped SVG label.
func lineDY(i int) string {
	if i == 0 {
		return "0"
	}
	return "14"
}

const (
	gapW    = 640
	gapLeft = 200
	gapRow  = 44
)

// NewGapChart lays out the gap bars for the areas that have a target.
func NewGapChart(rows []GapRow) GapChart {
	c := GapChart{Width: gapW, Left: gapLeft, Right: gapW - 20}
	for v := 0; v <= model.ScaleMax; v++ {
		c.XTicks = append(c.XTicks, Tick{Pos: GapX(float64(v)), Label: strconv.Itoa(v)})
	}
	for _, r := range rows {
		if !r.HasTarget {
			continue
		}
		b := GapBar{Area: r.Area, Y: float64(10 + len(c.Bars)*gapRow), Target: r.Target, TargetX: GapX(r.Target),
			HasMeasure: r.HasMeasure, Measured: r.Measured, Gap: r.Gap}
		if r.HasMeasure {
			b.BarW = GapX(r.Measured) - gapLeft
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = 10 + len(c.Bars)*gapRow + 30
	return c
}
