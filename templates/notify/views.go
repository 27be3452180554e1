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
