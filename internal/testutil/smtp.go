package testutil

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// SMTP is a real SMTP server (emersion/go-smtp) on a loopback port, keeping every
// message it receives. Stop and Start take it down and up on the same port.
type SMTP struct {
	t       testing.TB
	addr    string
	mu      sync.Mutex
	srv     *smtp.Server
	ln      net.Listener
	msgs    []Received
	arrived chan struct{}
}

// Received is one message as the SMTP server got it, parsed by the standard library
// (not by the code that wrote it).
type Received struct {
	From    string
	To      []string
	Header  mail.Header
	Subject string
	Text    string // the text/plain part
	HTML    string // the text/html part
	// Attachments are the attached files by name, decoded.
	Attachments map[string]Attachment
	Raw         []byte
	At          time.Time
}

// NewSMTP starts the server; it is stopped when the test ends.
func NewSMTP(t testing.TB) *SMTP {
	t.Helper()
	s := &SMTP{t: t, arrived: make(chan struct{}, 1000)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtp: listen: %v", err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// URL is the SMTP_URL for Spor: plain SMTP, allowed towards loopback only.
func (s *SMTP) URL() string { return "smtp://" + s.addr + "?tls=none" }

func (s *SMTP) serve(ln net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.AllowInsecureAuth = true
	s.mu.Lock()
	s.srv, s.ln = srv, ln
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// Stop closes the server: connections are refused until Start.
func (s *SMTP) Stop() {
	s.mu.Lock()
	srv, ln := s.srv, s.ln
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	if srv != nil {
		_ = ln.Close() // Close alone misses a listener Serve has not registered yet
		_ = srv.Close()
	}
}

// Start listens again on the same port.
func (s *SMTP) Start() {
	s.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger for a moment after Close
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("smtp: listen again: %v", err)
	}
	s.serve(ln)
}

// Messages returns what has arrived so far.
func (s *SMTP) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait returns once n messages have arrived in total, failing t after timeout.
func (s *SMTP) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.arrived:
		case <-deadline:
			t.Fatalf("smtp: %d messages after %s, want %d", len(s.Messages()), timeout, n)
		}
	}
}

// Link returns the first URL in the text part that contains part.
func (r Received) Link(part string) string {
	for _, u := range linkRE.FindAllString(r.Text, -1) {
		if strings.Contains(u, part) {
			return u
		}
	}
	return ""
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

type backend struct{ s *SMTP }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *SMTP
	from string
	to   []string
}

func (c *session) Reset()                                      { c.from, c.to = "", nil }
func (c *session) Logout() error                               { return nil }
func (c *session) Mail(from string, _ *smtp.MailOptions) error { c.from = from; return nil }
func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.to = append(c.to, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := parseMessage(raw)
	m.From, m.To, m.At = c.from, c.to, time.Now()
	c.s.mu.Lock()
	c.s.msgs = append(c.s.msgs, m)
	c.s.mu.Unlock()
	select {
	case c.s.arrived <- struct{}{}:
	default:
	}
	return nil
}

func parseMessage(raw []byte) Received {
	r := Received{Raw: raw}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return r
	}
	r.Header = msg.Header
	dec := new(mime.WordDecoder)
	r.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if !strings.HasPrefix(mt, "multipart/") {
		body, _ := io.ReadAll(msg.Body)
		r.Text = decodePart(msg.Header.Get("Content-Transfer-Encoding"), body)
		return r
	}
	r.readParts(msg.Body, params["boundary"])
	return r
}

// Attachment is an attached file.
type Attachment struct {
	ContentType string // with its parameters
	Data        []byte
}

// readParts walks a multipart body, nested parts too (mixed > alternative).
func (r *Received) readParts(body io.Reader, boundary string) {
	mr := multipart.NewReader(body, boundary)
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		pt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if strings.HasPrefix(pt, "multipart/") {
			r.readParts(p, params["boundary"])
			continue
		}
		data, _ := io.ReadAll(p) // quoted-printable is decoded by the reader
		text := decodePart(p.Header.Get("Content-Transfer-Encoding"), data)
		if name := p.FileName(); name != "" {
			if r.Attachments == nil {
				r.Attachments = map[string]Attachment{}
			}
			r.Attachments[name] = Attachment{ContentType: p.Header.Get("Content-Type"), Data: []byte(text)}
			continue
		}
		switch pt {
		case "text/plain":
			r.Text = text
		case "text/html":
			r.HTML = text
		}
	}
}

func decodePart(encoding string, body []byte) string {
	if strings.EqualFold(encoding, "base64") {
		if d, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), "")); err == nil {
			return string(d)
		}
	}
	return string(body)
}

// WaitFor returns the first mail to addr whose subject starts with subject, failing
// t if none arrives within 15 seconds.
func (s *SMTP) WaitFor(t testing.TB, addr, subject string) Received {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range s.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && strings.HasPrefix(m.Subject, subject) {
				return m
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	var got []string
	for _, m := range s.Messages() {
		got = append(got, strings.Join(m.To, ",")+" "+m.Subject)
	}
	t.Fatalf("smtp: no mail to %s with subject %q; got %q", addr, subject, got)
	return Received{}
}

// CountTo is how many mails addr has received.
func (s *SMTP) CountTo(addr string) int {
	n := 0
	for _, m := range s.Messages() {
		if len(m.To) == 1 && m.To[0] == addr {
			n++
		}
	}
	return n
}
