package components

import (
	"bytes"
	"context"
	"io"

	"github.com/a-h/templ"

	"spor/internal/model"
)

type labelsKey struct{}

// WithErrorSummary renders its children (a form) with an error summary above them
// whose every line names the field it is about ("Title: Fill in the field."). The
// form is drawn first, into a buffer, so that the labels its fields carry are known
// when the summary is written; no form needs to list its labels twice.
func WithErrorSummary(errs model.Errors) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		children := templ.GetChildren(ctx)
		ctx = templ.ClearChildren(ctx)
		if len(errs) == 0 {
			return children.Render(ctx, w)
		}
		labels := map[string]string{}
		ctx = context.WithValue(ctx, labelsKey{}, labels)
		var form bytes.Buffer
		if err := children.Render(ctx, &form); err != nil {
			return err
		}
		if err := ErrorSummary(errs).Render(ctx, w); err != nil {
			return err
		}
		_, err := form.WriteTo(w)
		return err
	})
}

// noteLabel records a field's label for the summary WithErrorSummary writes.
func noteLabel(ctx context.Context, f Field) {
	labels, ok := ctx.Value(labelsKey{}).(map[string]string)
	switch {
	case !ok:
	case f.Summary != "":
		labels[f.Name] = f.Summary
	case f.Label != "":
		labels[f.Name] = f.Label
	}
}

// fieldLabel is the label of the field called name, when the form has drawn it.
func fieldLabel(ctx context.Context, name string) string {
	labels, _ := ctx.Value(labelsKey{}).(map[string]string)
	return labels[name]
}
