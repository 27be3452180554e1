package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// An unsubscribe token names one kind of mail for one person, signed with the
// installation's key (notify_key) so it works without a login and cannot be forged
// for someone else: "d.42" turns off user 42's digest, "g.42.7" the at-once mails
// of group 7.
type token struct {
	kind    byte // 'd' digest, 'g' a group's at-once mails
	userID  int64
	groupID int64
}

func readKey(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) ([]byte, error) {
	var key string
	if err := q.QueryRow(ctx, `SELECT key FROM notify_key WHERE id = 1`).Scan(&key); err != nil {
		return nil, fmt.Errorf("notify: key: %w", err)
	}
	return []byte(key), nil
}

func (t token) payload() string {
	s := string(t.kind) + "." + strconv.FormatInt(t.userID, 10)
	if t.kind == 'g' {
		s += "." + strconv.FormatInt(t.groupID, 10)
	}
	return s
}

func sign(key []byte, p string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(p))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// encode is the token as a URL path segment.
func (t token) encode(key []byte) string {
	p := t.payload()
	return base64.RawURLEncoding.EncodeToString([]byte(p)) + "." + sign(key, p)
}

// parseToken checks the signature and reads the token; ok is false for anything
// forged, altered or malformed.
func parseToken(key []byte, s string) (token, bool) {
	enc, sig, found := strings.Cut(s, ".")
	if !found || len(s) > 200 {
		return token{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(sign(key, string(raw))), []byte(sig)) {
		return token{}, false
	}
	parts := strings.Split(string(raw), ".")
	var t token
	switch {
	case len(parts) == 2 && parts[0] == "d":
		t.kind = 'd'
	case len(parts) == 3 && parts[0] == "g":
		t.kind = 'g'
		if t.groupID, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
			return token{}, false
		}
	default:
		return token{}, false
	}
	if t.userID, err = strconv.ParseInt(parts[1], 10, 64); err != nil {
		return token{}, false
	}
	return t, true
}
