package upload

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

type kind struct{ ext, mime string }

var (
	kindPDF  = kind{"pdf", "application/pdf"}
	kindPNG  = kind{"png", "image/png"}
	kindJPEG = kind{"jpeg", "image/jpeg"}
	kindTXT  = kind{"txt", "text/plain; charset=utf-8"}
	kindCSV  = kind{"csv", "text/csv; charset=utf-8"}
	kindDOCX = kind{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
	kindXLSX = kind{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	kindPPTX = kind{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
	kindODT  = kind{"odt", "application/vnd.oasis.opendocument.text"}
	kindODS  = kind{"ods", "application/vnd.oasis.opendocument.spreadsheet"}
	kindODP  = kind{"odp", "application/vnd.oasis.opendocument.presentation"}
)

// extensions a name may carry for each kind.
var extensions = map[string][]string{
	"pdf": {"pdf"}, "png": {"png"}, "jpeg": {"jpg", "jpeg"}, "txt": {"txt", "text", "md"}, "csv": {"csv"},
	"docx": {"docx"}, "xlsx": {"xlsx"}, "pptx": {"pptx"}, "odt": {"odt"}, "ods": {"ods"}, "odp": {"odp"},
}

// detect decides the type from the content. A name whose extension belongs to the
// allow-list but to another type is a mismatch; an extension outside it (or none)
// is simply replaced.
func detect(data []byte, name string, lim Limits) (kind, error) {
	k, err := sniff(data, name, lim)
	if err != nil {
		return kind{}, err
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	if ext == "" {
		return k, nil
	}
	for _, e := range extensions[k.ext] {
		if e == ext {
			return k, nil
		}
	}
	for _, list := range extensions {
		for _, e := range list {
			if e == ext {
				return kind{}, &Error{ID: ErrMismatch.ID, Ext: ext}
			}
		}
	}
	return k, nil
}

func sniff(data []byte, name string, lim Limits) (kind, error) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return kindPDF, nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return kindPNG, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return kindJPEG, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data, lim)
	case isText(data):
		if strings.EqualFold(path.Ext(name), ".csv") {
			return kindCSV, nil
		}
		return kindTXT, nil
	}
	return kind{}, &Error{ID: ErrType.ID, Ext: strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))}
}

// isText accepts UTF-8 without NUL and without control characters other than tab,
// newline, carriage return and form feed.
func isText(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return false
	}
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
		if c == 0x7F {
			return false
		}
	}
	return true
}

// sniffZip opens an OOXML or OpenDocument file. It counts the entries and measures
// the expanded size by actually decompressing (the sizes in a zip's headers are
// claims, not facts), stopping as soon as a limit is passed.
func sniffZip(data []byte, lim Limits) (kind, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return kind{}, ErrType
	}
	if len(zr.File) > lim.MaxZipEntries {
		return kind{}, ErrZip
	}
	var total int64
	var mimetype string
	has := map[string]bool{}
	for _, f := range zr.File {
		top, _, _ := strings.Cut(f.Name, "/")
		has[top] = true
		if f.Name == "[Content_Types].xml" {
			has["[Content_Types].xml"] = true
		}
		rc, err := f.Open()
		if err != nil {
			return kind{}, ErrType
		}
		var head bytes.Buffer
		w := io.Writer(io.Discard)
		if f.Name == "mimetype" {
			w = &head
		}
		n, err := io.Copy(w, io.LimitReader(rc, lim.MaxZipExpanded-total+1))
		rc.Close()
		total += n
		if total > lim.MaxZipExpanded {
			return kind{}, ErrZip
		}
		if err != nil {
			return kind{}, ErrType
		}
		if f.Name == "mimetype" {
			mimetype = strings.TrimSpace(head.String())
		}
	}
	switch mimetype {
	case kindODT.mime:
		return kindODT, nil
	case kindODS.mime:
		return kindODS, nil
	case kindODP.mime:
		return kindODP, nil
	}
	if has["[Content_Types].xml"] {
		switch {
		case has["word"]:
			return kindDOCX, nil
		case has["xl"]:
			return kindXLSX, nil
		case has["ppt"]:
			return kindPPTX, nil
		}
	}
	return kind{}, ErrType
}
