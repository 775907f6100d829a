package app

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sfnotes/syncengine/sftest"
)

// uploadedIn sums the "N uploaded" / "uploaded N" counts a command printed.
func uploadedIn(out string) int {
	n := 0
	for _, m := range regexp.MustCompile(`(\d+) uploaded|uploaded (\d+)`).FindAllStringSubmatch(out, -1) {
		v, _ := strconv.Atoi(m[1] + m[2])
		n += v
	}
	return n
}

// TestCLICountsAfterPasswordChangeElsewhere: device B has a pending edit
// when A changes the password. B's next sync uploads the edit before it
// learns that the keys changed (the server still takes B's token: sftest
// with KeepTokens for 003, the real server for 004) and fails with "sign in
// again"; B then signs in. The counts B's commands print add up to the one
// upload that happened. Before, the failed sync printed nothing and the
// sign-in "0 uploaded": the upload of the edit was reported nowhere.
func TestCLICountsAfterPasswordChangeElsewhere(t *testing.T) {
	for _, proto := range []string{"003", "004"} {
		t.Run(proto, func(t *testing.T) {
			setupEnv(t)
			var url string
			if proto == "004" {
				url = sftest.StartReal(t)
			} else {
				srv := sftest.New()
				srv.KeepTokens = true
				url = srv.Start(t).URL
			}
			a, b := t.TempDir(), t.TempDir()
			ok(t, a, "register", "--server", url, "--email", "counts@example.com", "--protocol", proto)
			id := strings.TrimSpace(ok(t, a, "new", "--title", "shared", "--text", "first"))
			ok(t, a, "sync")
			ok(t, b, "signin", "--server", url, "--email", "counts@example.com")
			ok(t, b, "edit", id, "--text", "pending edit on B")
			t.Setenv("SFNOTES_NEW_PASSWORD", "the next long password")
			ok(t, a, "passwd")
			t.Setenv("SFNOTES_PASSWORD", "the next long password")
			code, syncOut, errs := run(t, b, "", "sync")
			signinOut := ""
			switch {
			case code == 0 && proto == "003":
				// The server still took B's token and B's edit landed before A's
				// re-encrypted copy (sftest's one-second conflict rule): it went
				// up under the old keys, which A re-encrypts at its next sync.
				// No sign-in is asked for then; the count must still be true.
			case code != 1 || !strings.Contains(errs, "Sign in again"):
				t.Fatalf("B's sync after the change: exit %d, %q", code, errs)
			default:
				signinOut = ok(t, b, "signin", "--server", url, "--email", "counts@example.com")
			}
			ok(t, a, "sync")
			if n := findByTitle(notesJSON(t, a), "shared"); n == nil || n.Text != "pending edit on B" {
				t.Fatalf("A reads %+v: B's edit was not uploaded", n)
			}
			if got := uploadedIn(syncOut) + uploadedIn(signinOut); got != 1 {
				t.Fatalf("B's commands report %d uploads, want the 1 that happened:\nsync: %q\nsignin: %q", got, syncOut, signinOut)
			}
		})
	}
}
