package model

import "testing"

// TestMergeTagsRewritesNoteReferences: a note that references the merged tag
// itself (the 0.10.0 layout) is pointed at the tag that stays, once.
func TestMergeTagsRewritesNoteReferences(t *testing.T) {
	s := openTest(t)
	into, _ := s.CreateTag("Work")
	from, _ := s.CreateTag("Other")
	n, _ := s.CreateNote("Old style", "x")
	err := s.Update(func(tx *Tx) error {
		return tx.PutLocal(n.UUID, TypeNote, `{"title":"Old style","text":"x","references":[`+
			`{"uuid":"`+from.UUID+`","content_type":"Tag"},{"uuid":"`+into.UUID+`","content_type":"Tag"}]}`, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MergeTags(into.UUID, from.UUID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetNote(n.UUID)
	if len(got.Tags) != 1 || got.Tags[0].UUID != into.UUID {
		t.Fatalf("the note's tags: %+v", got.Tags)
	}
	it, _ := s.Get(n.UUID)
	if c := parseContent(it.Content).references(); len(c) != 1 || c[0].UUID != into.UUID {
		t.Fatalf("the note references %+v", c)
	}
	if _, err := s.TagByTitle("Other"); err == nil {
		t.Fatal("the merged tag is still listed")
	}
}
