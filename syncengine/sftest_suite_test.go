package syncengine

import (
	"testing"

	"sfnotes/syncengine/sftest"
)

// TestScenariosInMemory runs the two-device scenarios against sftest.
func TestScenariosInMemory(t *testing.T) {
	srv := sftest.New().Start(t)
	if n := runScenarios(t, srv.URL); n != len(scenarios) {
		t.Fatalf("ran %d of %d scenarios", n, len(scenarios))
	}
}

// TestScenariosInMemoryPaged runs them again with a server that pages every
// 7 items (the boundary item repeats), to prove cursor paging.
func TestScenariosInMemoryPaged(t *testing.T) {
	s := sftest.New()
	s.MaxLimit = 7
	srv := s.Start(t)
	runScenarios(t, srv.URL)
	if s.RequestCount("/items/sync") < 100 {
		t.Fatalf("only %d sync requests: paging did not happen", s.RequestCount("/items/sync"))
	}
}
