package components

import "strings"

// Webcal is a feed's https:// address as webcal://, which makes the device's
// calendar app offer to subscribe.
func Webcal(address string) string {
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(address, scheme) {
			return "webcal://" + address[len(scheme):]
		}
	}
	return address
}
