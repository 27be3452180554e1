package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// PlainText turns Markdown source into readable plain text for places that show no
// HTML (a calendar entry's DESCRIPTION, schema.org's description, meta
// descriptions): no emphasis marks, links as "text (address)", list items with a
// dash, blocks separated by a blank line. Raw HTML in the source is dropped, as
// Render drops it.
func PlainText(source string) string {
	src := []byte(source)
	doc := md.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.HardLineBreak() || n.SoftLineBreak() {
				b.WriteByte('\n')
			}
			return
		case *ast.String:
			b.Write(n.Value)
			return
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			blockEnd(&b)
			return
		case *ast.RawHTML, *ast.HTMLBlock:
			return
		case *ast.AutoLink:
			b.Write(n.URL(src))
			return
		case *ast.ListItem:
			b.WriteString("- ")
		case *east.TableCell:
			if n.PreviousSibling() != nil {
				b.WriteString(" | ")
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
		switch n := n.(type) {
		case *ast.Link:
			if dest := string(n.Destination); dest != "" && dest != string(nodeText(n, src)) {
				b.WriteString(" (" + dest + ")")
			}
		case *ast.Image:
			// the alt text is written by the children; the address is noise here
		case *ast.ListItem, *east.TableRow, *east.TableHeader:
			if !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *ast.Blockquote, *ast.List, *ast.ThematicBreak, *east.Table:
			if _, inItem := n.Parent().(*ast.ListItem); !inItem {
				blockEnd(&b)
			} else if !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
		}
	}
	walk(doc)
	out := strings.TrimSpace(b.String())
	for strings.Contains(out, "\n\n\n") {
		out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
	}
	return out
}

// blockEnd ends a block with one blank line.
func blockEnd(b *strings.Builder) {
	s := b.String()
	switch {
	case strings.HasSuffix(s, "\n\n"):
	case strings.HasSuffix(s, "\n"):
		b.WriteByte('\n')
	default:
		b.WriteString("\n\n")
	}
}

// nodeText is the text of n's children, to compare a link's text with its address.
func nodeText(n ast.Node, src []byte) []byte {
	var out []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			out = append(out, t.Segment.Value(src)...)
		}
	}
	return out
}
