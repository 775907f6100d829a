package model

import (
	"encoding/json"
	"fmt"
	"testing"
)

// bigTagContent is a tag's content referencing every note in ids, with the
// first note listed twice (a list a server or a file may send).
func bigTagContent(t *testing.T, title string, ids []string) string {
	t.Helper()
	refs := make([]Reference, 0, len(ids)+1)
	for _, id := range ids {
		refs = append(refs, Reference{UUID: id, ContentType: TypeNote})
	}
	refs = append(refs, Reference{UUID: ids[0], ContentType: TypeNote})
	b, err := json.Marshal(map[string]any{"title": title, "references": refs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func linkCount(t *testing.T, s *Store, tag string) int {
	t.Helper()
	var n int64
	if err := s.db.Model(&TagNote{}).Where("tag = ?", tag).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestHugeAndRepeatedReferences: a tag on 11,000 notes, listing one of them
// twice, is stored by every write path (a local write as import does it, a
// retrieved item one at a time and in a batch), and a later local change to
// that tag (a conflicted copy of one of its notes re-points the tag) still
// saves. Today's main failed with "too many SQL variables" and "UNIQUE
// constraint failed: tag_notes".
func TestHugeAndRepeatedReferences(t *testing.T) {
	s := openTest(t)
	const n = 11000
	ids := make([]string, n)
	remotes := make([]Remote, 0, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("note-%05d", i)
		remotes = append(remotes, Remote{UUID: ids[i], ContentType: TypeNote,
			Content:   fmt.Sprintf(`{"title":"n%d","text":"t","references":[]}`, i),
			CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-01T00:00:00.000Z"})
	}
	tag := bigTagContent(t, "Everything", ids)
	err := s.Update(func(tx *Tx) error {
		if _, err := tx.ApplyRemoteBatch(remotes); err != nil {
			return err
		}
		return tx.PutLocal("tag-local", TypeTag, tag, "")
	})
	if err != nil {
		t.Fatalf("local write of a tag on %d notes: %v", n, err)
	}
	if got := linkCount(t, s, "tag-local"); got != n {
		t.Fatalf("tag-local has %d links, want %d", got, n)
	}

	// Retrieved: one at a time (a conflict's server copy) and in a batch.
	err = s.Update(func(tx *Tx) error {
		if _, err := tx.ApplyRemote(Remote{UUID: "tag-one", ContentType: TypeTag, Content: tag,
			CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-01T00:00:00.000Z"}); err != nil {
			return err
		}
		_, err := tx.ApplyRemoteBatch([]Remote{{UUID: "tag-batch", ContentType: TypeTag, Content: tag,
			CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-01T00:00:00.000Z"}})
		return err
	})
	if err != nil {
		t.Fatalf("retrieved tag on %d notes: %v", n, err)
	}
	for _, id := range []string{"tag-one", "tag-batch"} {
		if got := linkCount(t, s, id); got != n {
			t.Fatalf("%s has %d links, want %d", id, got, n)
		}
	}

	// A conflicted copy of one of its notes: every tag holding the note now
	// also holds the copy, a local write of the 11,000-reference tags.
	var copyID string
	err = s.Update(func(tx *Tx) error {
		var err error
		copyID, err = tx.CreateConflictCopy(ids[5], TypeNote, `{"title":"other","text":"x","references":[]}`, "")
		return err
	})
	if err != nil {
		t.Fatalf("conflicted copy of a note in a huge tag: %v", err)
	}
	for _, id := range []string{"tag-local", "tag-one", "tag-batch"} {
		if got := linkCount(t, s, id); got != n+1 {
			t.Fatalf("%s has %d links after the copy, want %d", id, got, n+1)
		}
	}
	tags, err := s.ListTags()
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 3 || tags[0].Count != n+1 {
		t.Fatalf("tags %+v, want 3 tags of %d notes", tags, n+1)
	}
	if _, err := s.GetNote(copyID); err != nil {
		t.Fatal(err)
	}
	// Tagging and untagging through the store API still work on it.
	if err := s.RemoveTag(ids[7], "tag-local"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTag(ids[7], "tag-local"); err != nil {
		t.Fatal(err)
	}
	if got := linkCount(t, s, "tag-local"); got != n+1 {
		t.Fatalf("tag-local has %d links after untag/tag, want %d", got, n+1)
	}
}
