package learning

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/learning"
)

// MaxImportBytes bounds an imported CSV file; MaxImportRows its lines.
const (
	MaxImportBytes = 4 << 20
	MaxImportRows  = 5000
)

// export writes the resources the user manages, in the columns import reads.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := httpx.User(r)
	list, err := h.store.Managed(ctx, u)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	full, err := h.store.Full(ctx, list)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	c := httpx.NewCSV(i18n.Lang(ctx))
	c.Header(Columns...)
	for _, res := range full {
		f := fieldsOf(res.Resource, res.ProgrammeSlug)
		row := make([]httpx.CSVCell, len(Columns))
		for i, col := range Columns {
			row[i] = httpx.Text(f[col])
		}
		c.Row(row...)
	}
	c.Serve(w, r, httpx.ExportName(i18n.T(ctx, "learning.export_name"), u.Name, today()))
}

// importCSV reads a file in the export's columns and saves every line or none: a
// file with a wrong line shows each problem with its line number and changes nothing.
func (h *Handler) importCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, MaxImportBytes+httpx.MaxFormBytes)
	var maxErr *http.MaxBytesError
	if err := r.ParseMultipartForm(1 << 20); errors.As(err, &maxErr) {
		httpx.Error(w, r, err)
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil { // not a file upload at all, or no file chosen
		h.renderManage(w, r, http.StatusUnprocessableEntity, &views.ImportResult{Problems: []views.LineProblem{{Message: "learning.import_no_file"}}})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxImportBytes+1))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	u := httpx.User(r)
	progs, err := h.store.Programmes(ctx, u)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	list, problems := parseImport(data, progs, u.IsAdmin())
	if len(problems) == 0 {
		problems, err = h.checkOwnership(r, list)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
	}
	res := &views.ImportResult{Problems: problems}
	if len(problems) > 0 {
		h.renderManage(w, r, http.StatusUnprocessableEntity, res)
		return
	}
	for _, l := range list {
		if l.ID == 0 {
			res.Created++
		} else {
			res.Updated++
		}
	}
	if err := h.store.SaveResources(ctx, list); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.renderManage(w, r, http.StatusOK, res)
}

// checkOwnership matches the lines to existing resources by slug: an existing one
// is updated if the user may edit it, and otherwise the line is refused.
func (h *Handler) checkOwnership(r *http.Request, list []model.LearningResource) ([]views.LineProblem, error) {
	slugs := make([]string, len(list))
	for i, l := range list {
		slugs[i] = l.Slug
	}
	ids, err := h.store.SlugIDs(r.Context(), slugs)
	if err != nil {
		return nil, err
	}
	var problems []views.LineProblem
	for i := range list {
		id, ok := ids[list[i].Slug]
		if !ok {
			continue
		}
		can, err := h.store.CanEdit(r.Context(), httpx.User(r), id)
		if err != nil {
			return nil, err
		}
		if !can {
			problems = append(problems, views.LineProblem{Line: i + 2, Field: "slug", Message: "learning.err_slug_not_yours"})
		}
		list[i].ID = id
	}
	return problems, nil
}

// parseImport reads the file (UTF-8, with or without a byte-order mark, ',' or ';'
// as the export wrote it) into resources, or the problems of each wrong line.
func parseImport(data []byte, progs []Programme, admin bool) ([]model.LearningResource, []views.LineProblem) {
	if len(data) > MaxImportBytes {
		return nil, []views.LineProblem{{Message: "learning.import_too_big"}}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return nil, []views.LineProblem{{Message: "learning.import_not_utf8"}}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, []views.LineProblem{{Line: 1, Message: "learning.import_bad_header"}}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"slug", "kind", "title", "lang"} {
		if _, ok := col[need]; !ok {
			return nil, []views.LineProblem{{Line: 1, Field: need, Message: "learning.import_bad_header"}}
		}
	}
	var list []model.LearningResource
	var problems []views.LineProblem
	seen := map[string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, views.LineProblem{Line: line, Message: "learning.import_bad_line"})
			break
		}
		if len(list)+len(problems) >= MaxImportRows {
			problems = append(problems, views.LineProblem{Line: line, Message: "learning.import_too_many"})
			break
		}
		f := Fields{}
		for name, i := range col {
			if i < len(rec) {
				f[name] = unneutralise(rec[i])
			}
		}
		res, errs := parseResource(f, progs, admin)
		if seen[res.Slug] && res.Slug != "" {
			errs.Add("slug", "learning.err_slug_twice")
		}
		seen[res.Slug] = true
		for _, field := range sortedKeys(errs) {
			problems = append(problems, views.LineProblem{Line: line, Field: field, Message: errs[field]})
		}
		list = append(list, res)
	}
	if len(list) == 0 && len(problems) == 0 {
		problems = append(problems, views.LineProblem{Message: "learning.import_empty"})
	}
	return list, problems
}

// unneutralise undoes httpx.Neutralise's leading apostrophe, so an exported file
// imports as it was.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}
