package sfcrypto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
)

// Keys are an account's root keys as lowercase hex strings, the form the
// protocol uses everywhere (they are hex-decoded only right before use).
// PW goes to the server as the password; MK and AK never leave the device.
type Keys struct {
	PW string `json:"pw"`
	MK string `json:"mk"`
	AK string `json:"ak"`
	// Version is the protocol version the keys were derived for.
	Version string `json:"version"`
}

// Salt003 returns the 003 salt: the hex sha256 of
// "<identifier>:SF:003:<cost>:<nonce>". PBKDF2 takes this hex string's ASCII
// bytes, not the 32 raw bytes.
func Salt003(identifier string, cost int, nonce string) string {
	sum := sha256.Sum256([]byte(identifier + ":SF:003:" + strconv.Itoa(cost) + ":" + nonce))
	return hex.EncodeToString(sum[:])
}

// DeriveKeys derives an account's keys from its password and auth params.
// It refuses params below the version's minimum cost (ErrCostTooLow), since a
// malicious server could otherwise make the password cheap to brute-force.
func DeriveKeys(password string, p AuthParams) (Keys, error) {
	return DeriveKeysContext(context.Background(), password, p)
}

// DeriveKeysContext is DeriveKeys that stops, returning ctx.Err(), as soon as
// ctx is cancelled.
func DeriveKeysContext(ctx context.Context, password string, p AuthParams) (Keys, error) {
	if err := p.Validate(); err != nil {
		return Keys{}, err
	}
	salt := p.PwSalt
	if p.Version == Version003 {
		salt = Salt003(p.Identifier, p.PwCost, p.PwNonce)
	}
	// 001 accounts derived 512 bits split in halves; PBKDF2-SHA512's first block
	// is those 512 bits, so deriving 768 and taking thirds yields the same pw/mk.
	raw, err := pbkdf2SHA512(ctx, []byte(password), []byte(salt), p.PwCost, 96)
	if err != nil {
		return Keys{}, fmt.Errorf("sfcrypto: pbkdf2: %w", err)
	}
	h := hex.EncodeToString(raw)
	return Keys{PW: h[:64], MK: h[64:128], AK: h[128:], Version: p.Version}, nil
}
