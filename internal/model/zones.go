package model

import (
	"sync"
	"time"
)

// zones caches loaded time zones by name. time.LoadLocation reads and parses the
// zone file on every call, which showed up in `make bench` profiles when every
// event and meeting on a page loaded its zone; a zone never changes while the
// process runs, so it is loaded once. Only the zones Spor offers (Zones and
// EventZones) are ever loaded or cached: the name can come from a form, and a cache
// keyed by input would grow with every invented value.
var zones sync.Map // name → *time.Location

// LoadZone returns the named time zone, or false when it is not one Spor offers.
func LoadZone(name string) (*time.Location, bool) {
	if !Contains(Zones, name) && !Contains(EventZones, name) {
		return nil, false
	}
	if v, ok := zones.Load(name); ok {
		return v.(*time.Location), true
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	zones.Store(name, loc)
	return loc, true
}
