package model

import (
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// The bulk upsert names every column of the items table, in the order
// itemArgs gives them: a field added to Item without a column here fails.
func TestItemColumnsMatchSchema(t *testing.T) {
	sch, err := schema.Parse(&Item{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sch.DBNames, itemColumns) {
		t.Fatalf("items columns %v, bulk upsert writes %v", sch.DBNames, itemColumns)
	}
	if n := len(itemArgs(&Item{})); n != len(itemColumns) {
		t.Fatalf("itemArgs gives %d values for %d columns", n, len(itemColumns))
	}
}

// A received item written by the bulk upsert reads back field for field, and
// a second upsert of the same uuid replaces every column.
func TestUpsertItemsRoundTrip(t *testing.T) {
	s := openTest(t)
	want := Item{UUID: "u-1", ContentType: TypeNote, Content: `{"title":"T","text":"x"}`, EncContent: "e",
		EncItemKey: "k", AuthHash: "h", ItemsKeyID: "ik", ServerCreatedAt: "c", ServerUpdatedAt: "u",
		Deleted: true, Dirty: true, Changes: 7, DecryptError: "d", BaseHash: "b", Title: "T", Preview: "p",
		Search: "s", Pinned: true, Archived: true, Trashed: true, ConflictOf: "o", CreatedMs: 11, ModifiedMs: 12}
	for round := 0; round < 2; round++ {
		if err := s.Update(func(tx *Tx) error { return tx.upsertItems([]Item{want}) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get("u-1")
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("round %d: stored %+v, want %+v", round, got, want)
		}
		want = Item{UUID: "u-1", ContentType: TypeTag, Content: `{"title":"t2"}`, Title: "t2", ModifiedMs: 99}
	}
}

// Strings JSON would alter (not valid UTF-8, a NUL) are stored byte for byte
// beside ordinary ones received in the same batch.
func TestApplyRemoteBatchKeepsOddBytes(t *testing.T) {
	s := openTest(t)
	odd := map[string]string{
		"u-bad":  "{\"title\":\"caf\xe9\",\"text\":\"latin-1 byte\"}",
		"u-nul":  "{\"title\":\"a\x00b\",\"text\":\"nul\"}",
		"u-ok":   `{"title":"fine ☃ \"q\" \\ </>","text":"line\nnext\ttab \u2028"}`,
		"u-ok-2": `{"title":"😀","text":""}`,
	}
	var rs []Remote
	for u, c := range odd {
		rs = append(rs, Remote{UUID: u, ContentType: TypeNote, Content: c, CreatedAt: "2020-01-01T00:00:00.000Z",
			UpdatedAt: "2020-01-01T00:00:00.000Z", EncContent: "e\xff"})
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		t.Fatal(err)
	}
	for u, c := range odd {
		got, err := s.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		if got.Content != c {
			t.Errorf("%s: stored %q, received %q", u, got.Content, c)
		}
	}
}
