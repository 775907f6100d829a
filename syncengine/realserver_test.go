package syncengine

import (
	"fmt"
	"testing"

	"sfnotes/syncengine/sftest"
)

// TestRealServer runs every two-device scenario through the real engine and
// store against the real mdouchement/standardfile v0.13.4 server.
func TestRealServer(t *testing.T) {
	url := sftest.StartReal(t)
	n := runScenarios(t, url)
	fmt.Printf("real-server scenarios: %d of %d passed against mdouchement/standardfile v0.13.4\n", n, len(scenarios))
	if n != len(scenarios) {
		t.Fatalf("%d of %d real-server scenarios passed", n, len(scenarios))
	}
}
