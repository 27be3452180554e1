package e2e

import (
	"github.com/chromedp/chromedp"
)

// Choose picks the option with value in the drop-down matching sel, as a person
// choosing from the list would (the change event fires).
func (b *Tab) Choose(sel, value string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Evaluate[chromedp.Void](`(function(){
		const s = document.querySelector(`+jsString(sel)+`);
		s.value = `+jsString(value)+`;
		if (s.value !== `+jsString(value)+`) throw new Error("no option " + `+jsString(value)+`);
		s.dispatchEvent(new Event("change", {bubbles: true}));
	})()`))
}

// Upload puts the files into the file input matching sel, as the file picker would.
func (b *Tab) Upload(sel string, files ...string) {
	b.t.Helper()
	b.Do(chromedp.SetUploadFiles(chromedp.CSS(sel), files))
}

// Flash is the confirmation message shown after an action, or "".
func (b *Tab) Flash() string { b.t.Helper(); return b.Text(".flash") }
