// Package upload checks files people upload before Spor stores them: the size limit
// is enforced while reading (a too-large file is never held in memory), the type is
// decided from the content against an allow-list (never from the name or the
// browser's Content-Type), zip-based office files are opened and measured (zip
// bombs), and the SHA-256 is computed for duplicate detection and ETags.
//
// Documents of groups and meeting materials of tracks use it through Form (a
// streaming multipart reader) or Read (one file from any reader).
package upload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits bound what Read accepts.
type Limits struct {
	MaxBytes       int64 // the file itself
	MaxZipEntries  int   // entries in a zip-based file
	MaxZipExpanded int64 // total uncompressed size of a zip-based file
}

// DefaultLimits returns limits for files of at most maxBytes.
func DefaultLimits(maxBytes int64) Limits {
	return Limits{MaxBytes: maxBytes, MaxZipEntries: 5000, MaxZipExpanded: max(20*maxBytes, 100<<20)}
}

// Error is a problem with the file that the uploader can fix. ID is an i18n message
// id; Ext is the file name's extension (for the message).
type Error struct {
	ID  string
	Ext string
}

func (e *Error) Error() string { return "upload: " + e.ID }

// The problems Read reports.
var (
	ErrTooLarge = &Error{ID: "upload.too_large"}
	ErrEmpty    = &Error{ID: "upload.empty"}
	ErrType     = &Error{ID: "upload.bad_type"}
	ErrZip      = &Error{ID: "upload.zip_bomb"}
	ErrMismatch = &Error{ID: "upload.mismatch"}
	ErrNoFile   = &Error{ID: "upload.no_file"}
)

// File is an accepted upload.
type File struct {
	Name        string // safe file name, with the extension of its real type
	ContentType string
	Kind        string // pdf, docx, xlsx, pptx, odt, ods, odp, png, jpeg, txt, csv
	Size        int64
	SHA256      string // hex
	Data        []byte
}

// Read reads one file from r (at most lim.MaxBytes, or ErrTooLarge after reading
// just one byte more), decides its type from its content and checks that name's
// extension does not claim a different type.
func Read(r io.Reader, name string, lim Limits) (File, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return File{}, tooLargeOr(err)
	}
	if n > lim.MaxBytes {
		return File{}, ErrTooLarge
	}
	if n == 0 {
		return File{}, ErrEmpty
	}
	data := buf.Bytes()
	k, err := detect(data, name, lim)
	if err != nil {
		return File{}, err
	}
	sum := sha256.Sum256(data)
	return File{
		Name:        SafeName(name, k.ext),
		ContentType: k.mime,
		Kind:        k.ext,
		Size:        n,
		SHA256:      hex.EncodeToString(sum[:]),
		Data:        data,
	}, nil
}

// SafeName keeps the base of name in letters, digits, '-', '_' and '.', and gives
// it the extension ext of its real type.
func SafeName(name, ext string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	base := strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	for _, r := range base {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '.':
			b.WriteRune('-')
		}
	}
	s := strings.Trim(b.String(), "-.")
	for len(s) > 100 { // whole characters only: a cut inside one shows as "Pr%C3"
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	if s == "" {
		s = "document"
	}
	if ext == "jpeg" {
		ext = "jpg"
	}
	return s + "." + ext
}
