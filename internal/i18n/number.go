package i18n

import (
	"context"
	"strconv"
	"strings"
)

// Decimal formats f with prec decimals in the page's decimal format: a comma in
// Danish, Swedish and Norwegian ("5,5"), a point in English ("5.5").
func Decimal(ctx context.Context, f float64, prec int) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if Lang(ctx) == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}
