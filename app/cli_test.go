package app

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"sfnotes/syncengine/sftest"
)

// run invokes the command line in-process and returns exit code and output.
func run(t *testing.T, data string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"--data", data}, args...), IO{In: strings.NewReader(stdin), Out: &out, Err: &errb},
		func(*App) error { t.Fatal("the window must not open"); return nil })
	return code, out.String(), errb.String()
}

func ok(t *testing.T, data string, args ...string) string {
	t.Helper()
	code, out, errs := run(t, data, "", args...)
	if code != 0 {
		t.Fatalf("sfnotes %v: exit %d: %s", args, code, errs)
	}
	return out
}

func notesJSON(t *testing.T, data string, args ...string) []NoteJSON {
	t.Helper()
	var l []NoteJSON
	if err := json.Unmarshal([]byte(ok(t, data, append([]string{"notes", "--json"}, args...)...)), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func setupEnv(t *testing.T) {
	t.Setenv("SFNOTES_KEYRING", "off")
	t.Setenv("SFNOTES_PASSWORD", "a long test password")
}

func TestCLIUsageAndExitCodes(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	if code, out, _ := run(t, d, "", "help"); code != 0 || !strings.Contains(out, "sfnotes [--data DIR] notes") {
		t.Fatalf("help: %d %q", code, out)
	}
	for _, args := range [][]string{{"nonsense"}, {"show"}, {"new"}, {"edit", "x"}, {"register"}, {"notes", "--bogus"},
		{"new", "--title", "t", "--text", "a", "--text-file", "f"}, {"tag", "only-uuid"}} {
		if code, _, errs := run(t, d, "", args...); code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q (want 2 and one line)", args, code, errs)
		}
	}
	for _, args := range [][]string{{"show", "no-such-uuid"}, {"sync"}, {"signout"}, {"export", "--encrypted", filepath.Join(d, "x.json")},
		{"register", "--server", "http://example.com", "--email", "e@x"}} {
		if code, _, errs := run(t, d, "", args...); code != 1 || errs == "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q (want 1 and one line)", args, code, errs)
		}
	}
	if _, _, errs := run(t, d, "", "register", "--server", "http://example.com", "--email", "e@x"); !strings.Contains(errs, "plain http") {
		t.Errorf("insecure message: %q", errs)
	}
}

func TestCLILocalNotes(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	id := strings.TrimSpace(ok(t, d, "new", "--title", "Groceries", "--text", "milk and eggs", "--tag", "home", "--tag", "list"))
	textFile := filepath.Join(d, "t.txt")
	os.WriteFile(textFile, []byte("line one\nCafé ✓\n"), 0o600)
	id2 := strings.TrimSpace(ok(t, d, "new", "--title", "Café", "--text-file", textFile))
	l := notesJSON(t, d)
	if len(l) != 2 {
		t.Fatalf("notes: %+v", l)
	}
	if l := notesJSON(t, d, "--tag", "home"); len(l) != 1 || l[0].UUID != id || !slices.Equal(l[0].Tags, []string{"home", "list"}) {
		t.Fatalf("by tag: %+v", l)
	}
	if l := notesJSON(t, d, "--search", "CAFÉ"); len(l) != 1 || l[0].UUID != id2 || l[0].Text != "line one\nCafé ✓\n" {
		t.Fatalf("search: %+v", l)
	}
	ok(t, d, "edit", id, "--text", "milk, eggs, bread")
	ok(t, d, "tag", id, "urgent")
	ok(t, d, "untag", id, "list")
	var n NoteJSON
	json.Unmarshal([]byte(ok(t, d, "show", id, "--json")), &n)
	if n.Text != "milk, eggs, bread" || n.Title != "Groceries" || !slices.Equal(n.Tags, []string{"home", "urgent"}) {
		t.Fatalf("show: %+v", n)
	}
	ok(t, d, "rm", id)
	if l := notesJSON(t, d, "--trash"); len(l) != 1 || !l[0].Trashed {
		t.Fatalf("trash: %+v", l)
	}
	ok(t, d, "rm", id, "--forever")
	if code, _, _ := run(t, d, "", "show", id); code != 1 {
		t.Fatal("deleted note still shown")
	}
	var st Status
	json.Unmarshal([]byte(ok(t, d, "status", "--json")), &st)
	if st.SignedIn || st.Notes != 1 || st.Dirty == 0 {
		t.Fatalf("status %+v", st)
	}
}

func TestCLIExportImportRoundTrip(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	ok(t, d, "new", "--title", "one", "--text", "first", "--tag", "t")
	ok(t, d, "new", "--title", "two", "--text", "second")
	file := filepath.Join(t.TempDir(), "export.json")
	ok(t, d, "export", file)
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Fatalf("export file mode %o", st.Mode().Perm())
	}
	other := t.TempDir()
	out := ok(t, other, "import", file)
	if !strings.Contains(out, "Imported 2 notes and 1 tag.") {
		t.Fatalf("import said %q", out)
	}
	if l := notesJSON(t, other, "--tag", "t"); len(l) != 1 || l[0].Text != "first" {
		t.Fatalf("imported %+v", l)
	}
	// Importing again changes nothing; a changed copy becomes a conflicted copy.
	if out := ok(t, other, "import", file); !strings.Contains(out, "Imported nothing new.") || !strings.Contains(out, "3 items were already here, unchanged.") {
		t.Fatalf("second import: %q", out)
	}
	id := notesJSON(t, other, "--search", "first")[0].UUID
	ok(t, other, "edit", id, "--text", "changed here")
	ok(t, other, "import", file)
	l := notesJSON(t, other, "--search", "first")
	if len(l) != 1 || l[0].ConflictOf != id {
		t.Fatalf("conflicted copy %+v", l)
	}
	if n := notesJSON(t, other, "--search", "changed"); len(n) != 1 {
		t.Fatal("local edit lost on import")
	}
}

func TestCLIBadImportChangesNothing(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	ok(t, d, "new", "--title", "keep", "--text", "me")
	before := ok(t, d, "notes", "--json")
	dir := t.TempDir()
	bad := map[string][]byte{
		"truncated.json": []byte(`{"items":[{"uuid":"a","content_type":"Note","content":{"title":"x"`),
		"shape.json":     []byte(`{"items":{"not":"a list"}}`),
		"noitems.json":   []byte(`{"notes":[]}`),
		"binary.bin":     {0x89, 'P', 'N', 'G', 0, 1, 2, 3, 0xff},
		"nouuid.json":    []byte(`{"items":[{"content_type":"Note","content":{}}]}`),
		"badcontent.json": []byte(`{"items":[{"uuid":"a","content_type":"Note","content":{"title":"ok"}},` +
			`{"uuid":"b","content_type":"Note","content":42}]}`),
	}
	huge := bytes.Repeat([]byte(`{"items":[{"uuid":"u","content_type":"Note","content":{"title":"x"}},`), 50<<20/64)
	bad["50MB-unterminated.json"] = huge // 50 MB that never closes its list
	for name, b := range bad {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		code, _, errs := run(t, d, "", "import", p)
		if code != 1 || !strings.Contains(errs, "nothing was imported") {
			t.Errorf("%s: exit %d, %q", name, code, errs)
		}
	}
	if after := ok(t, d, "notes", "--json"); after != before {
		t.Fatal("a bad import changed the database")
	}
}

func TestCLIAgainstServer(t *testing.T) {
	setupEnv(t)
	srv := sftest.New().Start(t)
	cliTwoDevices(t, srv.URL)
}

func TestCLIAgainstRealServer(t *testing.T) {
	setupEnv(t)
	cliTwoDevices(t, sftest.StartReal(t))
}

// cliTwoDevices drives two data directories through the command line only.
func cliTwoDevices(t *testing.T, server string) {
	a, b := t.TempDir(), t.TempDir()
	ok(t, a, "new", "--title", "offline first", "--text", "written before the account", "--tag", "early")
	ok(t, a, "register", "--server", server, "--email", "cli@example.com")
	if out := ok(t, a, "sync"); !strings.Contains(out, "3 uploaded") && !strings.Contains(out, "2 uploaded") {
		t.Fatalf("sync said %q", out)
	}
	ok(t, b, "signin", "--server", server, "--email", "cli@example.com")
	ok(t, b, "sync")
	l := notesJSON(t, b)
	if len(l) != 1 || l[0].Text != "written before the account" || !slices.Equal(l[0].Tags, []string{"early"}) {
		t.Fatalf("B sees %+v", l)
	}
	var st Status
	json.Unmarshal([]byte(ok(t, b, "status", "--json")), &st)
	if !st.SignedIn || st.Email != "cli@example.com" || st.Dirty != 0 || st.LastSync == "" || st.Secrets != "file" {
		t.Fatalf("status %+v", st)
	}
	if fi, err := os.Stat(filepath.Join(b, CredentialsFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", fi, err)
	}
	// Encrypted backup round trip, with the right and the wrong password.
	backup := filepath.Join(t.TempDir(), "backup.json")
	ok(t, b, "export", "--encrypted", backup)
	raw, _ := os.ReadFile(backup)
	// (003 on the in-memory server, with auth_params; 004 on the real one,
	// which new accounts get there, with keyParams.)
	if bytes.Contains(raw, []byte("written before")) || !(bytes.Contains(raw, []byte(`"auth_params"`)) || bytes.Contains(raw, []byte(`"keyParams"`))) {
		t.Fatal("encrypted backup is not encrypted")
	}
	c := t.TempDir()
	t.Setenv("SFNOTES_PASSWORD", "wrong password")
	if code, _, errs := run(t, c, "", "import", backup); code != 1 || !strings.Contains(errs, "does not decrypt") {
		t.Fatalf("wrong backup password: %d %q", code, errs)
	}
	t.Setenv("SFNOTES_PASSWORD", "a long test password")
	ok(t, c, "import", backup)
	if l := notesJSON(t, c); len(l) != 1 || l[0].Text != "written before the account" {
		t.Fatalf("restored %+v", l)
	}
	// Password change from A; B must sign in again.
	t.Setenv("SFNOTES_NEW_PASSWORD", "the next long password")
	ok(t, a, "passwd")
	if code, _, errs := run(t, b, "", "sync"); code != 1 || !strings.Contains(errs, "Sign in again") {
		t.Fatalf("B after the change: %d %q", code, errs)
	}
	t.Setenv("SFNOTES_PASSWORD", "the next long password")
	ok(t, b, "signin", "--server", server, "--email", "cli@example.com")
	ok(t, b, "sync")
	json.Unmarshal([]byte(ok(t, b, "status", "--json")), &st)
	if st.Undecryptable != 0 || st.Notes != 1 {
		t.Fatalf("B after signing in again: %+v", st)
	}
	// Sign out refuses to drop unsynced changes without --force.
	ok(t, b, "new", "--title", "unsynced", "--text", "x")
	if code, _, errs := run(t, b, "", "signout"); code != 1 || !strings.Contains(errs, "not synced") {
		t.Fatalf("signout with changes: %d %q", code, errs)
	}
	ok(t, b, "sync")
	ok(t, b, "signout")
	if _, err := os.Stat(filepath.Join(b, CredentialsFile)); !os.IsNotExist(err) {
		t.Fatal("credentials left after sign-out")
	}
}

func TestKeyringUsedWhereItWorks(t *testing.T) {
	keyring.MockInit()
	t.Setenv("SFNOTES_PASSWORD", "a long test password")
	srv := sftest.New().Start(t)
	d := t.TempDir()
	ok(t, d, "register", "--server", srv.URL, "--email", "k@example.com")
	var st Status
	json.Unmarshal([]byte(ok(t, d, "status", "--json")), &st)
	if st.Secrets != "keyring" {
		t.Fatalf("secrets in %q", st.Secrets)
	}
	if _, err := os.Stat(filepath.Join(d, CredentialsFile)); !os.IsNotExist(err) {
		t.Fatal("a credentials file was written although the keyring works")
	}
	ok(t, d, "sync")
}
