package e2e

import (
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeRun runs the WCAG 2.0 and 2.1 rules of levels A and AA and keeps the serious
// and critical violations.
const axeRun = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
	resultTypes: ["violations"]
}).then(r => r.violations
	.filter(v => v.impact === "serious" || v.impact === "critical")
	.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200)}))})))`

// violation is one failed axe-core rule with the elements that fail it.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target string `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// CheckAxe runs axe-core in the page shown now and fails the test on any serious
// or critical violation of WCAG 2.1 A or AA. axe-core is read from web/node_modules
// and evaluated in the page, never fetched from anywhere.
func (b *Tab) CheckAxe() {
	b.t.Helper()
	if !Eval[bool](b, `typeof axe !== "undefined"`) {
		Run(b, chromedp.Evaluate[chromedp.Void](b.e.axe))
	}
	vs := Run(b, chromedp.Evaluate[[]violation](axeRun, chromedp.EvalAwaitPromise))
	for _, v := range vs {
		var nodes []string
		for _, n := range v.Nodes {
			nodes = append(nodes, fmt.Sprintf("      %s\n        %s", n.Target, n.HTML))
		}
		b.t.Errorf("axe %s (%s): %s\n%s", v.ID, v.Impact, v.Help, strings.Join(nodes, "\n"))
	}
}
