package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIFlags(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	// Flags as the official app writes them.
	file := filepath.Join(t.TempDir(), "b.json")
	backup := `{"items":[{"uuid":"f-1","content_type":"Note","created_at":"2026-11-01T09:00:00.000Z","updated_at":"2026-11-02T09:00:00.000Z",
	  "content":{"title":"Official","text":"x","references":[],"starred":true,"protected":true,
	  "appData":{"org.standardnotes.sn":{"archived":true,"locked":true}}}}]}`
	if err := os.WriteFile(file, []byte(backup), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, d, "import", file)
	uuid := strings.TrimSpace(ok(t, d, "new", "--title", "Mine", "--text", "words"))
	if l := notesJSON(t, d); len(l) != 1 || l[0].Title != "Mine" {
		t.Fatalf("all: %+v (the archived note must not be listed)", l)
	}
	a := notesJSON(t, d, "--view", "archived")
	if len(a) != 1 || !a[0].Archived || !a[0].Locked || !a[0].Starred || !a[0].Protected {
		t.Fatalf("archived: %+v", a)
	}
	ok(t, d, "star", uuid)
	ok(t, d, "archive", uuid)
	if l := notesJSON(t, d, "--view", "archived"); len(l) != 2 {
		t.Fatalf("archived after archive: %d", len(l))
	}
	ok(t, d, "unarchive", uuid)
	if l := notesJSON(t, d, "--view", "starred"); len(l) != 1 || l[0].UUID != uuid || !l[0].Starred {
		t.Fatalf("starred: %+v", l)
	}
	ok(t, d, "lock", uuid)
	code, _, errs := run(t, d, "", "edit", uuid, "--text", "changed")
	if code != 1 || !strings.Contains(errs, "unlock") {
		t.Fatalf("edit of a locked note: exit %d %q", code, errs)
	}
	ok(t, d, "edit", uuid, "--title", "Forced", "--force")
	ok(t, d, "unlock", uuid)
	ok(t, d, "unstar", uuid)
	ok(t, d, "edit", uuid, "--text", "changed")
	var s ShowJSON
	if err := json.Unmarshal([]byte(ok(t, d, "show", uuid, "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Title != "Forced" || s.Text != "changed" || s.Locked || s.Starred || s.Archived {
		t.Fatalf("show: %+v", s.NoteJSON)
	}
	// A protected note's text only with --reveal.
	var p ShowJSON
	_ = json.Unmarshal([]byte(ok(t, d, "show", "f-1", "--json")), &p)
	if p.Text != "" || p.Readable != "" || !p.Protected {
		t.Fatalf("protected note shown: %+v", p)
	}
	_ = json.Unmarshal([]byte(ok(t, d, "show", "f-1", "--json", "--reveal")), &p)
	if p.Text != "x" || p.Readable != "x" {
		t.Fatalf("--reveal: %+v", p)
	}
	if out := ok(t, d, "show", "f-1"); strings.Contains(out, "\nx\n") || !strings.Contains(out, "--reveal") {
		t.Fatalf("show of a protected note: %q", out)
	}
	if l := notesJSON(t, d, "--view", "archived"); l[0].Text != "" {
		t.Fatalf("notes --json shows a protected note's text")
	}
	ok(t, d, "protect", uuid)
	if l := notesJSON(t, d, "--reveal"); !l[0].Protected || l[0].Text != "changed" {
		t.Fatalf("protect: %+v", l[0])
	}
	ok(t, d, "unprotect", uuid)
	if l := notesJSON(t, d); l[0].Protected || l[0].Text != "changed" {
		t.Fatalf("unprotect: %+v", l[0])
	}
	ok(t, d, "tag", uuid, "trips")
	ok(t, d, "archive", uuid)
	if l := notesJSON(t, d, "--tag", "trips"); len(l) != 0 {
		t.Fatalf("an archived note in its tag's list: %+v", l)
	}
	if l := notesJSON(t, d, "--tag", "trips", "--archived"); len(l) != 1 {
		t.Fatalf("--archived: %d notes", len(l))
	}
	ok(t, d, "unarchive", uuid)
	if code, _, _ := run(t, d, "", "notes", "--view", "nowhere"); code != 2 {
		t.Fatalf("--view nowhere: exit %d", code)
	}
	if out := ok(t, d, "notes", "--view", "archived"); !strings.Contains(out, "[archived] [starred] [locked] [protected]") {
		t.Fatalf("notes: %q", out)
	}
}
