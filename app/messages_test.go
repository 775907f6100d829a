package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"sfnotes/syncengine"
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

// TestDamagedBackupMessage: a damaged backup is not called a wrong password
// (ErrBackupDamaged is also an ErrBadBackup, and must win over it).
func TestDamagedBackupMessage(t *testing.T) {
	err := fmt.Errorf("%w: none of its 3 notes and tags could be decrypted", syncengine.ErrBackupDamaged)
	msg := Message(err)
	if !strings.HasPrefix(msg, "This backup is damaged: the password is right") || strings.Contains(msg, "does not decrypt this backup") {
		t.Fatalf("damaged backup: %q", msg)
	}
	if msg := Message(syncengine.ErrBackupPassword); !strings.HasPrefix(msg, "That password does not decrypt this backup") {
		t.Fatalf("wrong password: %q", msg)
	}
}
