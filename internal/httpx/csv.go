package httpx

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// CSV builds a spreadsheet export the way Excel opens it with a double click in the
// page's language: UTF-8 with a byte-order mark (without it Excel reads æøå as
// Windows-1252), CRLF line ends, quoting where needed, and for Danish and Swedish the
// list separator ';' and a decimal comma (a ',' file opens in one column there);
// English gets ',' and a decimal point. Every export goes through it.
type CSV struct {
	buf     bytes.Buffer
	w       *csv.Writer
	decimal string
}

// CSVCell is one value of a row: text (neutralised against formulas) or a number
// the exporter formatted itself.
type CSVCell struct {
	v      string
	number bool
}

// NewCSV starts an export in the conventions of lang (da, sv or en).
func NewCSV(lang string) *CSV {
	c := &CSV{decimal: "."}
	c.buf.WriteString("\uFEFF")
	c.w = csv.NewWriter(&c.buf)
	c.w.UseCRLF = true
	if lang != "en" {
		c.w.Comma, c.decimal = ';', ","
	}
	return c
}

// Text is a cell of text from people (names, titles): see Neutralise.
func Text(s string) CSVCell { return CSVCell{v: s} }

// Int is a whole number cell.
func Int(n int) CSVCell { return CSVCell{v: strconv.Itoa(n), number: true} }

// Decimal is a number cell with prec decimals and the language's decimal mark.
func (c *CSV) Decimal(f float64, prec int) CSVCell {
	return CSVCell{v: strings.Replace(strconv.FormatFloat(f, 'f', prec, 64), ".", c.decimal, 1), number: true}
}

// Header writes a row of text cells.
func (c *CSV) Header(names ...string) {
	row := make([]CSVCell, len(names))
	for i, n := range names {
		row[i] = Text(n)
	}
	c.Row(row...)
}

// Row writes one row; an error is kept for Bytes.
func (c *CSV) Row(cells ...CSVCell) {
	rec := make([]string, len(cells))
	for i, cell := range cells {
		rec[i] = cell.v
		if !cell.number {
			rec[i] = Neutralise(cell.v)
		}
	}
	_ = c.w.Write(rec)
}

// Bytes ends the file and returns it.
func (c *CSV) Bytes() ([]byte, error) {
	c.w.Flush()
	return c.buf.Bytes(), c.w.Error()
}

// Serve sends the file as a private download named filename (see ExportName):
// personal data, so no cache keeps it.
func (c *CSV) Serve(w http.ResponseWriter, r *http.Request, filename string) {
	b, err := c.Bytes()
	if err != nil {
		Error(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8; header=present")
	hd.Set("Content-Disposition", Attachment(filename))
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(b)
}

// Neutralise keeps a spreadsheet from reading text as a formula (CSV injection): a
// cell starting with = + - @, a tab or CR gets a leading apostrophe, and so does every
// segment that a tool splitting naively on a separator or line break would cut out
// ("Bo;=1+1" becomes "Bo;'=1+1").
func Neutralise(s string) string {
	var b strings.Builder
	start := true
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if start && strings.IndexByte("=+-@\t\r", ch) >= 0 {
			b.WriteByte('\'')
		}
		b.WriteByte(ch)
		start = strings.IndexByte(";,\t\r\n", ch) >= 0
	}
	return b.String()
}

// ExportName names an export after what and whose it is, in the page's language:
// ExportName("deltagere", "Digital dannelse", day) is
// "deltagere-digital-dannelse-2026-12-03.csv".
func ExportName(what, whose string, day time.Time) string {
	return slug(what) + "-" + strings.TrimRight(TruncateUTF8(slug(whose), 60), "-") + "-" + day.Format("2006-01-02") + ".csv"
}

// slug lower-cases s and keeps letters and digits, one '-' for anything between.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}
