package main

import (
	"encoding/json"
	"log"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"sfnotes/syncengine/sfcrypto"
)

type kdfResult struct{ goMed, nodeMed time.Duration }

// benchKDF derives the same 003 keys (cost 110000, 768 bits) in Go and with
// Node's crypto.pbkdf2Sync (OpenSSL), alternating, and checks they agree.
func benchKDF(o options) kdfResult {
	p := sfcrypto.AuthParams{Version: "003", PwCost: 110000, PwNonce: "fixed-test-nonce-0123456789abcdef", Identifier: "test@example.com"}
	salt := sfcrypto.Salt003(p.Identifier, p.PwCost, p.PwNonce)
	var goTimes, nodeTimes []time.Duration
	var keys sfcrypto.Keys
	for i := 0; i < o.kdfRounds; i++ {
		start := time.Now()
		k, err := sfcrypto.DeriveKeys("password", p)
		goTimes = append(goTimes, time.Since(start))
		must(err, "derive keys")
		keys = k
	}
	script := `const c=require('crypto');const out=[];let hex='';for(let i=0;i<` + strconv.Itoa(o.kdfRounds) +
		`;i++){const t=process.hrtime.bigint();hex=c.pbkdf2Sync('password','` + salt +
		`',110000,96,'sha512').toString('hex');out.push(Number(process.hrtime.bigint()-t)/1e6);}console.log(JSON.stringify({ms:out,hex}))`
	b, err := exec.Command("node", "-e", script).Output()
	must(err, "node pbkdf2")
	var r struct {
		MS  []float64 `json:"ms"`
		Hex string    `json:"hex"`
	}
	must(json.Unmarshal(b, &r), "node output")
	if !strings.HasPrefix(r.Hex, keys.PW+keys.MK+keys.AK) {
		log.Fatal("bench: Go and Node derived different keys")
	}
	for _, m := range r.MS {
		nodeTimes = append(nodeTimes, time.Duration(m*float64(time.Millisecond)))
	}
	return kdfResult{goMed: median(goTimes), nodeMed: median(nodeTimes)}
}
