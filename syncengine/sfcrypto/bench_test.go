package sfcrypto

import (
	"strings"
	"testing"
)

func BenchmarkDeriveKeys003(b *testing.B) {
	p := AuthParams{Version: Version003, PwCost: DefaultCost, PwNonce: "fixed-test-nonce-0123456789abcdef", Identifier: "test@example.com"}
	for b.Loop() {
		if _, err := DeriveKeys("password", p); err != nil {
			b.Fatal(err)
		}
	}
}

func benchContent(n int) []byte {
	return []byte(`{"title":"bench","text":"` + strings.Repeat("a", n) + `","references":[]}`)
}

func benchEncrypt(b *testing.B, n int) {
	k := testKeys(b)
	c := benchContent(n)
	b.SetBytes(int64(len(c)))
	for b.Loop() {
		if _, err := EncryptItem("uuid", c, k); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDecrypt(b *testing.B, n int) {
	k := testKeys(b)
	c := benchContent(n)
	p, err := EncryptItem("uuid", c, k)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(c)))
	for b.Loop() {
		if _, err := DecryptItem(p, k); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncrypt1KB(b *testing.B)   { benchEncrypt(b, 1<<10) }
func BenchmarkEncrypt100KB(b *testing.B) { benchEncrypt(b, 100<<10) }
func BenchmarkDecrypt1KB(b *testing.B)   { benchDecrypt(b, 1<<10) }
func BenchmarkDecrypt100KB(b *testing.B) { benchDecrypt(b, 100<<10) }
