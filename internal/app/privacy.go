package app

import (
	"context"

	"github.com/jackc/pgx/v5"

	"spor/internal/mail"
	"spor/internal/privacy"
)

// privacyMailer sends the privacy work's notices through the mail queue, in the
// transaction that causes them.
func privacyMailer(q *mail.Queue) privacy.Mailer {
	return func(ctx context.Context, tx pgx.Tx, m privacy.Mail) error {
		return q.Enqueue(ctx, tx, mail.Args{Type: m.Type, To: m.To, Ref: m.Ref, Lang: m.Lang, Name: m.Name, Path: m.Path, Organisation: m.About})
	}
}
