package app

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"sfnotes/model"
)

// TestCLIHistoryAndRestore: the command line replacing a note's text keeps
// the old text in the history; `restore` brings it back, and a note deleted
// forever can be brought back the same way.
func TestCLIHistoryAndRestore(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	out := ok(t, d, "new", "--title", "Plan", "--text", "the first plan")
	uuid := strings.Fields(out)[len(strings.Fields(out))-1]
	if out := ok(t, d, "history", uuid); !strings.Contains(out, "no earlier versions") {
		t.Fatalf("history of a new note: %q", out)
	}
	ok(t, d, "edit", uuid, "--text", "the second plan")
	var revs []revisionJSON
	if err := json.Unmarshal([]byte(ok(t, d, "history", "--json", uuid)), &revs); err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 || revs[0].Text != "the first plan" || revs[0].Title != "Plan" {
		t.Fatalf("history: %+v", revs)
	}
	// Versions kept within a minute are told apart: the human list reads to the second.
	if out := ok(t, d, "history", uuid); !regexp.MustCompile(`\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t`).MatchString(out) {
		t.Fatalf("history without seconds: %q", out)
	}
	ok(t, d, "restore", fmt.Sprint(revs[0].Version))
	if n := notesJSON(t, d); len(n) != 1 || n[0].Text != "the first plan" {
		t.Fatalf("after restore: %+v", n)
	}
	ok(t, d, "rm", "--forever", uuid)
	if err := json.Unmarshal([]byte(ok(t, d, "history", "--json", uuid)), &revs); err != nil || len(revs) != 3 || revs[0].Reason != model.ReasonDeleted {
		t.Fatalf("history of a deleted note: %+v %v", revs, err)
	}
	ok(t, d, "restore", fmt.Sprint(revs[0].Version))
	if n := notesJSON(t, d); len(n) != 1 || n[0].Text != "the first plan" || n[0].UUID == uuid {
		t.Fatalf("a deleted note restored as %+v", n)
	}
	if code, _, _ := run(t, d, "", "restore", "x"); code != 2 {
		t.Fatalf("restore x: exit %d", code)
	}
	if code, _, errs := run(t, d, "", "restore", "424242"); code != 1 || !strings.Contains(errs, "No such version") {
		t.Fatalf("restore of a missing version: %d %q", code, errs)
	}
}
