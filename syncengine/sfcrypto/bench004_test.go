package sfcrypto

import (
	"fmt"
	"testing"
)

// BenchmarkDeriveRootKey004: one sign-in's Argon2id (5 passes over 64 MiB).
func BenchmarkDeriveRootKey004(b *testing.B) {
	p := KeyParams004{Identifier: "test@example.com", PwNonce: "fixed-test-nonce-0123456789abcdef", Version: Version004}
	for b.Loop() {
		if _, err := DeriveRootKey004("password", p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncryptItem004_1KB(b *testing.B) {
	k := testItemsKey(b)
	c := benchContent(1 << 10)
	b.SetBytes(int64(len(c)))
	for b.Loop() {
		if _, err := EncryptItem004("uuid", c, k); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecryptItems004_10000x1KB decrypts an account of 10,000 1 KB notes
// per op, the size of a first sync; "us/note" is the per-item figure.
func BenchmarkDecryptItems004_10000x1KB(b *testing.B) {
	const n = 10000
	k := testItemsKey(b)
	lookup := lookupOf(k)
	c := benchContent(1 << 10)
	items := make([]Payload, n)
	for i := range items {
		p, err := EncryptItem004(fmt.Sprintf("uuid-%05d", i), c, k)
		if err != nil {
			b.Fatal(err)
		}
		items[i] = p
	}
	b.SetBytes(int64(n * len(c)))
	for b.Loop() {
		for _, p := range items {
			if _, err := DecryptItem004(p, lookup); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "us/note")
}

func BenchmarkDecryptItem004_100KB(b *testing.B) {
	k := testItemsKey(b)
	c := benchContent(100 << 10)
	p, err := EncryptItem004("uuid", c, k)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(c)))
	for b.Loop() {
		if _, err := DecryptItem004(p, lookupOf(k)); err != nil {
			b.Fatal(err)
		}
	}
}
