// Package markdown renders the Markdown that coordinators write into HTML that is
// safe to show: goldmark renders it (raw HTML in the source is dropped), bluemonday's
// UGC policy then removes anything executable — <script>, on* attributes,
// javascript: and data: links — as a second, independent line of defence.
// Content is rendered once, on save, and stored beside its source.
//
// The output is bounded by the input: a GitHub-style table pads every row to the
// header's width and a reference link repeats its address at every use, so a few
// kilobytes can otherwise render to megabytes that are stored and served on every
// view. Source over the limits below is refused with ErrTooComplex.
package markdown

import (
	"bytes"
	"errors"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"spor/internal/model"
)

// Limits on what one text may contain; generous for real pages (a 40-row timetable
// of 8 columns is 320 cells).
const (
	MaxTableCells   = 2000 // all tables together, rows × columns
	MaxTableColumns = 20
	MaxDepth        = 20   // nested lists and quotes
	MaxBrackets     = 5000 // "[": unmatched ones cost the link parser quadratic time
	// The rendered HTML may be at most ratio × the source plus slack, and never
	// more than MaxOutput.
	outputRatio = 8
	outputSlack = 8 << 10
	MaxOutput   = 1 << 20
)

// ErrTooComplex means the source would render to too much HTML (huge tables, deep
// nesting, addresses repeated many times).
var ErrTooComplex = errors.New("markdown: too complex to show")

// TooComplexMessage is the i18n id of the field error for ErrTooComplex.
const TooComplexMessage = "error.markdown_too_complex"

var (
	md = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Table, extension.Strikethrough))

	policy = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(false)
		p.RequireNoReferrerOnLinks(true)
		p.AllowURLSchemes("http", "https", "mailto", "tel")
		return p
	})
)

// Render turns Markdown source into sanitised HTML, or ErrTooComplex.
func Render(source string) (string, error) {
	if !sourceWithinLimits(source) {
		return "", ErrTooComplex
	}
	src := []byte(source)
	doc := md.Parser().Parse(text.NewReader(src))
	if !withinLimits(doc) {
		return "", ErrTooComplex
	}
	limit := min(outputRatio*len(src)+outputSlack, MaxOutput)
	w := &limitWriter{max: limit}
	if err := md.Renderer().Render(w, src, doc); err != nil && !errors.Is(err, ErrTooComplex) {
		return "", err
	}
	if w.over {
		return "", ErrTooComplex
	}
	return Sanitize(w.buf.String()), nil
}

// RenderField is Render for a form: too complex a source becomes a field error on
// field, for the form to show again.
func RenderField(field, source string) (string, error) {
	html, err := Render(source)
	if errors.Is(err, ErrTooComplex) {
		return "", model.Errors{field: TooComplexMessage}
	}
	return html, err
}

// Sanitize removes everything executable from HTML with Spor's policy.
func Sanitize(html string) string { return policy().Sanitize(html) }

// sourceWithinLimits checks the source before it is parsed, in one pass, because
// goldmark's parser itself takes seconds on some inputs: a table's delimiter row
// decides how many cells every following row becomes, a line may open a quote or a
// list many times over, and thousands of "[" make the link parser quadratic.
func sourceWithinLimits(src string) bool {
	if strings.Count(src, "[") > MaxBrackets {
		return false
	}
	cells, cols := 0, 0 // cols > 0 while inside a table
	for line := range strings.Lines(src) {
		if strings.TrimSpace(line) == "" {
			cols = 0
			continue
		}
		if nestingDepth(line) > MaxDepth {
			return false
		}
		if cols > 0 {
			cells += cols
		} else if n := delimiterColumns(line); n > 0 {
			if n > MaxTableColumns {
				return false
			}
			cols = n
			cells += 2 * n // the header and the delimiter row
		}
		if cells > MaxTableCells {
			return false
		}
	}
	return true
}

// nestingDepth counts the quote and list markers that open a line ("> > - 1. x" is 4).
func nestingDepth(line string) int {
	depth := 0
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			depth++
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j + 2
				continue
			}
			return depth
		default:
			return depth
		}
	}
	return depth
}

// delimiterColumns returns the number of columns if line is a table's delimiter row
// ("|---|:--:|", "--- | ---"), otherwise 0.
func delimiterColumns(line string) int {
	t := strings.TrimSpace(line)
	if !strings.Contains(t, "-") || strings.Trim(t, "|:- \t") != "" {
		return 0
	}
	t = strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|")
	n := 0
	for cell := range strings.SplitSeq(t, "|") {
		if strings.Contains(cell, "-") {
			n++
		} else {
			return 0
		}
	}
	if n == 1 && !strings.Contains(line, "|") {
		return 0 // a lone "---" is a rule or a heading underline
	}
	return n
}

// withinLimits reports whether the document's tables and nesting stay in bounds.
func withinLimits(doc ast.Node) bool {
	cells, ok := 0, true
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if t, isTable := n.(*east.Table); isTable {
			cols := len(t.Alignments)
			cells += cols * t.ChildCount()
			if cols > MaxTableColumns || cells > MaxTableCells {
				ok = false
				return ast.WalkStop, nil
			}
			return ast.WalkSkipChildren, nil
		}
		if n.Kind() == ast.KindList || n.Kind() == ast.KindBlockquote {
			depth := 0
			for p := n; p != nil; p = p.Parent() {
				if p.Kind() == ast.KindList || p.Kind() == ast.KindBlockquote {
					depth++
				}
			}
			if depth > MaxDepth {
				ok = false
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return ok
}

// limitWriter keeps at most max bytes and then refuses more.
type limitWriter struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.over || w.buf.Len()+len(p) > w.max {
		w.over = true
		return 0, ErrTooComplex
	}
	return w.buf.Write(p)
}
