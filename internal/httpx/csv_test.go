package httpx_test

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"spor/internal/httpx"
)

// formulaStart reports whether a spreadsheet would read s as a formula.
func formulaStart(s string) bool { return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) }

func TestCSVConventions(t *testing.T) {
	names := []string{"Bo;=1+1", "=HYPERLINK(\"http://x\")", "+45 12", "Ann\n@SUM(A1)", "Åse, -2", "Søren \"Sø\" Ølby"}
	for _, tc := range []struct {
		lang  string
		comma rune
		mean  string
		negIn string
	}{
		{"da", ';', "3,25", "-1,50"},
		{"sv", ';', "3,25", "-1,50"},
		{"en", ',', "3.25", "-1.50"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := httpx.NewCSV(tc.lang)
			c.Header("Navn", "Gennemsnit", "Ændring", "Antal")
			for _, n := range names {
				c.Row(httpx.Text(n), c.Decimal(3.249999, 2), c.Decimal(-1.5, 2), httpx.Int(7))
			}
			b, err := c.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			body := string(b)
			if !strings.HasPrefix(body, "\uFEFF") {
				t.Fatal("no byte-order mark")
			}
			if strings.Count(body, "\r\n") < len(names)+1 || strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\r") {
				t.Errorf("line ends not CRLF: %q", body)
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
			r.Comma = tc.comma
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(names)+1 || len(rows[0]) != 4 || rows[0][2] != "Ændring" {
				t.Fatalf("rows %q", rows)
			}
			for i, row := range rows[1:] {
				if row[1] != tc.mean || row[2] != tc.negIn || row[3] != "7" {
					t.Errorf("numbers %q, want %s %s 7", row, tc.mean, tc.negIn)
				}
				if formulaStart(row[0]) || strings.ReplaceAll(row[0], "'", "") != names[i] {
					t.Errorf("name %q from %q", row[0], names[i])
				}
			}
			// A naive reader that splits lines on separators and line breaks.
			for _, line := range strings.FieldsFunc(body, func(r rune) bool { return r == '\n' || r == '\r' }) {
				for _, seg := range strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == ',' }) {
					seg = strings.TrimPrefix(seg, `"`)
					if _, err := strconv.ParseFloat(strings.Replace(seg, ",", ".", 1), 64); formulaStart(seg) && err != nil {
						t.Errorf("naive split yields formula cell %q in %q", seg, line)
					}
				}
			}
		})
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"Bo;=1+1":      "Bo;'=1+1",
		"=1+1":         "'=1+1",
		"Ida Eksempel": "Ida Eksempel",
		"a,@b":         "a,'@b",
		"x\n-3":        "x\n'-3",
		"\tTab":        "'\tTab",
		"Ærø-Marstal":  "Ærø-Marstal",
	} {
		if got := httpx.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExportName(t *testing.T) {
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ what, whose, want string }{
		{"deltagere", "Digital dannelse: kick-off!", "deltagere-digital-dannelse-kick-off-2026-12-03.csv"},
		{"närvaro", "Dalaspåret", "närvaro-dalaspåret-2026-12-03.csv"},
		{"participants", "???", "participants-x-2026-12-03.csv"},
	} {
		if got := httpx.ExportName(tc.what, tc.whose, day); got != tc.want {
			t.Errorf("ExportName(%q, %q) = %q, want %q", tc.what, tc.whose, got, tc.want)
		}
	}
}
