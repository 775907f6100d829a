package syncengine

import (
	"fmt"
	"testing"

	"sfnotes/syncengine/sftest"
)

// BenchmarkSyncRoundTrip is the normal sync path against sftest: device A
// uploads 300 edited notes (two requests of 150), device B downloads them.
// Key derivation happens once, outside the timer; the edits are untimed.
func BenchmarkSyncRoundTrip(b *testing.B) {
	s := sftest.New()
	url := s.Start(b).URL
	a, other := newDevice(b, "A"), newDevice(b, "B")
	a.register(url, "bench@example.com")
	other.signIn(url, "bench@example.com", testPassword)
	uuids := make([]string, 300)
	for i := range uuids {
		uuids[i] = a.note(fmt.Sprintf("note %d", i), "text").UUID
	}
	a.sync()
	other.sync()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for j, u := range uuids {
			a.edit(u, fmt.Sprintf("round %d of note %d: lorem ipsum dolor sit amet", i, j))
		}
		b.StartTimer()
		if r := a.sync(); r.Uploaded != len(uuids) {
			b.Fatalf("uploaded %d", r.Uploaded)
		}
		if r := other.sync(); r.Downloaded != len(uuids) {
			b.Fatalf("downloaded %d", r.Downloaded)
		}
	}
}
