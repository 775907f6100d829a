package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIHumanCountsHaveSeparators: the command line's human output writes
// counts as people read them (1,234), its --json output as numbers.
func TestCLIHumanCountsHaveSeparators(t *testing.T) {
	setupEnv(t)
	var items []map[string]any
	for i := range 1234 {
		items = append(items, map[string]any{
			"uuid":         fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			"content_type": "Note",
			"created_at":   "2026-01-02T03:04:05.000Z",
			"updated_at":   "2026-01-02T03:04:05.000Z",
			"content":      map[string]any{"title": fmt.Sprintf("n%d", i), "text": "x", "references": []any{}},
		})
	}
	b, _ := json.Marshal(map[string]any{"items": items})
	file := filepath.Join(t.TempDir(), "backup.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	d := t.TempDir()
	if out := ok(t, d, "import", file); !strings.Contains(out, "1,234 notes") {
		t.Fatalf("import said %q", out)
	}
	if out := ok(t, d, "status"); !strings.Contains(out, "notes: 1,234\n") {
		t.Fatalf("status said %q", out)
	}
	var st Status
	json.Unmarshal([]byte(ok(t, d, "status", "--json")), &st)
	if st.Notes != 1234 {
		t.Fatalf("status --json: %+v", st)
	}
}
