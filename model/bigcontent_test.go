package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestScanContentReadsAsParseContent: the streaming reader gives the same
// fields (but references) and the same references as parseContent and
// references(), for ordinary, odd and broken contents.
func TestScanContentReadsAsParseContent(t *testing.T) {
	for _, s := range []string{
		`{"title":"t","text":"x","references":[{"uuid":"a","content_type":"Note"},{"uuid":"b","content_type":"Tag","extra":[1,{"x":"]"}]}]}`,
		`{"references":[],"title":"t"}`,
		`{"references":null,"appData":{"org.standardnotes.sn":{"client_updated_at":"2024-01-01T00:00:00.000Z"}}}`,
		`{"references":{"uuid":"a"},"title":"object, not a list"}`,
		`{"references":"nope","title":"a string"}`,
		`{"references":[{"uuid":"a","content_type":"Note"},"bad",{"uuid":"c","content_type":"Note"}],"title":"a bad entry"}`,
		`{"references":[{"uuid":5}],"title":"a number uuid"}`,
		`{"title":"esc \" ] } \\","references":[{"uuid":"a\u0062","CONTENT_TYPE":"Note"}]}`,
		` { "title" : "spaces" , "references" : [ { "uuid" : "a" , "content_type" : "Note" } ] } `,
		`{"title":"trailing"} x`,
		`{"title":"cut","references":[{"uuid":"a"`,
		`["not an object"]`,
		`"a string"`,
		``,
		`{}`,
	} {
		want := parseContent(s)
		wantRefs := want.references()
		delete(want, "references")
		var got []Reference
		c, ok := scanContent(s, func(r Reference) { got = append(got, r) })
		if !ok {
			got = nil
		}
		if !maps.EqualFunc(c, want, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
			t.Errorf("%s: fields %v, want %v", s, c, want)
		}
		if !reflect.DeepEqual(got, wantRefs) && (len(got) > 0 || len(wantRefs) > 0) {
			t.Errorf("%s: references %v, want %v", s, got, wantRefs)
		}
	}
}

// TestAppendReference: one entry goes at the end of the top-level list,
// every other byte kept; layouts it does not read plainly are left to the
// parse-and-rewrite path.
func TestAppendReference(t *testing.T) {
	entry := `{"uuid":"n","content_type":"Note"}`
	for _, c := range []struct{ in, want string }{
		{`{"references":[]}`, `{"references":[` + entry + `]}`},
		{`{"references":[ ] }`, `{"references":[ ` + entry + `] }`},
		{`{"title":"a ] \" [","references":[{"uuid":"x","content_type":"Note","k":[1]}],"text":"}"}`,
			`{"title":"a ] \" [","references":[{"uuid":"x","content_type":"Note","k":[1]}` + "," + entry + `],"text":"}"}`},
		{`{"appData":{"references":[]},"references":[{"uuid":"x"}]}`, `{"appData":{"references":[]},"references":[{"uuid":"x"},` + entry + `]}`},
		{"{\n  \"references\": [\n    {\"uuid\": \"x\"}\n  ]\n}\n", "{\n  \"references\": [\n    {\"uuid\": \"x\"}\n  ," + entry + "]\n}\n"},
	} {
		got, ok := appendReference(c.in, Reference{UUID: "n", ContentType: TypeNote})
		if !ok || got != c.want {
			t.Errorf("%s: got %s, %v; want %s", c.in, got, ok, c.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%s: not JSON after: %s", c.in, got)
		}
	}
	for _, in := range []string{`{"title":"no list"}`, `{"references":null}`, `{"r\u0065ferences":[]}`,
		`{"references":[]} trailing`, `[]`, `{"references":[}`} {
		if got, ok := appendReference(in, Reference{UUID: "n", ContentType: TypeNote}); ok {
			t.Errorf("%s: appended to a layout it should leave alone: %s", in, got)
		}
	}
}

// bigTag is the content of a tag referencing ids, in the official apps'
// layout with spaces and an extra field per entry, longer than bigContent.
func bigTag(title string, ids []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"title": %q, "references": [`, title)
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"uuid": %q, "content_type": "Note", "x": %d}`, id, i)
	}
	b.WriteString(`], "appData": {"other": {"kept": true}}}`)
	return b.String()
}

type linkRow struct {
	Rowid int64
	Note  string
}

func linkRows(t *testing.T, s *Store, tag string) map[string]int64 {
	t.Helper()
	var rows []linkRow
	if err := s.db.Raw(`SELECT rowid, note FROM tag_notes WHERE tag = ? AND owner = ?`, tag, tag).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Note] = r.Rowid
	}
	return out
}

// TestBigTagLinksByDifference: a tag longer than bigContent, its references
// partly to notes that do not exist, repeated once. Storing it links every
// note once; storing it again with one reference dropped and one added
// deletes one link and writes one, and leaves every other link's row as it
// was (before, every link of the tag was deleted and written again).
func TestBigTagLinksByDifference(t *testing.T) {
	s := openTest(t)
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf("note-%05d", i)
	}
	if _, err := s.CreateNote("real", "one that exists"); err != nil {
		t.Fatal(err)
	}
	content := bigTag("Big", append(slices.Clone(ids), ids[0]))
	if len(content) <= bigContent {
		t.Fatalf("the tag is %d bytes, not big", len(content))
	}
	put := func(c string) {
		t.Helper()
		if err := s.Update(func(tx *Tx) error { return tx.PutLocal("big", TypeTag, c, "") }); err != nil {
			t.Fatal(err)
		}
	}
	put(content)
	before := linkRows(t, s, "big")
	if len(before) != len(ids) {
		t.Fatalf("%d links, want %d", len(before), len(ids))
	}
	next := append(slices.Clone(ids[1:]), "note-new")
	put(bigTag("Big renamed", next))
	after := linkRows(t, s, "big")
	if len(after) != len(next) {
		t.Fatalf("%d links after the change, want %d", len(after), len(next))
	}
	if _, ok := after[ids[0]]; ok {
		t.Fatal("the dropped reference is still linked")
	}
	rewritten := 0
	for _, id := range ids[1:] {
		if after[id] != before[id] {
			rewritten++
		}
	}
	if rewritten > 0 {
		t.Fatalf("%d of %d unchanged links were deleted and written again", rewritten, len(ids)-1)
	}
	if it, _ := s.Get("big"); it.Title != "Big renamed" {
		t.Fatalf("title %q", it.Title)
	}
	// References that are not a list: no links, as before.
	put(`{"title":"Big","references":{"uuid":"a","content_type":"Note"},"pad":"` + strings.Repeat("x", bigContent) + `"}`)
	if n := len(linkRows(t, s, "big")); n != 0 {
		t.Fatalf("%d links from a broken list", n)
	}
}

// TestTagOneMoreKeepsBigTagBytes: tagging one more note appends one entry
// to a big tag's references and keeps every other byte of its content
// (spaces, extra fields, other keys) as it was. Before, the whole list was
// parsed and written again (each entry re-encoded, its keys reordered).
func TestTagOneMoreKeepsBigTagBytes(t *testing.T) {
	s := openTest(t)
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprintf("note-%05d", i)
	}
	content := bigTag("Big", ids)
	if err := s.Update(func(tx *Tx) error { return tx.PutLocal("big", TypeTag, content, "") }); err != nil {
		t.Fatal(err)
	}
	n, err := s.CreateNote("one more", "x")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Get("big")
	if err := s.AddTag(n.UUID, "big"); err != nil {
		t.Fatal(err)
	}
	it, _ := s.Get("big")
	closing := strings.LastIndex(content, "]")
	want := content[:closing] + `,{"uuid":"` + n.UUID + `","content_type":"Note"}` + content[closing:]
	if it.Content != want {
		t.Fatalf("the tag's content changed beyond the one entry:\n%.300s…", it.Content)
	}
	if !it.Dirty || it.Changes != before.Changes+1 || it.Title != "Big" {
		t.Fatalf("dirty %v, changes %d (was %d), title %q", it.Dirty, it.Changes, before.Changes, it.Title)
	}
	if got, _ := s.CountNotes(NoteQuery{Tag: "big"}); got != 1 {
		t.Fatalf("the tag lists %d notes, want the one that exists", got)
	}
	if len(linkRows(t, s, "big")) != len(ids)+1 {
		t.Fatal("the new link is missing")
	}
	// Tagging it again changes nothing.
	if err := s.AddTag(n.UUID, "big"); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Get("big"); again.Content != want || again.Changes != it.Changes {
		t.Fatal("tagging a note already in the tag changed it")
	}
}

// TestConflictCopyJoinsBigTagByAppending: a conflicted copy of a note in a
// big tag joins the tag by one entry appended to its text, every other
// byte kept, and one link. Before, the tag's list was parsed and written
// again (re-encoded) and every link rewritten.
func TestConflictCopyJoinsBigTagByAppending(t *testing.T) {
	s := openTest(t)
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprintf("note-%05d", i)
	}
	content := bigTag("Big", ids)
	if err := s.Update(func(tx *Tx) error { return tx.PutLocal("big", TypeTag, content, "") }); err != nil {
		t.Fatal(err)
	}
	var copyID string
	err := s.Update(func(tx *Tx) error {
		var err error
		copyID, err = tx.CreateConflictCopy(ids[5], TypeNote, `{"title":"other","text":"x","references":[]}`, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	it, _ := s.Get("big")
	closing := strings.LastIndex(content, "]")
	if want := content[:closing] + `,{"uuid":"` + copyID + `","content_type":"Note"}` + content[closing:]; it.Content != want {
		t.Fatalf("the tag's content changed beyond the one entry:\n%.300s…", it.Content)
	}
	if _, ok := linkRows(t, s, "big")[copyID]; !ok || len(linkRows(t, s, "big")) != len(ids)+1 {
		t.Fatal("the copy is not linked to the tag")
	}
}

// TestMergeIntoBigTagAppendsOnlyNewNotes: another tag of the same name
// (an import of the same backup again, with more notes) merged into a big
// tag appends only the notes it does not hold yet, keeps every other byte
// and leaves the existing links' rows alone; merging it again changes
// nothing. Before, both lists were parsed and the tag's written again.
func TestMergeIntoBigTagAppendsOnlyNewNotes(t *testing.T) {
	s := openTest(t)
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf("note-%05d", i)
	}
	content := bigTag("Big", ids[:2000])
	if err := s.Update(func(tx *Tx) error { return tx.PutLocal("big", TypeTag, content, "") }); err != nil {
		t.Fatal(err)
	}
	before := linkRows(t, s, "big")
	incoming := bigTag("big", append(slices.Clone(ids[1000:]), "big"))
	merge := func() bool {
		t.Helper()
		var added bool
		if err := s.Update(func(tx *Tx) error {
			var err error
			added, err = tx.MergeTagInto("big", incoming)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return added
	}
	if !merge() {
		t.Fatal("the merge added nothing")
	}
	var entries []string
	for _, id := range ids[2000:] {
		entries = append(entries, `{"uuid":"`+id+`","content_type":"Note"}`)
	}
	closing := strings.LastIndex(content, "]")
	want := content[:closing] + "," + strings.Join(entries, ",") + content[closing:]
	it, _ := s.Get("big")
	if it.Content != want {
		t.Fatalf("the merged tag is not the old text with the new notes appended:\n%.300s…", it.Content)
	}
	after := linkRows(t, s, "big")
	if len(after) != len(ids) {
		t.Fatalf("%d links, want %d", len(after), len(ids))
	}
	for _, id := range ids[:2000] {
		if after[id] != before[id] {
			t.Fatalf("the link to %s was written again", id)
		}
	}
	if merge() {
		t.Fatal("merging the same tag again added something")
	}
	if again, _ := s.Get("big"); again.Content != want {
		t.Fatal("merging the same tag again changed it")
	}
}
