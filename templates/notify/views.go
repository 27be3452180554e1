// Package notify holds the notification settings page.
package notify

import (
	"strconv"

	"spor/internal/model"
)

// SettingsView is /me/notifications.
type SettingsView struct {
	Settings model.NotificationSettings
	Errors   model.Errors
}

func fieldID(prefix string, id int64) string { return prefix + strconv.FormatInt(id, 10) }

// UnsubscribeView is the page of an unsubscribe link.
type UnsubscribeView struct {
	Action  string // the form's target: the link itself
	Digest  bool   // the digest, or else a group's at-once mails
	Group   string
	Done    bool
	Invalid bool
}
