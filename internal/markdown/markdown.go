// Package markdown renders the Markdown that coordinators write into HTML that is
// safe to show: goldmark renders it (raw HTML in the source is dropped), bluemonday's
// UGC policy then removes anything executable — <script>, on* attributes,
// javascript: and data: links — as a second, independent line of defence.
// Content is rendered once, on save, and stored beside its source.
package markdown

import (
	"bytes"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Table, extension.Strikethrough))

	policy = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(false)
		p.RequireNoReferrerOnLinks(true)
		p.AllowURLSchemes("http", "https", "mailto", "tel")
		return p
	})
)

// Render turns Markdown source into sanitised HTML.
func Render(source string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(source), &buf); err != nil {
		return "", err
	}
	return policy().Sanitize(buf.String()), nil
}
