package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"os/exec"
	"sort"
	"testing"
	"time"
)

// vnuMessage is one message of the Nu HTML Checker's JSON report.
type vnuMessage struct {
	Type        string `json:"type"`
	URL         string `json:"url"`
	Line        int    `json:"lastLine"`
	Column      int    `json:"firstColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
	SubType     string `json:"subType"`
	HiliteStart int    `json:"hiliteStart"`
}

// checkHTML runs the Nu HTML Checker once (one JVM start) over every saved page and
// fails on any error, naming the page, language, line and the markup around it.
func checkHTML(t *testing.T, e *Env, files map[string]string) {
	if len(files) == 0 {
		t.Fatal("no pages to check")
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	start := time.Now()
	args := append([]string{"-jar", e.tools.vnu, "--errors-only", "--format", "json"}, names...)
	cmd := exec.CommandContext(t.Context(), e.tools.java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run the HTML checker: %v", err)
	}
	var report struct{ Messages []vnuMessage }
	if jerr := json.Unmarshal(stderr.Bytes(), &report); jerr != nil {
		t.Fatalf("HTML checker: unreadable report (%v):\n%s%s", jerr, stdout.String(), stderr.String())
	}
	t.Logf("HTML checker: %d documents in %v", len(names), time.Since(start).Round(time.Millisecond))
	for _, m := range report.Messages {
		if m.Type != "error" && !(m.Type == "non-document-error") {
			continue
		}
		page := m.URL
		if u, err := url.Parse(m.URL); err == nil && files[u.Path] != "" {
			page = files[u.Path]
		}
		t.Errorf("%s:%d:%d: %s\n      %q", page, m.Line, m.Column, m.Message, m.Extract)
	}
	if err != nil && !t.Failed() {
		t.Fatalf("HTML checker exited with %v:\n%s", err, stderr.String())
	}
}
