package model

import "unicode/utf8"

// OneLineMessage is the i18n id of the error for a control character in a one-line
// field.
const OneLineMessage = "error.one_line"

// ValidLine reports whether s may be stored in a one-line field (a title, name,
// place, speaker): valid UTF-8 without CR, LF, tab or any other C0 control
// character or DEL. Such fields end up in mail subjects, iCalendar lines, CSV cells
// and HTTP headers, where a line break starts something new.
func ValidLine(s string) bool { return utf8.ValidString(s) && !hasControl(s) }

// OneLine records OneLineMessage for field when value is not a valid line. It is the
// one check every one-line field of every form goes through.
func (e Errors) OneLine(field string, values ...string) {
	for _, v := range values {
		if !ValidLine(v) {
			e.Add(field, OneLineMessage)
			return
		}
	}
}
