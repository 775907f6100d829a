package main

import (
	"bytes"
	"encoding/json"
	"log"
	"os/exec"
	"time"

	"sfnotes/syncengine/sfcrypto"
)

type kdf004Result struct {
	goMed, snjsMed time.Duration
	rounds         int
}

// benchKDF004 derives the same 004 root key (Argon2id, 64 MiB, 5 passes) in
// Go and with the official operator (@standardnotes/snjs with libsodium
// under Node, .ci/snjs), and checks they agree. Each operator run is a
// process; only its own derivation time (reported by the harness) counts.
func benchKDF004(o options) kdf004Result {
	p := sfcrypto.KeyParams004{Identifier: "bench@example.com", PwNonce: "baaec0131d677cf993381367eb082fe377cefe70118c1699cb9b38f0bc850e7b",
		Version: "004", Origination: "registration", Created: "1700000000000"}
	rounds := max(3, o.kdfRounds/2)
	var goTimes, jsTimes []time.Duration
	var root sfcrypto.RootKey004
	for range rounds {
		start := time.Now()
		k, err := sfcrypto.DeriveRootKey004("password", p)
		goTimes = append(goTimes, time.Since(start))
		must(err, "derive 004 root key")
		root = k
	}
	job, _ := json.Marshal(map[string]any{"op": "derive", "password": "password", "keyParams": p})
	for range rounds {
		cmd := exec.Command("node", ".ci/snjs/operator.js")
		cmd.Stdin = bytes.NewReader(job)
		out, err := cmd.Output()
		must(err, "the official 004 operator (make snjs)")
		var r struct {
			MasterKey, ServerPassword string
			Ms                        float64
		}
		must(json.Unmarshal(out, &r), "operator output")
		if r.MasterKey != root.MasterKey || r.ServerPassword != root.ServerPassword {
			log.Fatal("bench: Go and the official operator derived different 004 root keys")
		}
		jsTimes = append(jsTimes, time.Duration(r.Ms*float64(time.Millisecond)))
	}
	return kdf004Result{goMed: median(goTimes), snjsMed: median(jsTimes), rounds: rounds}
}
