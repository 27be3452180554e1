package model

import (
	"strings"
	"testing"
)

func TestZoneCacheHoldsOnlyOfferedZones(t *testing.T) {
	for _, name := range append(append([]string{}, Zones...), EventZones...) {
		if _, ok := LoadZone(name); !ok {
			t.Errorf("offered zone %s does not load", name)
		}
	}
	// Real zones that Spor does not offer, nonsense and a large value from a form:
	// none is loaded or remembered.
	for _, name := range []string{"America/New_York", "Asia/Tokyo", "Local", "", "../../etc/passwd", strings.Repeat("Europe/", 20000)} {
		if _, ok := LoadZone(name); ok {
			t.Errorf("LoadZone(%.30q) accepted", name)
		}
	}
	n := 0
	zones.Range(func(k, _ any) bool {
		n++
		if name := k.(string); !Contains(Zones, name) && !Contains(EventZones, name) {
			t.Errorf("cache holds %.30q", name)
		}
		return true
	})
	if n > len(Zones)+len(EventZones) {
		t.Errorf("cache holds %d zones", n)
	}
}
