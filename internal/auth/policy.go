package auth

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"

	"spor/internal/model"
)

// Password rules after NIST SP 800-63B §5.1.1.2: a minimum length, a generous
// maximum, no composition rules (they make passwords harder to remember, not to
// guess), and a check against common and guessable passwords, including ones built
// from the person's own name and address.
const (
	// MaxPasswordLen bounds the work of hashing and checking; NIST asks that at
	// least 64 characters be accepted.
	MaxPasswordLen = 256
	// strengthPrefix is how much of a password zxcvbn looks at. Its matching grows
	// faster than linearly with length (about 1 ms at 20 characters, tens of ms at
	// 100 on these machines); 64 characters are more than any guessable password
	// needs to be recognised, and the rest of a longer one only adds strength.
	strengthPrefix = 64
	// minScore is zxcvbn's "safely unguessable" level (about 10^8 guesses), the
	// level it recommends for protection against online and throttled attacks.
	minScore = 3
)

// siteWords are guesses an attacker of this site would try first.
var siteWords = []string{"spor", "bibliotek", "biblioteket", "bibliotekerne", "library", "password", "adgangskode", "lösenord"}

// PasswordProblem returns "" when password may be used, or the i18n message id
// saying why not. userInputs are what an attacker knows about the person (name,
// email); they and their parts count as guessable words.
func PasswordProblem(password string, userInputs ...string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < model.MinPasswordLen:
		return "password.too_short"
	case n > MaxPasswordLen:
		return "password.too_long"
	case !utf8.ValidString(password):
		return "password.invalid"
	}
	personal := personalWords(userInputs)
	if withoutPersonal(password, personal) < model.MinPasswordLen {
		return "password.personal"
	}
	checked := password
	if n > strengthPrefix {
		checked = string([]rune(password)[:strengthPrefix])
	}
	res := zxcvbn.PasswordStrength(checked, append(personal, siteWords...))
	if res.Score >= minScore {
		return ""
	}
	problem := "password.guessable"
	for _, m := range res.Sequence {
		switch {
		case m.Pattern != "dictionary":
		case m.DictionaryName == "user_inputs" && slices.Contains(personal, m.MatchedWord):
			return "password.personal"
		case m.DictionaryName == "user_inputs" || m.DictionaryName == "passwords":
			problem = "password.common" // a site word or one of the most used passwords
		}
	}
	return problem
}

// withoutPersonal counts the characters left in password once every personal
// word in it is taken out: "ninanyborg2026!" is only five characters of guessing
// for someone who knows the person, whatever its score.
func withoutPersonal(password string, words []string) int {
	rest := strings.ToLower(password)
	for _, w := range words { // longest first, so "nina.nyborg" goes before "nina"
		rest = strings.ReplaceAll(rest, w, "")
	}
	return utf8.RuneCountInString(rest)
}

// personalWords splits the person's name and email into the words a guesser would
// try: the whole values, the address's local part and domain, and every name or
// piece of at least three letters, all lower-case, longest first.
func personalWords(inputs []string) []string {
	var words []string
	for _, in := range inputs {
		in = strings.ToLower(strings.TrimSpace(in))
		if in == "" {
			continue
		}
		candidates := []string{in}
		if local, domain, isEmail := strings.Cut(in, "@"); isEmail {
			candidates = append(candidates, local, domain)
		}
		candidates = append(candidates, strings.FieldsFunc(in, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })...)
		for _, w := range candidates {
			if utf8.RuneCountInString(w) >= 3 {
				words = append(words, w)
			}
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if d := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(words)
}

// ValidateUserForm checks f and, when it sets a password, the password rules with
// the person's name and email as guessable words.
func ValidateUserForm(f *model.UserForm) model.Errors {
	errs := model.Errors{}
	if err := f.Validate(); err != nil {
		errs = err.(model.Errors)
	}
	if f.Password != "" {
		if p := PasswordProblem(f.Password, f.Name, f.Email); p != "" {
			errs.Add("password", p)
		}
	}
	return errs
}
