package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cliSuperUUID = "5c0ffee0-0000-4000-8000-000000000002"

// importSuper imports a decrypted backup (the official format) holding a
// Super note tagged "garden", and returns its Lexical text.
func importSuper(t *testing.T, d string) string {
	t.Helper()
	lex, err := os.ReadFile("../model/testdata/super-note.lexical.json")
	if err != nil {
		t.Fatal(err)
	}
	backup := map[string]any{"items": []any{
		map[string]any{"uuid": cliSuperUUID, "content_type": "Note", "created_at": "2026-11-01T09:00:00.000Z",
			"updated_at": "2026-11-20T10:00:00.000Z", "content": map[string]any{
				"title": "Garden", "text": string(lex), "noteType": "super",
				"editorIdentifier": "com.standardnotes.super-editor", "references": []any{},
				"appData": map[string]any{"org.standardnotes.sn": map[string]any{"client_updated_at": "2026-11-20T10:00:00.000Z"}}}},
		map[string]any{"uuid": "5c0ffee0-0000-4000-8000-0000000000aa", "content_type": "Tag", "created_at": "2026-11-01T09:00:00.000Z",
			"updated_at": "2026-11-20T10:00:00.000Z", "content": map[string]any{"title": "garden",
				"references": []any{map[string]any{"uuid": cliSuperUUID, "content_type": "Note"}}}},
	}}
	b, _ := json.Marshal(backup)
	f := filepath.Join(t.TempDir(), "backup.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, d, "import", f)
	return string(lex)
}

// `edit --text` on a Super note is refused with a non-zero exit and a message
// naming the plain-text copy; the note's text stays byte for byte.
func TestCLIEditTextOfSuperNoteRefused(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	lex := importSuper(t, d)
	code, _, errs := run(t, d, "", "edit", cliSuperUUID, "--text", "typed over")
	if code == 0 || !strings.Contains(errs, "copy-plain") {
		t.Errorf("edit --text on a Super note: exit %d, stderr %q", code, errs)
	}
	code, _, _ = run(t, d, "typed from a file", "edit", cliSuperUUID, "--text-file", "-")
	if code == 0 {
		t.Errorf("edit --text-file on a Super note: exit 0")
	}
	var n NoteJSON
	if err := json.Unmarshal([]byte(ok(t, d, "show", cliSuperUUID, "--json")), &n); err != nil {
		t.Fatal(err)
	}
	if n.Text != lex {
		t.Fatalf("the Super note's text changed: %.60q", n.Text)
	}
}

func TestCLISuperNoteShowAndCopyPlain(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	lex := importSuper(t, d)
	if out := ok(t, d, "help"); !strings.Contains(out, "copy-plain UUID") {
		t.Errorf("help does not name copy-plain")
	}
	ok(t, d, "edit", cliSuperUUID, "--title", "Garden 2027") // the title is a plain field
	var s ShowJSON
	if err := json.Unmarshal([]byte(ok(t, d, "show", cliSuperUUID, "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.NoteType != "super" || s.Text != lex || !strings.HasPrefix(s.Readable, "# Garden plan\n") || s.Title != "Garden 2027" {
		t.Fatalf("show --json: type %q title %q readable %.40q", s.NoteType, s.Title, s.Readable)
	}
	human := ok(t, d, "show", cliSuperUUID)
	if !strings.Contains(human, "- [x] Order the shed") || strings.Contains(human, `"root"`) ||
		!strings.Contains(human, "sfnotes copy-plain "+cliSuperUUID) {
		t.Errorf("show: %s", human)
	}
	cp := strings.TrimSpace(ok(t, d, "copy-plain", cliSuperUUID))
	var c ShowJSON
	if err := json.Unmarshal([]byte(ok(t, d, "show", cp, "--json")), &c); err != nil {
		t.Fatal(err)
	}
	if c.NoteType != "" || c.Text != s.Readable || c.Readable != c.Text || c.Title != "Garden 2027 (plain text)" ||
		len(c.Tags) != 1 || c.Tags[0] != "garden" {
		t.Fatalf("the copy: %+v", c.NoteJSON)
	}
	ok(t, d, "edit", cp, "--text", "mine now")
	if l := notesJSON(t, d, "--tag", "garden"); len(l) != 2 {
		t.Errorf("the tag holds %d notes, want the note and its copy", len(l))
	}
}
