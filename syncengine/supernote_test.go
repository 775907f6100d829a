package syncengine

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// TestSuperNoteTravelsUntouched: a Super note written as the official app
// writes it (device a stands in for it, storing the content byte for byte)
// syncs to sfnotes (device b), which pins it, tags it, retitles it and is
// refused a text edit, then syncs back. Device a gets every field but the
// ones the user changed exactly as it wrote them: the Lexical text byte for
// byte, noteType, editorIdentifier and the fields sfnotes does not know.
func TestSuperNoteTravelsUntouched(t *testing.T) {
	lex, err := os.ReadFile("../model/testdata/super-note.lexical.json")
	if err != nil {
		t.Fatal(err)
	}
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	const uuid = "5c0ffee0-0000-4000-8000-000000000003"
	official := `{"title":"Garden","text":` + quote(t, string(lex)) + `,"noteType":"super",` +
		`"editorIdentifier":"com.standardnotes.super-editor","references":[],` +
		`"preview_plain":"Garden plan Plant tomatoes","preview_html":"<p>Garden plan</p>","spellcheck":true,` +
		`"hidePreview":false,"trashed":false,"starred":false,"protected":false,` +
		`"appData":{"org.standardnotes.sn":{"client_updated_at":"2026-11-20T10:00:00.000Z","archived":false},` +
		`"org.standardnotes.sn.components":{"abc":{"mode":"x"}}}}`
	if err := a.store.Update(func(tx *model.Tx) error { return tx.PutLocal(uuid, model.TypeNote, official, "") }); err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.sync()

	text := "typed over"
	if err := b.store.EditNote(uuid, model.NoteEdit{Text: &text}); !errors.Is(err, model.ErrNotPlainText) {
		t.Fatalf("sfnotes edited the Super note's text: %v", err)
	}
	yes := true
	if err := b.store.EditNote(uuid, model.NoteEdit{Pinned: &yes}); err != nil {
		t.Fatal(err)
	}
	tag, err := b.store.CreateTag("garden")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.store.AddTag(uuid, tag.UUID); err != nil {
		t.Fatal(err)
	}
	b.sync()
	a.sync()

	got, err := a.store.Get(uuid)
	if err != nil {
		t.Fatal(err)
	}
	var before, after map[string]any
	_ = json.Unmarshal([]byte(official), &before)
	if err := json.Unmarshal([]byte(got.Content), &after); err != nil {
		t.Fatal(err)
	}
	if after["text"] != string(lex) {
		t.Fatalf("the Lexical text changed on its way through sfnotes")
	}
	for k, v := range before {
		if k == "appData" {
			continue
		}
		if !reflect.DeepEqual(after[k], v) {
			t.Errorf("%s: %v, was %v", k, after[k], v)
		}
	}
	app := after["appData"].(map[string]any)
	if !reflect.DeepEqual(app["org.standardnotes.sn.components"], before["appData"].(map[string]any)["org.standardnotes.sn.components"]) {
		t.Errorf("appData's components domain changed: %v", app)
	}
	if sn := app["org.standardnotes.sn"].(map[string]any); sn["pinned"] != true || sn["archived"] != false {
		t.Errorf("appData's sn domain: %v", sn)
	}
	n, err := a.store.GetNote(uuid)
	if err != nil || !n.Pinned || len(n.Tags) != 1 || n.Tags[0].Title != "garden" {
		t.Errorf("the pin and the tag did not arrive: %+v %v", n.NoteSummary, err)
	}
}

func quote(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFlagsTravelInTheOfficialShapes: archive, star, lock and protect set
// in sfnotes arrive on the other device where the official app reads them
// (appData for archived and locked, the top level for starred and
// protected), and that device's views follow.
func TestFlagsTravelInTheOfficialShapes(t *testing.T) {
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	n := a.note("Trip", "Lisbon")
	a.sync()
	b.sync()
	yes := true
	if err := b.store.EditNote(n.UUID, model.NoteEdit{Archived: &yes, Starred: &yes, Locked: &yes, Protected: &yes}); err != nil {
		t.Fatal(err)
	}
	b.sync()
	a.sync()
	got, err := a.store.Get(n.UUID)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Starred, Protected bool
		Archived, Locked   *bool // never at the top level
		AppData            map[string]map[string]any
	}
	if err := json.Unmarshal([]byte(got.Content), &c); err != nil {
		t.Fatal(err)
	}
	sn := c.AppData["org.standardnotes.sn"]
	if !c.Starred || !c.Protected || c.Archived != nil || c.Locked != nil || sn["archived"] != true || sn["locked"] != true {
		t.Fatalf("content on the other device: %s", got.Content)
	}
	if l, _ := a.store.ListNotes(model.NoteQuery{View: model.ViewArchived}); len(l) != 1 || !l[0].Locked {
		t.Fatalf("the other device's archive: %+v", l)
	}
	if l, _ := a.store.ListNotes(model.NoteQuery{}); len(l) != 0 {
		t.Fatalf("an archived note in All notes on the other device: %+v", l)
	}
}
