package tracks

import (
	"fmt"
	"strconv"

	"spor/internal/database"
)

var errNotFound = fmt.Errorf("tracks: unpublished: %w", database.ErrNotFound)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
