package syncengine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"sfnotes/model"
)

// scenario is a two-device story run against a server URL with a fresh email.
// The same scenarios run against sftest (fast) and the real server.
type scenario struct {
	name string
	run  func(t *testing.T, server, email string)
}

var scenarios = []scenario{
	{"a_register_write_signin_identical", scenarioIdentical},
	{"b_offline_edits_keep_both", scenarioOfflineConflict},
	{"c_delete_travels", scenarioDelete},
	{"d_tags_and_trash_travel", scenarioTagsTrash},
	{"e_password_change", scenarioPasswordChange},
	{"f_2000_notes_both_ways", scenarioBulk},
	{"g_unknown_type_untouched", scenarioUnknownType},
	{"h_password_change_answer_lost", scenarioPasswordAnswerLost},
	{"i_password_change_before_seeing_uploads", scenarioPasswordUnseenUpload},
}

func runScenarios(t *testing.T, server string) int {
	ran := 0
	for i, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			email := fmt.Sprintf("sc%d-%d@example.com", i, time.Now().UnixNano())
			sc.run(t, server, email)
			ran++
		})
	}
	return ran
}

// pairProtocol is the protocol pair registers accounts with ("004" while
// TestRealServer004 runs the scenarios on 004 accounts).
var pairProtocol = "003"

func pair(t *testing.T, server, email string) (*device, *device) {
	a, b := newDevice(t, "A"), newDevice(t, "B")
	if pairProtocol == "004" {
		if _, err := a.acc.Register(context.Background(), RegisterOptions{Server: server, Email: email, Password: testPassword, Protocol: "004"}); err != nil {
			t.Fatalf("A register 004: %v", err)
		}
	} else {
		a.register(server, email)
	}
	b.signIn(server, email, testPassword)
	return a, b
}

func converged(t *testing.T, a, b *device) {
	t.Helper()
	if sa, sb := a.snapshot(), b.snapshot(); sa != sb {
		t.Fatalf("devices differ:\nA:\n%s\nB:\n%s", sa, sb)
	}
}

func scenarioIdentical(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	big := strings.Repeat("Grüße, 世界! 📝 ", 100*1024/20)
	a.note("Ünïcödé ✓", "naïve café — 日本語 — emoji 🎉", "Работа", "Ideas 💡")
	a.note("Big", big, "Ideas 💡")
	a.note("", "no title")
	r := a.sync()
	want := 5 // 3 notes, 2 tags
	if pairProtocol == "004" {
		want++ // and the new account's default items key
	}
	if r.Uploaded != want || a.dirty() != 0 {
		t.Fatalf("A uploaded %d, %d still dirty", r.Uploaded, a.dirty())
	}
	b.sync()
	converged(t, a, b)
	if got := b.texts(); !slices.Contains(got, big) || len(got) != 3 {
		t.Fatalf("B has %d notes", len(got))
	}
	tags, _ := b.store.ListTags()
	if len(tags) != 2 || tags[0].Title != "Ideas 💡" || tags[0].Count != 2 || tags[1].Title != "Работа" {
		t.Fatalf("B tags %+v", tags)
	}
}

func scenarioOfflineConflict(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	n := a.note("Shared", "original", "work")
	a.sync()
	b.sync()
	a.edit(n.UUID, "A's offline text")
	b.edit(n.UUID, "B's offline text")
	a.sync()
	b.sync()
	a.sync()
	b.sync()
	for _, d := range []*device{a, b} {
		got := d.texts()
		if !slices.Contains(got, "A's offline text") || !slices.Contains(got, "B's offline text") || len(got) != 2 {
			t.Fatalf("%s has %q, want both texts", d.name, got)
		}
		if c, _ := d.store.ConflictCount(); c != 1 {
			t.Fatalf("%s has %d conflicted copies", d.name, c)
		}
		tags, _ := d.store.ListTags()
		if len(tags) != 1 || tags[0].Count != 2 {
			t.Fatalf("%s: the copy should share the original's tag: %+v", d.name, tags)
		}
	}
	converged(t, a, b)
}

func scenarioDelete(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	keep := a.note("keep", "k")
	gone := a.note("gone", "g", "t")
	a.sync()
	b.sync()
	if err := a.store.DeleteForever(gone.UUID); err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.sync()
	if _, err := b.store.GetNote(gone.UUID); err == nil {
		t.Fatal("deleted note still on B")
	}
	if _, err := b.store.GetNote(keep.UUID); err != nil {
		t.Fatal(err)
	}
	tags, _ := b.store.ListTags()
	if len(tags) != 1 || tags[0].Count != 0 {
		t.Fatalf("tag on B %+v", tags)
	}
	converged(t, a, b)
}

func scenarioTagsTrash(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	n := a.note("n", "text", "old")
	a.sync()
	b.sync()
	tg, _ := a.store.TagByTitle("old")
	if err := a.store.RenameTag(tg.UUID, "renamed"); err != nil {
		t.Fatal(err)
	}
	fresh, _ := a.store.CreateTag("fresh")
	a.store.AddTag(n.UUID, fresh.UUID)
	yes := true
	a.store.EditNote(n.UUID, model.NoteEdit{Trashed: &yes, Pinned: &yes})
	a.sync()
	b.sync()
	got, err := b.store.GetNote(n.UUID)
	if err != nil || !got.Trashed || !got.Pinned || len(got.Tags) != 2 {
		t.Fatalf("B's note %+v %v", got, err)
	}
	if l, _ := b.store.ListNotes(model.NoteQuery{View: model.ViewTrash}); len(l) != 1 {
		t.Fatal("not in B's trash")
	}
	// Restore on B travels back.
	no := false
	b.store.EditNote(n.UUID, model.NoteEdit{Trashed: &no})
	b.sync()
	a.sync()
	if l, _ := a.store.ListNotes(model.NoteQuery{View: model.ViewTag, Tag: fresh.UUID}); len(l) != 1 {
		t.Fatal("restore did not reach A")
	}
	converged(t, a, b)
}

func scenarioPasswordChange(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	a.note("secret", "before the change", "x")
	a.sync()
	b.sync()
	const newPassword = "a new and longer password"
	if err := a.acc.ChangePassword(context.Background(), testPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	a.note("after", "written after the change")
	a.sync()
	if a.dirty() != 0 {
		t.Fatal("A did not re-upload everything")
	}
	_, err := b.trySync()
	if Classify(err) != KindAuth {
		t.Fatalf("B's sync after the change: %v, want sign in again", err)
	}
	if err := b.acc.SignIn(context.Background(), SignInOptions{Server: server, Email: email, Password: testPassword}); err == nil {
		t.Fatal("old password still signs in")
	}
	b.signIn(server, email, newPassword)
	b.sync()
	if n, _ := b.store.UndecryptableCount(); n != 0 {
		t.Fatalf("B cannot decrypt %d items", n)
	}
	// A third device that never saw the old keys decrypts everything too.
	c := newDevice(t, "C")
	c.signIn(server, email, newPassword)
	c.sync()
	if n, _ := c.store.UndecryptableCount(); n != 0 {
		t.Fatalf("C cannot decrypt %d items", n)
	}
	converged(t, a, b)
	converged(t, a, c)
}

func scenarioBulk(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	const n = 1000
	for i := 0; i < n; i++ {
		a.note(fmt.Sprintf("A %d", i), fmt.Sprintf("from A number %d", i))
		b.note(fmt.Sprintf("B %d", i), fmt.Sprintf("from B number %d", i))
	}
	a.sync()
	b.sync()
	a.sync()
	for _, d := range []*device{a, b} {
		if c, _ := d.store.CountNotes(model.NoteQuery{}); c != 2*n {
			t.Fatalf("%s has %d notes, want %d", d.name, c, 2*n)
		}
	}
	converged(t, a, b)
}

func scenarioUnknownType(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	const content = `{"name":"Custom editor","url":"https://example.com/e","area":"editor-editor","permissions":[{"name":"stream-context-item"}],"appData":{"x":{"y":1}},"references":[]}`
	err := a.store.Update(func(tx *model.Tx) error {
		return tx.PutLocal("7b1c3e2a-0000-4000-8000-000000000001", "SN|Component", content, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.sync()
	it, err := b.store.Get("7b1c3e2a-0000-4000-8000-000000000001")
	if err != nil || it.ContentType != "SN|Component" || it.Content != content {
		t.Fatalf("unknown item on B: %+v %v", it, err)
	}
	// B edits a note; the unknown item is not touched and not re-uploaded.
	b.note("n", "t")
	b.sync()
	if it2, _ := b.store.Get(it.UUID); it2.Content != content || it2.Dirty {
		t.Fatal("unknown item changed on B")
	}
	a.sync()
	converged(t, a, b)
}
