package upload

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxFieldBytes bounds each ordinary field of an upload form.
const maxFieldBytes = 64 << 10

// maxFields bounds how many ordinary fields an upload form may have: more is a 413
// (multipart.ErrMessageTooLarge through the error funnel).
const maxFields = 100

// Form reads a multipart/form-data request as a stream: the ordinary fields into
// values, the part named fileField through Read. Nothing is spooled to disk and the
// request is never parsed whole (no ParseMultipartForm). A form without a file
// gives ErrNoFile together with the fields, so the form can be shown again.
func Form(r *http.Request, fileField string, lim Limits) (url.Values, *File, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, fmt.Errorf("upload: %w: %v", errBadRequest, err)
	}
	values := url.Values{}
	var file *File
	var fileErr error
	fields := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return values, nil, tooLargeOr(err)
		}
		name := part.FormName()
		switch {
		case name == fileField && part.FileName() != "":
			if file != nil || fileErr != nil {
				part.Close()
				continue
			}
			f, err := Read(part, part.FileName(), lim)
			if err != nil {
				var ue *Error
				if !errors.As(err, &ue) {
					return values, nil, tooLargeOr(err)
				}
				fileErr = err
				if ue.ID == ErrTooLarge.ID {
					// Stop reading at once: the rest of the body is never read.
					return values, nil, fileErr
				}
			} else {
				file = &f
			}
		case name != "" && name != fileField:
			b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
			if err != nil {
				return values, nil, tooLargeOr(err)
			}
			if len(b) > maxFieldBytes {
				return values, nil, ErrTooLarge
			}
			// The same rule as for every other form (app's checkInput): text only.
			if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 || !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
				return values, nil, fmt.Errorf("upload: field %q is not text: %w", name, errBadRequest)
			}
			if fields++; fields > maxFields {
				return values, nil, fmt.Errorf("upload: more than %d fields: %w", maxFields, multipart.ErrMessageTooLarge)
			}
			values.Add(name, string(b))
		}
		part.Close()
	}
	if fileErr != nil {
		return values, nil, fileErr
	}
	if file == nil {
		return values, nil, ErrNoFile
	}
	return values, file, nil
}

var errBadRequest = errors.New("bad request")

// IsBadRequest reports whether err means the request was not a multipart form.
func IsBadRequest(err error) bool { return errors.Is(err, errBadRequest) }

func tooLargeOr(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return ErrTooLarge
	}
	return fmt.Errorf("upload: read form: %w", err)
}
