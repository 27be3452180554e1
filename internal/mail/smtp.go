package mail

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"spor/internal/config"
)

// SMTP sends through the server named by SMTP_URL.
type SMTP struct {
	host string
	opts []gomail.Option
}

// NewSMTP reads an SMTP_URL (see config.CheckSMTPURL): smtp:// requires STARTTLS,
// smtps:// uses implicit TLS, ?tls=none (loopback only) sends in the clear.
func NewSMTP(raw string) (*SMTP, error) {
	if err := config.CheckSMTPURL(raw); err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	u, _ := url.Parse(raw)
	opts := []gomail.Option{gomail.WithTimeout(20 * time.Second)}
	port := 587
	switch {
	case u.Scheme == "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	case u.Query().Get("tls") == "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if p := u.Port(); p != "" {
		port, _ = strconv.Atoi(p)
	}
	opts = append(opts, gomail.WithPort(port))
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		// PLAIN only ever travels inside TLS here (tls=none is loopback only).
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(user), gomail.WithPassword(pass))
	}
	return &SMTP{host: u.Hostname(), opts: opts}, nil
}

// Send delivers m over one SMTP connection.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail: smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m.Msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", s.host, err)
	}
	return nil
}
