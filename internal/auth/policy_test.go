package auth

import (
	"strings"
	"testing"
	"time"

	"spor/internal/i18n"
)

func TestPasswordProblem(t *testing.T) {
	name, email := "Nina Nyborg", "nina.nyborg@vejle.dk"
	cases := []struct {
		name, password, want string
	}{
		{"eleven characters are too short", "kaffe kage!", "password.too_short"},
		{"short even when strong by letters", "Xq9!kLm2Pz#", "password.too_short"},
		{"length counts characters, not bytes", "æøåæøåæøåæø", "password.too_short"},
		{"twelve unusual characters are enough", "Xq9!kLm2Pz#w", ""},
		{"a passphrase passes", "kaffe og kage hver fredag", ""},
		{"Danish letters in a passphrase", "rødgrød med fløde på søndag", ""},
		{"no composition rules: lower-case words pass", "sommerfugl regnbue blyant", ""},
		{"64 characters are accepted", strings.Repeat("tusind blå", 7)[:64], ""},
		{"256 characters are accepted", strings.Repeat("Xq9!kLm2Pz#w ", 20)[:256], ""},
		{"257 characters are too long", strings.Repeat("Xq9!kLm2Pz#w ", 20)[:257], "password.too_long"},
		{"a common password with digits", "Password123456", "password.common"},
		{"a keyboard row", "qwertyuiopasdf", "password.common"},
		{"a common phrase with digits", "iloveyou12345", "password.common"},
		{"the site's own name", "Spor12345678", "password.common"},
		{"a library word", "bibliotek2026", "password.common"},
		{"a repeated word", "passwordpassword", "password.guessable"},
		{"repeats", "aaaaaaaaaaaaaaaa", "password.guessable"},
		{"the alphabet", "abcdefghijklmn", "password.guessable"},
		{"a sequence", "0123456789abc", "password.guessable"},
		{"the person's name and a year", "NinaNyborg2026!", "password.personal"},
		{"the name with spaces and digits", "Nina Nyborg 1234", "password.personal"},
		{"the email's local part", "nina.nyborg.123", "password.personal"},
		{"the surname reversed with digits", "grobyn20262026", "password.personal"},
		{"the email address itself", "nina.nyborg@vejle.dk", "password.personal"},
		{"the name inside a strong passphrase is fine", "nina spiser kage på en fredag", ""},
		{"invalid UTF-8", "abcdefghijkl\xff\xfe", "password.invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := PasswordProblem(tc.password, name, email); got != tc.want {
				t.Errorf("PasswordProblem(%q) = %q, want %q", tc.password, got, tc.want)
			}
		})
	}
}

func TestPasswordProblemsAreTranslated(t *testing.T) {
	for _, id := range []string{"password.too_short", "password.too_long", "password.invalid", "password.personal", "password.common", "password.guessable", "password.hint"} {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, id) {
				t.Errorf("%s missing in %s", id, l)
			}
		}
	}
}

// TestPasswordCheckIsBounded guards the cap on what zxcvbn reads: its matching grows
// much faster than the length (here 2–8 ms at 64 characters, 80–1000 ms at 256), so
// a 256-character password must cost about what its first 64 characters cost. The
// fastest of a few runs is compared, so a busy machine does not make it flaky.
func TestPasswordCheckIsBounded(t *testing.T) {
	fastest := func(p string) time.Duration {
		best := time.Hour
		for range 3 {
			start := time.Now()
			PasswordProblem(p, "Nina Nyborg", "nina.nyborg@vejle.dk")
			best = min(best, time.Since(start))
		}
		return best
	}
	long := strings.Repeat("aB3$", 64) // 256 characters, zxcvbn's slowest shape here
	short, full := fastest(long[:64]), fastest(long)
	if full > 4*short+5*time.Millisecond {
		t.Errorf("256 characters took %v, 64 took %v: the check is not bounded", full, short)
	}
}
