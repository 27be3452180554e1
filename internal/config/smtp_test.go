package config

import (
	"strings"
	"testing"
)

func TestSMTPURL(t *testing.T) {
	cases := []struct {
		name string
		url  string
		ok   bool
	}{
		{"starttls with login", "smtp://spor:s3cret-pw@mail.example.org:587", true},
		{"implicit tls", "smtps://spor:s3cret-pw@mail.example.org", true},
		{"plain to loopback", "smtp://127.0.0.1:1025?tls=none", true},
		{"plain to localhost", "smtp://localhost:1025?tls=none", true},
		{"plain across the network", "smtp://spor:s3cret-pw@mail.example.org:25?tls=none", false},
		{"plain over smtps", "smtps://127.0.0.1:1025?tls=none", false},
		{"unknown tls mode", "smtp://spor:s3cret-pw@mail.example.org?tls=maybe", false},
		{"wrong scheme", "http://spor:s3cret-pw@mail.example.org", false},
		{"bad port", "smtp://spor:s3cret-pw@mail.example.org:99999", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(env(map[string]string{"SMTP_URL": tc.url}))
			if tc.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.ok {
				if err == nil || !strings.Contains(err.Error(), "SMTP_URL") {
					t.Fatalf("error = %v, want one naming SMTP_URL", err)
				}
				if strings.Contains(err.Error(), "s3cret-pw") {
					t.Errorf("the password is in the error: %v", err)
				}
			}
		})
	}
}

func TestMailFrom(t *testing.T) {
	c, err := Load(env(map[string]string{"BASE_URL": "https://spor.example.org"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.MailFrom != "Spor <noreply@spor.example.org>" {
		t.Errorf("default MAIL_FROM = %q", c.MailFrom)
	}
	if _, err := Load(env(map[string]string{"MAIL_FROM": "not an address"})); err == nil || !strings.Contains(err.Error(), "MAIL_FROM") {
		t.Errorf("bad MAIL_FROM: %v", err)
	}
}
