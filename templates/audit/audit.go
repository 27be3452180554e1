// Package audit holds the view of the audit log at /manage/audit.
package audit

import (
	"net/url"
	"strconv"
	"time"

	"spor/internal/model"
)

// Entry is one row of the log as shown.
type Entry struct {
	At        time.Time
	ActorID   *int64
	ActorName string
	Action    string
	Kind      string
	RecordID  string
	Fields    string
}

// Filter is the log page: the filters as typed, the kinds offered and a page of entries.
type Filter struct {
	Person  string
	Kind    string
	From    string
	To      string
	Kinds   []string
	Entries []Entry
	Pager   model.Pager
}

func (f Filter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"person": f.Person, "kind": f.Kind, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

func (f Filter) listURL() string {
	if q := f.query().Encode(); q != "" {
		return "/manage/audit?" + q
	}
	return "/manage/audit"
}

func (f Filter) csvURL() string {
	if q := f.query().Encode(); q != "" {
		return "/manage/audit/audit.csv?" + q
	}
	return "/manage/audit/audit.csv"
}

func (f Filter) filtered() bool { return len(f.query()) > 0 }

func idText(id int64) string { return strconv.FormatInt(id, 10) }
