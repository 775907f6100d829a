package model

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A rich-text note (the official app's older Bold and Plus editors) keeps
// HTML in its text. sfnotes shows it read-only as readable lines, in the
// same Markdown-like shape as a Super note: paragraphs and breaks as lines,
// headings as "# ", list items as "- ", checkboxes as "[ ] "/"[x] ", links
// by their text; tags and scripts dropped, entities decoded.

// RenderHTML turns a rich-text note's HTML into readable text. It never
// fails: HTML parsing is forgiving, and whatever is not markup is text.
func RenderHTML(text string) string {
	z := html.NewTokenizer(strings.NewReader(text))
	var b strings.Builder
	skip := 0 // inside <script> or <style>
	newline := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteString("\n")
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(collapseBlankLines(b.String()))
		case html.TextToken:
			if skip == 0 {
				writeText(&b, string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.DataAtom {
			case atom.Script, atom.Style:
				if t.Type == html.StartTagToken {
					skip++
				}
			case atom.Br, atom.P, atom.Div, atom.Tr, atom.Blockquote, atom.Pre:
				newline()
			case atom.Li:
				newline()
				b.WriteString("- ")
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				newline()
				b.WriteString(strings.Repeat("#", int(t.Data[1]-'0')) + " ")
			case atom.Input:
				if attr(t, "type") == "checkbox" {
					if _, on := attrOK(t, "checked"); on {
						b.WriteString("[x] ")
					} else {
						b.WriteString("[ ] ")
					}
				}
			case atom.Td, atom.Th:
				b.WriteString(" | ")
			}
		case html.EndTagToken:
			t := z.Token()
			switch t.DataAtom {
			case atom.Script, atom.Style:
				if skip > 0 {
					skip--
				}
			case atom.P, atom.Div, atom.Li, atom.Tr, atom.Blockquote, atom.Pre,
				atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				newline()
			}
		}
	}
}

func attr(t html.Token, key string) string {
	v, _ := attrOK(t, key)
	return v
}

func attrOK(t html.Token, key string) (string, bool) {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// collapseBlankLines keeps at most one empty line in a row and trims the
// spaces at the ends of lines.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// writeText adds text with each run of white space as one space, and none
// at the start of a line or after a space already written.
func writeText(b *strings.Builder, text string) {
	space := false
	for _, r := range text {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			if s := b.String(); s != "" && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\n") {
				b.WriteByte(' ')
			}
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
}
