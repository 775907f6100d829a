package sfcrypto

import (
	"crypto/sha256"
	"encoding/hex"

	"golang.org/x/crypto/argon2"
)

// The Argon2id cost of version 004. It is part of the version, not of the key
// params, so no server can weaken it.
const (
	argon2Time    = 5
	argon2MemKiB  = 64 * 1024 // 64 MiB
	argon2Threads = 1
	argon2KeyLen  = 64
)

// RootKey004 is a 004 account's root key, in the protocol's hex form. The
// server password is the only part that ever leaves the device; the master key
// encrypts the account's items keys.
type RootKey004 struct {
	MasterKey      string // 64 hex characters
	ServerPassword string // 64 hex characters
	// Params are the key params the key was derived from; items keys
	// encrypted with this key carry them in their authenticated data.
	Params KeyParams004
}

// Salt004 returns the 16-byte Argon2 salt: the first 32 hex characters of the
// hex sha256 of "<identifier>:<pw_nonce>", decoded. Mixing in the identifier
// means a server sending everyone the same nonce still cannot make one
// precomputed table serve for all accounts.
func Salt004(identifier, pwNonce string) []byte {
	sum := sha256.Sum256([]byte(identifier + ":" + pwNonce))
	return sum[:16] // the first 32 hex characters of the digest, as bytes
}

// DeriveRootKey004 derives a 004 root key with Argon2id v1.3 (5 passes, 64 MiB,
// one lane) over the UTF-8 password. The first half of the 64-byte output is
// the master key, the second the server password.
//
// It takes no context: x/crypto's Argon2 cannot be interrupted. A derivation
// costs about half a second and 64 MiB on the machines we run on, a fixed cost
// (the params carry none), so run it off the UI goroutine and let a cancelled
// caller drop the result.
func DeriveRootKey004(password string, p KeyParams004) (RootKey004, error) {
	if err := p.Validate(); err != nil {
		return RootKey004{}, err
	}
	raw := argon2.IDKey([]byte(password), Salt004(p.Identifier, p.PwNonce), argon2Time, argon2MemKiB, argon2Threads, argon2KeyLen)
	h := hex.EncodeToString(raw)
	return RootKey004{MasterKey: h[:64], ServerPassword: h[64:], Params: p}, nil
}
