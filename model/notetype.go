package model

import (
	"errors"
	"fmt"
	"strings"
)

// Note types as the official app writes them in a note's content
// (noteType). Its editors store very different things in text: Markdown and
// code as they are typed, task lists as "- [ ] " lines, but Super notes a
// Lexical editor state, rich text HTML, spreadsheets and the token vault
// JSON. Only the first kind may be edited here as plain text.
const (
	NoteTypePlain          = "plain-text"
	NoteTypeMarkdown       = "markdown"
	NoteTypeCode           = "code"
	NoteTypeTask           = "task"
	NoteTypeSuper          = "super"
	NoteTypeRichText       = "rich-text"
	NoteTypeSpreadsheet    = "spreadsheet"
	NoteTypeAuthentication = "authentication"
	NoteTypeUnknown        = "unknown"
)

// ErrNotPlainText means a note's text is not plain text (a Super note, a
// spreadsheet…) and cannot be edited as such without destroying it for the
// official app; a plain-text copy can be.
var ErrNotPlainText = errors.New("this type of note cannot be edited as plain text")

// editorTypes maps the official editors' package ids to the type of note
// they write, for notes from before noteType existed. Ids are matched by
// their last part (com.standardnotes.x and org.standardnotes.x alike).
var editorTypes = map[string]string{
	"plain-text":          "",
	"super-editor":        NoteTypeSuper,
	"markdown-editor":     NoteTypeMarkdown,
	"advanced-markdown":   NoteTypeMarkdown,
	"simple-markdown":     NoteTypeMarkdown,
	"markdown-pro":        NoteTypeMarkdown,
	"markdown-basic":      NoteTypeMarkdown,
	"markdown-math":       NoteTypeMarkdown,
	"markdown-visual":     NoteTypeMarkdown,
	"minimal-markdown":    NoteTypeMarkdown,
	"fancy-markdown":      NoteTypeMarkdown,
	"code-editor":         NoteTypeCode,
	"simple-task-editor":  NoteTypeTask,
	"task-editor":         NoteTypeTask,
	"token-vault":         NoteTypeAuthentication,
	"standard-sheets":     NoteTypeSpreadsheet,
	"bold-editor":         NoteTypeRichText,
	"plus-editor":         NoteTypeRichText,
	"rich-text-editor":    NoteTypeRichText,
	"secure-spreadsheets": NoteTypeSpreadsheet,
}

// noteTypeOf is a note's type as the official app reads it: noteType when
// set; else plain when the user chose the plain editor (prefersPlainEditor);
// else the type of a known editorIdentifier. An editor we do not know counts
// as plain, as a note with no type at all does: the official app shows such
// notes in its plain editor too.
func noteTypeOf(c content) string {
	if t := c.str("noteType"); t != "" {
		return t
	}
	id := c.str("editorIdentifier")
	if i := strings.LastIndexByte(id, '.'); i >= 0 {
		id = id[i+1:]
	}
	// appData is read only for a typed editor: derive runs this on every
	// note stored, and most have no editor at all.
	if t := editorTypes[id]; t != "" && !c.appBool("prefersPlainEditor") {
		return t
	}
	return ""
}

// TextEditable reports whether sfnotes may edit the text of a note of this
// type as plain text and the official app still reads it back: plain text
// and Markdown (the rule), and also code (the code editor's text is
// the source as typed) and task lists (the task editor reads each line as a
// task, "- [ ] " or "- [x] ", and any other line as an open task). Super,
// rich text, spreadsheets, the token vault and types we do not know are
// shown read-only.
func TextEditable(noteType string) bool {
	switch noteType {
	case "", NoteTypePlain, NoteTypeMarkdown, NoteTypeCode, NoteTypeTask:
		return true
	}
	return false
}

// TypeName is how the window and the command line name a note type.
func TypeName(noteType string) string {
	switch noteType {
	case "", NoteTypePlain:
		return "plain text"
	case NoteTypeSuper:
		return "Super"
	case NoteTypeRichText:
		return "rich text"
	case NoteTypeAuthentication:
		return "authenticator (token vault)"
	case NoteTypeMarkdown:
		return "Markdown"
	}
	return noteType
}

// ReadableText is a text of a note of this type as a person reads it (an
// earlier version from the history, say): a Super note's rendered, with
// inline links named by what they are.
func ReadableText(noteType, text string) string { return readable(noteType, text, nil) }

// readable is a note's text as a person reads it: a Super note rendered
// (its raw text when that is not a Lexical state), a rich-text note's HTML
// as text, any other note as it is.
func readable(noteType, text string, titleOf TitleOf) string {
	if noteType == NoteTypeRichText {
		return RenderHTML(text)
	}
	if noteType != NoteTypeSuper {
		return text
	}
	r, err := RenderSuper(text, titleOf)
	if err != nil {
		return text
	}
	return r
}

// PlainCopySuffix ends the title of a plain-text copy.
const PlainCopySuffix = " (plain text)"

// CopyAsPlain makes a new plain-text note from any note: its readable text
// (a Super note rendered), its title marked as a copy, and the same tags.
// The original is left exactly as it was. This is the way to edit a note
// whose text cannot be edited as plain text.
func (s *Store) CopyAsPlain(uuid string) (Note, error) {
	n, err := s.GetNote(uuid)
	if err != nil {
		return Note{}, err
	}
	if n.DecryptError != "" {
		return Note{}, fmt.Errorf("note %s: %w", uuid, ErrReadOnly)
	}
	tags := make([]string, 0, len(n.Tags))
	for _, t := range n.Tags {
		tags = append(tags, t.UUID)
	}
	return s.CreateNote(n.Title+PlainCopySuffix, n.Readable, tags...)
}
