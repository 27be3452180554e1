package mail

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
)

// Mailbox keeps mails in PostgreSQL instead of sending them (no SMTP_URL): nothing
// is lost, and nothing pretends to be sent. Admins read them at /manage/mail.
type Mailbox struct{ db *pgxpool.Pool }

// NewMailbox returns the development mailbox on db.
func NewMailbox(db *pgxpool.Pool) *Mailbox { return &Mailbox{db: db} }

// Send stores m with its complete raw message.
func (b *Mailbox) Send(ctx context.Context, m *Message) error {
	var raw bytes.Buffer
	if _, err := m.Msg.WriteTo(&raw); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	_, err := b.db.Exec(ctx, `INSERT INTO mailbox (recipient, subject, text_body, html_body, raw) VALUES ($1, $2, $3, $4, $5)`,
		m.To, m.Subject, m.Text, m.HTML, raw.String())
	return database.Wrap(err, "mail: mailbox")
}

// Stored is a mail in the development mailbox.
type Stored struct {
	ID        int64
	Recipient string
	Subject   string
	Text      string
	HTML      string
	Raw       string
	CreatedAt time.Time
}

// Mails returns the newest mails, at most limit.
func (b *Mailbox) Mails(ctx context.Context, limit int) ([]Stored, error) {
	rows, err := b.db.Query(ctx, `SELECT id, recipient, subject, '', '', '', created_at FROM mailbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, database.Wrap(err, "mail: mailbox")
	}
	list, err := pgx.CollectRows(rows, scanStored)
	return list, database.Wrap(err, "mail: mailbox")
}

// Mail returns one stored mail.
func (b *Mailbox) Mail(ctx context.Context, id int64) (Stored, error) {
	rows, err := b.db.Query(ctx, `SELECT id, recipient, subject, text_body, html_body, raw, created_at FROM mailbox WHERE id = $1`, id)
	if err != nil {
		return Stored{}, database.Wrap(err, "mail: mailbox")
	}
	s, err := pgx.CollectExactlyOneRow(rows, scanStored)
	return s, database.Wrap(err, "mail: mailbox")
}

func scanStored(row pgx.CollectableRow) (Stored, error) {
	var s Stored
	return s, row.Scan(&s.ID, &s.Recipient, &s.Subject, &s.Text, &s.HTML, &s.Raw, &s.CreatedAt)
}
