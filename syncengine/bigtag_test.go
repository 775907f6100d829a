package syncengine

import (
	"encoding/json"
	"fmt"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// TestBigRepetitiveTagKeepsSyncing: another client's tag on 11,000 notes,
// listing one note twice, reaches a device; then both devices edit one of
// its notes offline, so the conflicted copy must be added to that tag (a
// local write of an 11,000-reference tag). Today's main failed here with
// "too many SQL variables" on every later sync, and with a UNIQUE constraint
// on the repeated reference.
func TestBigRepetitiveTagKeepsSyncing(t *testing.T) {
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	const n = 11000
	ids := make([]string, n)
	refs := make([]model.Reference, 0, n+1)
	err := a.store.Update(func(tx *model.Tx) error {
		for i := range ids {
			ids[i] = model.NewUUID()
			if err := tx.PutLocal(ids[i], model.TypeNote, fmt.Sprintf(`{"title":"n%d","text":"t","references":[]}`, i), ""); err != nil {
				return err
			}
			refs = append(refs, model.Reference{UUID: ids[i], ContentType: model.TypeNote})
		}
		refs = append(refs, refs[0])
		tag, _ := json.Marshal(map[string]any{"title": "Everything", "references": refs})
		return tx.PutLocal("big-tag", model.TypeTag, string(tag), "")
	})
	if err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.sync()
	tags, _ := b.store.ListTags()
	if len(tags) != 1 || tags[0].Count != n {
		t.Fatalf("B's tags: %+v", tags)
	}
	a.edit(ids[3], "A's offline edit")
	b.edit(ids[3], "B's offline edit")
	a.sync()
	b.sync() // a conflict: the copy joins the big tag
	a.sync()
	b.sync()
	if c, _ := b.store.ConflictCount(); c != 1 {
		t.Fatalf("%d conflicted copies, want 1", c)
	}
	for _, d := range []*device{a, b} {
		tags, _ := d.store.ListTags()
		if len(tags) != 1 || tags[0].Count != n+1 {
			t.Fatalf("%s's tags after the conflict: %+v", d.name, tags)
		}
		if d.dirty() != 0 {
			t.Fatalf("%s has %d dirty items: sync stopped", d.name, d.dirty())
		}
	}
	converged(t, a, b)
}
