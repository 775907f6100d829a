package app

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// jsClient is the command that drives the official client library
// (standard-file-js under Node, .ci/jsbench; `make test` installs it).
func jsClient(t *testing.T) []string {
	t.Helper()
	script, _ := filepath.Abs(filepath.Join("..", ".ci", "jsbench", "sfjs-bench.js"))
	_, errMod := os.Stat(filepath.Join(filepath.Dir(script), "node_modules", "standard-file-js"))
	node, errNode := exec.LookPath("node")
	if errMod != nil || errNode != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the JS client is not installed (node: %v, module: %v)", errNode, errMod)
		}
		t.Skip("the JS client is not installed: run `make test`, which installs it")
	}
	return []string{node, script}
}

// TestCLIAgainstRealServerJSEdit: a note edited by the official JS client
// shows, after a sync, the time of that edit (its client_updated_at), not
// the server's save time; and sfnotes' own sync does not rewrite it.
func TestCLIAgainstRealServerJSEdit(t *testing.T) {
	setupEnv(t)
	js := jsClient(t)
	server := sftest.StartReal(t)
	a := t.TempDir()
	ok(t, a, "register", "--server", server, "--email", "js-edit@example.com", "--protocol", "003")
	id := strings.TrimSpace(ok(t, a, "new", "--title", "Shared", "--text", "written in sfnotes"))
	ok(t, a, "sync")
	cmd := exec.Command(js[0], js[1], "edit", server, "js-edit@example.com", os.Getenv("SFNOTES_PASSWORD"), id,
		"edited by the JS client")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("JS client: %v %s", err, out)
	}
	var r struct{ ClientUpdatedAt, UpdatedAt string }
	if err := json.Unmarshal(out, &struct {
		C *string `json:"client_updated_at"`
		U *string `json:"updated_at"`
	}{&r.ClientUpdatedAt, &r.UpdatedAt}); err != nil {
		t.Fatalf("JS client said %q: %v", out, err)
	}
	edited, saved := model.ParseTime(r.ClientUpdatedAt), model.ParseTime(r.UpdatedAt)
	if edited.IsZero() || saved.Sub(edited) < time.Second {
		t.Fatalf("the JS client's times: edited %s, saved %s", r.ClientUpdatedAt, r.UpdatedAt)
	}
	for i := 0; i < 2; i++ { // the sync that brings it, then one more
		ok(t, a, "sync")
		l := notesJSON(t, a)
		if len(l) != 1 || l[0].Text != "edited by the JS client" {
			t.Fatalf("after the JS edit: %+v", l)
		}
		if got := model.ParseTime(l[0].UpdatedAt); !got.Equal(edited) {
			t.Fatalf("sync %d: modified %s, want the JS client's edit time %s (the server saved it at %s)",
				i+1, l[0].UpdatedAt, r.ClientUpdatedAt, r.UpdatedAt)
		}
	}
}
