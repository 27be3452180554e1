package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// tools are the programs and files the browser checks need, found on this machine.
type tools struct {
	chromium string // the browser binary
	java     string // runs the Nu HTML Checker
	axe      string // axe.min.js, evaluated in each page
	vnu      string // vnu.jar
}

// findTools locates Chromium, Java, axe-core and vnu.jar. When something is missing
// the test is skipped with one line saying what to install, except under CI=true,
// where a skipped browser check would hide a broken set-up, so it fails instead.
func findTools(t *testing.T) tools {
	t.Helper()
	var tl tools
	var missing []string
	if p, err := exec.LookPath("chromium"); err == nil {
		tl.chromium = p
	} else {
		missing = append(missing, "chromium (sudo apt-get install chromium)")
	}
	if p, err := exec.LookPath("java"); err == nil {
		tl.java = p
	} else {
		missing = append(missing, "java (sudo apt-get install default-jre-headless)")
	}
	// go test runs in the package folder: the module root is two levels up.
	modules, _ := filepath.Abs(filepath.Join("..", "..", "web", "node_modules"))
	tl.axe = filepath.Join(modules, "axe-core", "axe.min.js")
	tl.vnu = filepath.Join(modules, "vnu-jar", "build", "dist", "vnu.jar")
	for _, f := range []string{tl.axe, tl.vnu} {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, fmt.Sprintf("%s (run: make deps, or cd web && npm ci)", f))
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("browser checks need %v", missing)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true, so this is a failure, not a skip")
		}
		t.Skip(msg)
	}
	return tl
}
