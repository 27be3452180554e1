package model

import (
	"sync"
	"time"
)

// zones caches loaded time zones by name. time.LoadLocation reads and parses the
// zone file on every call, which showed up in `make bench` profiles when every
// event and meeting on a page loaded its zone; a zone never changes while the
// process runs, so it is loaded once.
var zones sync.Map // name → *time.Location, or nil for an unknown name

// LoadZone returns the named time zone, or false when it is unknown.
func LoadZone(name string) (*time.Location, bool) {
	if v, ok := zones.Load(name); ok {
		loc, _ := v.(*time.Location)
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		zones.Store(name, (*time.Location)(nil))
		return nil, false
	}
	zones.Store(name, loc)
	return loc, true
}
