package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Super note's text is the state of the Lexical editor the official app
// uses, as JSON: {"root":{"type":"root","children":[blocks…]}}. Blocks are
// paragraph, heading (tag h1…h6), quote, code (language), list (listType
// bullet, number or check; its listitems carry value and, in check lists,
// checked; a nested list sits in a listitem of its own), table (tablerow,
// tablecell), horizontalrule and collapsible containers; inline nodes are
// text, code-highlight, linebreak, tab, link and autolink (their children
// hold the text, url the target), snbubble (itemUuid: an inline link to
// another item) and snfile (fileUuid: an attachment).
//
// sfnotes never writes this JSON: rewriting it as plain text would destroy
// the note for the official app. RenderSuper only reads it, into readable
// lines (Markdown-like, so a plain-text copy keeps the structure).

// ErrNotLexical means a Super note's text is not a Lexical editor state.
var ErrNotLexical = errors.New("not a Lexical editor state")

// lexNode is one node of a Lexical state, with the fields RenderSuper uses.
type lexNode struct {
	Type     string    `json:"type"`
	Text     string    `json:"text"`
	Tag      string    `json:"tag"`
	ListType string    `json:"listType"`
	Start    int       `json:"start"`
	Value    int       `json:"value"`
	Checked  bool      `json:"checked"`
	Language string    `json:"language"`
	ItemUUID string    `json:"itemUuid"`
	FileUUID string    `json:"fileUuid"`
	Children []lexNode `json:"children"`
}

// TitleOf names the item a Super note links to (snbubble, snfile), or ""
// when it is not known here.
type TitleOf func(uuid string) string

// RenderSuper turns a Super note's text into readable text: one line per
// paragraph, headings as "# ", lists as "- ", "1. ", checklists as "- [ ] "
// and "- [x] ", quotes as "> ", code fenced with ```, links by their text,
// inline links to other items as [[title]] (title from titleOf, which may be
// nil). It fails with ErrNotLexical when text is not a Lexical state; it
// never panics on any input.
func RenderSuper(text string, titleOf TitleOf) (string, error) {
	var state struct {
		Root *lexNode `json:"root"`
	}
	if err := json.Unmarshal([]byte(text), &state); err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotLexical, err)
	}
	if state.Root == nil {
		return "", fmt.Errorf("%w: no root node", ErrNotLexical)
	}
	r := lexRenderer{titleOf: titleOf}
	r.blocks(state.Root.Children, "")
	return strings.TrimRight(strings.Join(r.lines, "\n"), "\n"), nil
}

type lexRenderer struct {
	titleOf TitleOf
	lines   []string
}

// line adds one block's text, every line of it behind prefix (the first) and
// an indent as wide (the rest), so a list item's second line stays inside it.
func (r *lexRenderer) line(prefix, text string) {
	cont := strings.Repeat(" ", len([]rune(prefix)))
	for i, l := range strings.Split(text, "\n") {
		p := prefix
		if i > 0 {
			p = cont
		}
		r.lines = append(r.lines, strings.TrimRight(p+l, " "))
	}
}

// blocks renders a list of block nodes, each line behind indent.
func (r *lexRenderer) blocks(nodes []lexNode, indent string) {
	for _, n := range nodes {
		r.block(n, indent)
	}
}

func (r *lexRenderer) block(n lexNode, indent string) {
	switch n.Type {
	case "heading":
		level := 1
		if len(n.Tag) == 2 && n.Tag[0] == 'h' && n.Tag[1] >= '1' && n.Tag[1] <= '6' {
			level = int(n.Tag[1] - '0')
		}
		r.line(indent+strings.Repeat("#", level)+" ", r.inline(n.Children))
	case "quote":
		r.line(indent+"> ", r.inline(n.Children))
	case "code":
		r.lines = append(r.lines, indent+"```"+n.Language)
		r.line(indent, r.inline(n.Children))
		r.lines = append(r.lines, indent+"```")
	case "list":
		r.list(n, indent)
	case "horizontalrule":
		r.lines = append(r.lines, indent+"---")
	case "table":
		r.table(n, indent)
	case "paragraph", "":
		r.line(indent, r.inline(n.Children))
	default:
		if hasBlocks(n.Children) {
			r.blocks(n.Children, indent) // collapsible containers and the like
			return
		}
		r.line(indent, r.inline([]lexNode{n}))
	}
}

// hasBlocks reports whether nodes hold a block (their parent is a container).
func hasBlocks(nodes []lexNode) bool {
	for _, c := range nodes {
		switch c.Type {
		case "paragraph", "heading", "quote", "code", "list", "table", "horizontalrule",
			"collapsible-container", "collapsible-title", "collapsible-content":
			return true
		}
	}
	return false
}

// list renders a list's items; a nested list (a listitem holding a list)
// is indented by two spaces more.
func (r *lexRenderer) list(n lexNode, indent string) {
	num := n.Start
	if num < 1 {
		num = 1
	}
	for _, item := range n.Children {
		if nested := nestedList(item); nested != nil {
			r.list(*nested, indent+"  ")
			continue
		}
		var marker string
		switch n.ListType {
		case "check":
			marker = "- [ ] "
			if item.Checked {
				marker = "- [x] "
			}
		case "number":
			if item.Value > 0 {
				num = item.Value
			}
			marker = strconv.Itoa(num) + ". "
			num++
		default:
			marker = "- "
		}
		r.line(indent+marker, r.inline(item.Children))
	}
}

// nestedList is the list a listitem holds in place of text, if it does.
func nestedList(item lexNode) *lexNode {
	for i := range item.Children {
		if item.Children[i].Type == "list" {
			return &item.Children[i]
		}
	}
	return nil
}

// table renders each row as "| a | b |".
func (r *lexRenderer) table(n lexNode, indent string) {
	for _, row := range n.Children {
		cells := make([]string, 0, len(row.Children))
		for _, cell := range row.Children {
			var parts []string
			for _, p := range cell.Children {
				parts = append(parts, r.inline(p.Children))
			}
			cells = append(cells, strings.ReplaceAll(strings.Join(parts, " "), "\n", " "))
		}
		r.lines = append(r.lines, indent+"| "+strings.Join(cells, " | ")+" |")
	}
}

// inline joins the text of inline nodes.
func (r *lexRenderer) inline(nodes []lexNode) string {
	var b strings.Builder
	for _, n := range nodes {
		switch n.Type {
		case "linebreak":
			b.WriteString("\n")
		case "tab":
			b.WriteString("\t")
		case "snbubble":
			b.WriteString("[[" + r.title(n.ItemUUID, "linked note") + "]]")
		case "snfile":
			b.WriteString("[attachment: " + r.title(n.FileUUID, "file") + "]")
		default:
			b.WriteString(n.Text)
			b.WriteString(r.inline(n.Children)) // link, autolink, mark…
		}
	}
	return b.String()
}

// title names a linked item by its title, else by what it is.
func (r *lexRenderer) title(uuid, what string) string {
	if r.titleOf != nil {
		if t := r.titleOf(uuid); t != "" {
			return t
		}
	}
	return what
}
