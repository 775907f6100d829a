package syncengine

import (
	"context"
	"strings"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// TestDatesSurviveImportAndSync: notes imported from an export dated 2024
// keep their dates through the first sync and on a second device; the list
// sorts by them. Today's main showed the day of the sync for all of them.
func TestDatesSurviveImportAndSync(t *testing.T) {
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	file := `{"items":[
	 {"uuid":"old-1","content_type":"Note","created_at":"2024-03-01T10:00:00.000Z","updated_at":"2024-03-02T09:30:00.000Z",
	  "content":{"title":"Hand-written","text":"dated 2024-03-02","references":[]}},
	 {"uuid":"old-2","content_type":"Note","created_at":"2024-01-01T10:00:00.000Z","updated_at":"2024-01-05T08:00:00.000Z",
	  "content":{"title":"Older","text":"x","references":[],"appData":{"org.standardnotes.sn":{"client_updated_at":"2024-01-04T07:00:00.000Z"}}}}]}`
	p, err := ParseBackup(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Import(context.Background(), a.store, ""); err != nil {
		t.Fatal(err)
	}
	a.note("Today", "written now")
	a.sync()
	b.sync()
	want := map[string]string{"Hand-written": "2024-03-02T09:30:00Z", "Older": "2024-01-04T07:00:00Z"}
	for _, d := range []*device{a, b} {
		l, err := d.store.ListNotes(model.NoteQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(l) != 3 || l[0].Title != "Today" || l[1].Title != "Hand-written" || l[2].Title != "Older" {
			t.Fatalf("%s lists %+v", d.name, l)
		}
		for _, n := range l[1:] {
			if got := time.UnixMilli(n.ModifiedMs).UTC().Format(time.RFC3339); got != want[n.Title] {
				t.Fatalf("%s: %q modified %s, want %s", d.name, n.Title, got, want[n.Title])
			}
		}
	}
}
