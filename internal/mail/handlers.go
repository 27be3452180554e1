package mail

import (
	"net/http"
	"net/mail"
	"sort"
	"strings"

	"github.com/go-chi/chi/v5"

	"spor/internal/auth"
	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	mailviews "spor/templates/mail"
)

// Handler serves the development mailbox at /manage/mail (admins only: mails hold
// personal data and live sign-in links).
type Handler struct {
	box  *Mailbox
	smtp bool
}

// NewHandler returns the mailbox pages; smtp says whether SMTP_URL is set.
func NewHandler(box *Mailbox, smtp bool) *Handler { return &Handler{box: box, smtp: smtp} }

// ManageRoutes mounts /manage/mail.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/mail", func(r chi.Router) {
		r.Use(auth.RequireRole(model.RoleAdmin))
		r.Get("/", h.list)
		r.Get("/{id}", h.show)
		r.Get("/{id}/html", h.html)
	})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	mails, err := h.box.Mails(r.Context(), 200)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v := mailviews.MailboxList{SMTPSent: h.smtp}
	for _, m := range mails {
		v.Mails = append(v.Mails, mailviews.StoredMail{ID: m.ID, Recipient: m.Recipient, Subject: m.Subject, CreatedAt: m.CreatedAt})
	}
	httpx.Render(w, r, http.StatusOK, i18n.T(r.Context(), "mailbox.title"), mailviews.Mailbox(v))
}

func (h *Handler) load(w http.ResponseWriter, r *http.Request) (Stored, bool) {
	id, err := httpx.IDParam(r, "id")
	if err == nil {
		var m Stored
		if m, err = h.box.Mail(r.Context(), id); err == nil {
			return m, true
		}
	}
	httpx.Error(w, r, err)
	return Stored{}, false
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	v := mailviews.StoredMail{ID: m.ID, Recipient: m.Recipient, Subject: m.Subject, Text: m.Text, HTML: m.HTML, CreatedAt: m.CreatedAt}
	if msg, err := mail.ReadMessage(strings.NewReader(m.Raw)); err == nil {
		for k, vals := range msg.Header {
			for _, val := range vals {
				v.Headers = append(v.Headers, [2]string{k, val})
			}
		}
		sort.SliceStable(v.Headers, func(i, j int) bool { return v.Headers[i][0] < v.Headers[j][0] })
	}
	httpx.Render(w, r, http.StatusOK, m.Subject, mailviews.MailDetail(v))
}

// html serves the HTML part on its own under a sandbox CSP: no script, no
// same-origin rights, no outside loads, so a hostile mail body cannot act as the
// admin who opens it.
func (h *Handler) html(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(m.HTML))
}
