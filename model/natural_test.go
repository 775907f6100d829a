package model

import (
	"slices"
	"testing"
)

func TestNaturalCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"tag2", "tag10", -1},
		{"tag10", "tag2", 1},
		{"Tag1", "tag1", 0},
		{"a", "B", -1},
		{"tag", "tag1", -1},
		{"v1.9", "v1.10", -1},
		{"x007", "x7", 1},
		{"x99999999999999999999999", "x100000000000000000000000", -1},
		{"ärger", "Ärger", 0},
		{"", "", 0},
	} {
		if got := NaturalCompare(c.a, c.b); got != c.want {
			t.Errorf("NaturalCompare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestTagsSortNaturally: the tag list (sidebar, command line) and a note's
// tags read tag2 before tag10 (they read tag1, tag10, tag11, tag2).
func TestTagsSortNaturally(t *testing.T) {
	s := openTest(t)
	n, err := s.CreateNote("n", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tag10", "tag2", "Tag1", "tag11", "alpha"} {
		tag, err := s.CreateTag(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddTag(n.UUID, tag.UUID); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"alpha", "Tag1", "tag2", "tag10", "tag11"}
	tags, err := s.ListTags()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range tags {
		got = append(got, tg.Title)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("ListTags: %q, want %q", got, want)
	}
	note, err := s.GetNote(n.UUID)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, tg := range note.Tags {
		got = append(got, tg.Title)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("a note's tags: %q, want %q", got, want)
	}
}
