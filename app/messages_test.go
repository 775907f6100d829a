package app

import (
	"context"
	"strings"
	"testing"

	"sfnotes/ui"
)

// TestSignInOfflineWording: an unreachable server at sign-in says so plainly,
// without promising to sync changes that do not exist, and without the URL.
func TestSignInOfflineWording(t *testing.T) {
	setupEnv(t)
	a, err := Open(Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	g := &gui{app: a}
	err = g.SignIn(context.Background(), ui.SignInRequest{Server: "http://127.0.0.1:1", Email: "e@example.com", Password: "pw"})
	msg := Message(err)
	if msg != "Cannot reach the server. Check its address and your connection; nothing was changed." {
		t.Fatalf("message %q", msg)
	}
	err = g.SignIn(context.Background(), ui.SignInRequest{Server: "http://notes.example.com", Email: "e@example.com", Password: "pw"})
	if msg := Message(err); !strings.Contains(msg, "check box") {
		t.Fatalf("plain http refusal %q", msg)
	}
}
