package model

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// superLexical is a Super note's text as the official app's Lexical editor
// writes it (testdata/super-note.lexical.json: every block kind a user makes,
// with the fields Lexical itself stores).
func superLexical(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/super-note.lexical.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const superRendered = "# Garden plan\n" +
	"Plant tomatoes after the last frost; see the docs.\n" +
	"\n" +
	"## Shopping\n" +
	"- Seeds\n" +
	"  - Basil\n" +
	"  - Thyme\n" +
	"- Compost\n" +
	"1. Dig\n" +
	"2. Sow\n" +
	"- [x] Order the shed\n" +
	"- [ ] Fix the fence\n" +
	"> The best time to plant a tree\n" +
	"  was twenty years ago.\n" +
	"```javascript\n" +
	"const rows = 4\n" +
	"plant(rows)\n" +
	"```\n" +
	"Related: [[Seed catalogue]]\n" +
	"---\n" +
	"| Bed | Crop |\n" +
	"| North | Beans |\n" +
	"[attachment: file]"

func TestRenderSuper(t *testing.T) {
	titles := map[string]string{"0d1c3c4e-aaaa-4bbb-8ccc-000000000001": "Seed catalogue"}
	got, err := RenderSuper(superLexical(t), func(u string) string { return titles[u] })
	if err != nil {
		t.Fatal(err)
	}
	if got != superRendered {
		t.Errorf("rendered:\n%s\n--- want:\n%s", got, superRendered)
	}
	// Without a way to look titles up, a link is still readable.
	got, _ = RenderSuper(superLexical(t), nil)
	if !strings.Contains(got, "Related: [[linked note]]") {
		t.Errorf("snbubble without titles: %q", got)
	}
}

func TestRenderSuperMalformed(t *testing.T) {
	for _, text := range []string{"", "plain words", "{", `{"root":null}`, `[1,2]`, `{"root":{"children":7}}`,
		`{"root":{"children":[{"type":"list","children":[{"type":"listitem","children":[{"type":"list"}]}]}]}}`,
		`{"root":{"children":[{"type":"heading","tag":"h"},{"type":"table","children":[{"children":[{}]}]},{"type":"weird","text":"kept"}]}}`,
		strings.Repeat(`{"root":{"children":[`, 3000)} {
		got, err := RenderSuper(text, nil)
		if err == nil && text != "" && !json.Valid([]byte(text)) {
			t.Errorf("%.40q: accepted invalid JSON as %q", text, got)
		}
		if err != nil && !errors.Is(err, ErrNotLexical) {
			t.Errorf("%.40q: error %v is not ErrNotLexical", text, err)
		}
		// A note whose text is not Lexical is shown as it is.
		if r := readable(NoteTypeSuper, text, nil); err != nil && r != text {
			t.Errorf("%.40q: readable %q, want the raw text", text, r)
		}
	}
	if got, _ := RenderSuper(`{"root":{"children":[{"type":"heading","tag":"h"},{"type":"weird","text":"kept"}]}}`, nil); got != "#\nkept" {
		t.Errorf("odd nodes: %q", got)
	}
}

// superContent is a Super note's content as the official app writes it,
// with fields sfnotes does not use.
func superContent(t testing.TB, text string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"title": "Garden", "text": text, "noteType": "super",
		"editorIdentifier": "com.standardnotes.super-editor", "references": []any{},
		"preview_plain": "Garden plan Plant tomatoes", "spellcheck": true,
		"appData": map[string]any{"org.standardnotes.sn": map[string]any{"client_updated_at": "2026-11-20T10:00:00.000Z"},
			"org.standardnotes.sn.components": map[string]any{"x": 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func putSuper(t testing.TB, s *Store, uuid string) string {
	t.Helper()
	c := superContent(t, superLexical(t))
	if err := s.Update(func(tx *Tx) error { return tx.PutLocal(uuid, TypeNote, c, "") }); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNoteTypes(t *testing.T) {
	for _, c := range []struct {
		content  string
		want     string
		editable bool
	}{
		{`{"text":"x"}`, "", true},
		{`{"noteType":"plain-text"}`, NoteTypePlain, true},
		{`{"noteType":"markdown","editorIdentifier":"org.standardnotes.advanced-markdown-editor"}`, NoteTypeMarkdown, true},
		{`{"noteType":"task"}`, NoteTypeTask, true},
		{`{"noteType":"code"}`, NoteTypeCode, true},
		{`{"noteType":"super"}`, NoteTypeSuper, false},
		{`{"noteType":"spreadsheet"}`, NoteTypeSpreadsheet, false},
		{`{"noteType":"authentication"}`, NoteTypeAuthentication, false},
		{`{"noteType":"rich-text"}`, NoteTypeRichText, false},
		{`{"noteType":"something-new"}`, "something-new", false},
		{`{"editorIdentifier":"com.standardnotes.super-editor"}`, NoteTypeSuper, false},
		{`{"editorIdentifier":"org.standardnotes.token-vault"}`, NoteTypeAuthentication, false},
		{`{"editorIdentifier":"org.standardnotes.token-vault","appData":{"org.standardnotes.sn":{"prefersPlainEditor":true}}}`, "", true},
		{`{"editorIdentifier":"org.example.vim"}`, "", true},
	} {
		got := noteTypeOf(parseContent(c.content))
		if got != c.want || TextEditable(got) != c.editable {
			t.Errorf("%s: type %q editable %v, want %q %v", c.content, got, TextEditable(got), c.want, c.editable)
		}
	}
}

// A Super note's text is refused as a plain-text edit; title, pin and tags
// still change, and the text stays byte for byte.
func TestSuperNoteTextIsNotEditable(t *testing.T) {
	s := openTest(t)
	uuid := NewUUID()
	putSuper(t, s, uuid)
	text := "typed over"
	err := s.EditNote(uuid, NoteEdit{Text: &text})
	if !errors.Is(err, ErrNotPlainText) {
		t.Fatalf("edit of a Super note's text: %v, want ErrNotPlainText", err)
	}
	title, yes := "Garden 2027", true
	if err := s.EditNote(uuid, NoteEdit{Title: &title, Pinned: &yes}); err != nil {
		t.Fatal(err)
	}
	tag, err := s.CreateTag("outside")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddTag(uuid, tag.UUID); err != nil {
		t.Fatal(err)
	}
	n, err := s.GetNote(uuid)
	if err != nil {
		t.Fatal(err)
	}
	if n.Text != superLexical(t) || n.NoteType != NoteTypeSuper || n.TextEditable {
		t.Fatalf("note after edits: type %q editable %v, text changed: %v", n.NoteType, n.TextEditable, n.Text != superLexical(t))
	}
	c := parseContent(n.Content)
	for _, k := range []string{"noteType", "editorIdentifier", "preview_plain", "spellcheck"} {
		if string(c[k]) != string(parseContent(superContent(t, superLexical(t)))[k]) {
			t.Errorf("%s changed: %s", k, c[k])
		}
	}
	if !strings.Contains(string(c["appData"]), `"org.standardnotes.sn.components":{"x":1}`) {
		t.Errorf("appData's other domain lost: %s", c["appData"])
	}
	if !strings.HasPrefix(n.Readable, "# Garden plan\n") || !strings.HasPrefix(n.Preview, "Garden plan Plant tomatoes") {
		t.Errorf("readable %.40q, preview %q", n.Readable, n.Preview)
	}
}

// The search finds a Super note by its words, not by its JSON's.
func TestSuperNoteSearchesItsText(t *testing.T) {
	s := openTest(t)
	uuid := NewUUID()
	putSuper(t, s, uuid)
	if got := titles(t, s, NoteQuery{Search: "twenty years"}); got != "Garden" {
		t.Errorf("search by its words: %q", got)
	}
	if got := titles(t, s, NoteQuery{Search: "paragraph"}); got != "" {
		t.Errorf("search by a Lexical key: %q", got)
	}
}

func TestCopyAsPlain(t *testing.T) {
	s := openTest(t)
	uuid := NewUUID()
	before := putSuper(t, s, uuid)
	tag, _ := s.CreateTag("garden")
	if err := s.AddTag(uuid, tag.UUID); err != nil {
		t.Fatal(err)
	}
	stored, _ := s.Get(uuid)
	cp, err := s.CopyAsPlain(uuid)
	if err != nil {
		t.Fatal(err)
	}
	if cp.UUID == uuid || cp.Title != "Garden"+PlainCopySuffix || !cp.TextEditable || cp.NoteType != "" {
		t.Fatalf("copy: %+v", cp.NoteSummary)
	}
	if !strings.HasPrefix(cp.Text, "# Garden plan\n") || !strings.Contains(cp.Text, "- [x] Order the shed") {
		t.Errorf("copy's text: %q", cp.Text)
	}
	if len(cp.Tags) != 1 || cp.Tags[0].UUID != tag.UUID {
		t.Errorf("copy's tags: %+v", cp.Tags)
	}
	text := "now mine"
	if err := s.EditNote(cp.UUID, NoteEdit{Text: &text}); err != nil {
		t.Errorf("editing the copy: %v", err)
	}
	after, _ := s.Get(uuid)
	if after.Content != stored.Content || !strings.Contains(before, `"noteType":"super"`) {
		t.Errorf("the original changed")
	}
}

func TestRenderHTML(t *testing.T) {
	in := `<h2>Trip &amp; plans</h2><p>Pack <b>light</b>, see <a href="https://x.example">the list</a>.</p>` +
		`<ul><li>Passport</li><li><input type="checkbox" checked> Tickets</li><li><input type="checkbox"> Charger</li></ul>` +
		`<div>line one<br>line two</div><script>alert(1)</script><p></p><p></p><table><tr><td>a</td><td>b</td></tr></table>`
	want := "## Trip & plans\nPack light, see the list.\n- Passport\n- [x] Tickets\n- [ ] Charger\nline one\nline two\n| a | b"
	if got := RenderHTML(in); got != want {
		t.Errorf("rendered:\n%q\nwant\n%q", got, want)
	}
	for _, odd := range []string{"", "plain words", "<p", "</li></ul>", "<<<>>>", strings.Repeat("<div>", 5000)} {
		_ = RenderHTML(odd) // never panics
	}
	if n := readable(NoteTypeRichText, "<p>x</p>", nil); n != "x" {
		t.Errorf("readable rich text: %q", n)
	}
	s := openTest(t)
	if err := s.Update(func(tx *Tx) error {
		return tx.PutLocal("rt", TypeNote, `{"title":"Trip","text":"<p>Pack <b>light</b></p>","noteType":"rich-text"}`, "")
	}); err != nil {
		t.Fatal(err)
	}
	n, _ := s.GetNote("rt")
	if n.Preview != "Pack light" || n.TextEditable || n.Readable != "Pack light" {
		t.Errorf("a rich-text note: preview %q, editable %v, readable %q", n.Preview, n.TextEditable, n.Readable)
	}
	if got := titles(t, s, NoteQuery{Search: "light"}); got != "Trip" {
		t.Errorf("search: %q", got)
	}
	if got := titles(t, s, NoteQuery{Search: "<b>"}); got != "" {
		t.Errorf("search by markup: %q", got)
	}
}
