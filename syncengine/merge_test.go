package syncengine

import (
	"testing"
	"time"

	"sfnotes/model"
)

func TestDecideRetrieved(t *testing.T) {
	cases := []struct {
		name      string
		l         Local
		in        Incoming
		alsoSaved bool
		want      RetrievedAction
	}{
		{"new item", Local{}, Incoming{Content: "{}"}, false, RetrievedApply},
		{"clean local replaced", Local{Exists: true}, Incoming{Content: "{}"}, false, RetrievedApply},
		{"dirty local never overwritten", Local{Exists: true, Dirty: true}, Incoming{Content: "{}"}, false, RetrievedSkip},
		{"dirty local not removed by a delete", Local{Exists: true, Dirty: true}, Incoming{Deleted: true}, false, RetrievedSkip},
		{"our own save echoed", Local{Exists: true}, Incoming{Content: "{}"}, true, RetrievedSkip},
		{"tombstone removes", Local{Exists: true}, Incoming{Deleted: true}, false, RetrievedRemove},
		{"tombstone of unknown item", Local{}, Incoming{Deleted: true}, false, RetrievedSkip},
		{"undecryptable still stored", Local{}, Incoming{Undecryptable: true}, false, RetrievedApply},
	}
	for _, c := range cases {
		if got := DecideRetrieved(c.l, c.in, c.alsoSaved); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestResolveConflictBothDirections plays each conflict from both devices'
// side: device X's local version against device Y's server version, then the
// roles swapped. Whatever each decides, no text may be lost (the union of
// what stays and what is copied holds both versions), and the version that
// stays under the original uuid must be the same either way (the newer
// edit), so that it does not depend on which device syncs first.
func TestResolveConflictBothDirections(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	recent := now.Add(-5 * time.Second).UnixMilli()
	old := now.Add(-time.Hour).UnixMilli()
	x, y := `{"text":"x"}`, `{"text":"y"}`
	type side struct {
		content  string
		deleted  bool
		modified int64
	}
	cases := []struct {
		name       string
		a, b       side
		wantA      Resolution // a local, b on the server
		wantB      Resolution // b local, a on the server
		bothTextsA bool       // a's decision keeps both texts
	}{
		{"a newer", side{x, false, recent}, side{y, false, old}, KeepLocalCopyServer, TakeServerCopyLocal, true},
		{"b newer", side{x, false, old}, side{y, false, recent}, TakeServerCopyLocal, KeepLocalCopyServer, true},
		{"same time: the local one stays", side{x, false, recent}, side{y, false, recent}, KeepLocalCopyServer, KeepLocalCopyServer, true},
		{"same content", side{x, false, recent}, side{`{ "text" : "x" }`, false, old}, AdoptServer, AdoptServer, false},
		{"a deleted", side{"", true, recent}, side{y, false, recent}, KeepLocal, TakeServerCopyLocal, false},
		{"both deleted", side{"", true, old}, side{"", true, old}, TakeServer, TakeServer, false},
	}
	for _, c := range cases {
		ga := ResolveConflict(Local{Exists: true, Dirty: true, Deleted: c.a.deleted, Content: c.a.content, ModifiedMs: c.a.modified},
			Incoming{Deleted: c.b.deleted, Content: c.b.content, ModifiedMs: c.b.modified})
		gb := ResolveConflict(Local{Exists: true, Dirty: true, Deleted: c.b.deleted, Content: c.b.content, ModifiedMs: c.b.modified},
			Incoming{Deleted: c.a.deleted, Content: c.a.content, ModifiedMs: c.a.modified})
		if ga != c.wantA || gb != c.wantB {
			t.Errorf("%s: got %v/%v, want %v/%v", c.name, ga, gb, c.wantA, c.wantB)
		}
		if c.bothTextsA && ga != KeepLocalCopyServer && ga != TakeServerCopyLocal {
			t.Errorf("%s: resolution %v would drop a text", c.name, ga)
		}
		if c.a.modified != c.b.modified && c.bothTextsA && (ga == KeepLocalCopyServer) != (gb == TakeServerCopyLocal) {
			t.Errorf("%s: a different version keeps the original depending on who syncs first (%v/%v)", c.name, ga, gb)
		}
	}
}

func TestResolveConflictUndecryptableServerCopyWins(t *testing.T) {
	got := ResolveConflict(Local{Exists: true, Dirty: true, Content: `{"text":"mine"}`, ModifiedMs: time.Now().UnixMilli()},
		Incoming{Undecryptable: true})
	if got != TakeServerCopyLocal {
		t.Fatalf("got %v: an undecryptable server copy must stay and ours become a copy", got)
	}
}

func TestOverwrittenBothDirections(t *testing.T) {
	base, saved, theirs := "2025-01-01T00:00:00.000000Z", "2025-01-01T00:00:02.000000Z", "2025-01-01T00:00:01.000000Z"
	mine, other := `{"text":"mine"}`, `{"text":"theirs"}`
	cases := []struct {
		name      string
		retrieved string
		local     string
		in        Incoming
		want      bool
	}{
		{"someone saved between our base and our save", theirs, mine, Incoming{Content: other}, true},
		{"echo of our own save", saved, mine, Incoming{Content: mine}, false},
		{"echo of our own save, other content shape", saved, mine, Incoming{Content: other}, false},
		{"the version our edit was based on", base, mine, Incoming{Content: other}, false},
		{"same content anyway", theirs, mine, Incoming{Content: `{ "text":"mine"}`}, false},
		{"a delete is not text", theirs, mine, Incoming{Deleted: true}, false},
		{"undecryptable is kept elsewhere", theirs, mine, Incoming{Undecryptable: true}, false},
	}
	for _, c := range cases {
		if got := Overwritten(base, saved, c.retrieved, Local{Content: c.local}, c.in); got != c.want {
			t.Errorf("%s: got %v", c.name, got)
		}
		// The other direction: their device sees our version come back the same way.
		if c.want {
			if got := Overwritten(base, theirs, saved, Local{Content: other}, Incoming{Content: mine}); !got {
				t.Errorf("%s (reversed): not detected", c.name)
			}
		}
	}
}

// TestBaseVersionIsNoConflict: a server copy equal to the content our edit
// started from (re-saved with a newer time) keeps our edit without a copy;
// a server copy with anyone else's text still keeps both. Both directions.
func TestBaseVersionIsNoConflict(t *testing.T) {
	now := time.Now()
	base, mine, theirs := `{"text":"v1"}`, `{"text":"v2 mine"}`, `{"text":"v2 theirs"}`
	recent := now.Add(-time.Second).UnixMilli()
	l := Local{Exists: true, Dirty: true, Content: mine, ModifiedMs: recent, BaseHash: model.ContentHash(base)}
	if got := ResolveConflict(l, Incoming{Content: base, ModifiedMs: recent - 1000}); got != KeepLocal {
		t.Fatalf("server holds our base: %v, want KeepLocal", got)
	}
	if got := ResolveConflict(l, Incoming{Content: theirs, ModifiedMs: recent - 1000}); got != KeepLocalCopyServer {
		t.Fatalf("server holds other text: %v, want KeepLocalCopyServer", got)
	}
	// The other device, whose base is also v1, meeting our v2 on the server.
	other := Local{Exists: true, Dirty: true, Content: theirs, ModifiedMs: recent, BaseHash: model.ContentHash(base)}
	if got := ResolveConflict(other, Incoming{Content: mine, ModifiedMs: recent - 1000}); got != KeepLocalCopyServer {
		t.Fatalf("reverse: %v", got)
	}
	old := other
	old.ModifiedMs = now.Add(-time.Hour).UnixMilli()
	if got := ResolveConflict(old, Incoming{Content: mine, ModifiedMs: recent - 1000}); got != TakeServerCopyLocal {
		t.Fatalf("reverse, old edit: %v", got)
	}
	if Overwritten("t0", "t2", "t1", Local{Content: mine, BaseHash: model.ContentHash(base)}, Incoming{Content: base}) {
		t.Fatal("our own base counted as overwritten")
	}
}
