package auth

import "unicode/utf8"

// PasswordProblem returns "" when password is acceptable, otherwise the i18n id of
// what is wrong. (Minimal rule so this branch stands alone: at least 12 characters,
// no upper limit below 64, no composition rules; the full NIST policy replaces it.)
func PasswordProblem(password string, userInputs ...string) string {
	if utf8.RuneCountInString(password) < 12 {
		return "password.too_short"
	}
	return ""
}
