package sfcrypto

import (
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
)

// pbkdf2Check is how many PBKDF2 iterations run between two looks at the
// context: about a millisecond, so a cancelled derivation stops at once.
const pbkdf2Check = 1024

// pbkdf2SHA512 is PBKDF2-HMAC-SHA512 (RFC 8018 §5.2), the same computation as
// crypto/pbkdf2.Key, that stops with ctx.Err() when ctx is cancelled. The
// standard library's cannot be interrupted, and a derivation at the highest
// cost we accept takes seconds: Ctrl-C, closing the window or a cancelled
// sign-in must not wait for it.
func pbkdf2SHA512(ctx context.Context, password, salt []byte, iter, keyLen int) ([]byte, error) {
	prf := hmac.New(sha512.New, password)
	hashLen := prf.Size()
	blocks := (keyLen + hashLen - 1) / hashLen
	dk := make([]byte, 0, blocks*hashLen)
	u := make([]byte, 0, hashLen)
	var counter [4]byte
	for block := 1; block <= blocks; block++ {
		prf.Reset()
		prf.Write(salt)
		binary.BigEndian.PutUint32(counter[:], uint32(block))
		prf.Write(counter[:])
		dk = prf.Sum(dk)
		t := dk[len(dk)-hashLen:]
		u = append(u[:0], t...)
		for n := 2; n <= iter; n++ {
			if n%pbkdf2Check == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			prf.Reset()
			prf.Write(u)
			u = prf.Sum(u[:0])
			for i := range u {
				t[i] ^= u[i]
			}
		}
	}
	return dk[:keyLen], nil
}
