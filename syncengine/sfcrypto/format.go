package sfcrypto

import (
	"fmt"
	"strings"
)

// Encrypted is a parsed 002/003 encrypted string:
// "<ver>:<auth_hash>:<uuid>:<iv>:<ciphertext>[:<auth_params>]".
// Parsing only splits and checks shape; it verifies nothing cryptographic.
type Encrypted struct {
	Version    string
	AuthHash   string
	UUID       string
	IV         string
	CipherText string
	// AuthParams is the optional sixth field the JS client appends (base64
	// JSON of the account's params). It is not covered by the HMAC.
	AuthParams string
}

// ParseEncrypted splits an encrypted string of version 002 or 003 into its
// fields. It accepts five or six fields.
func ParseEncrypted(s string) (Encrypted, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 5 && len(parts) != 6 {
		return Encrypted{}, fmt.Errorf("%w: encrypted string has %d fields, want 5 or 6", ErrMalformed, len(parts))
	}
	e := Encrypted{Version: parts[0], AuthHash: parts[1], UUID: parts[2], IV: parts[3], CipherText: parts[4]}
	if len(parts) == 6 {
		e.AuthParams = parts[5]
	}
	if e.Version != Version002 && e.Version != Version003 {
		return Encrypted{}, fmt.Errorf("%w: encrypted string version %q", ErrUnsupportedVersion, e.Version)
	}
	if len(e.AuthHash) != 64 || len(e.IV) != 32 || e.CipherText == "" {
		return Encrypted{}, fmt.Errorf("%w: encrypted string field lengths", ErrMalformed)
	}
	return e, nil
}

// String formats the five authenticated fields (and the sixth when present).
func (e Encrypted) String() string {
	s := e.Version + ":" + e.AuthHash + ":" + e.UUID + ":" + e.IV + ":" + e.CipherText
	if e.AuthParams != "" {
		s += ":" + e.AuthParams
	}
	return s
}

// signedPart is the exact ASCII string the HMAC covers.
func (e Encrypted) signedPart() string {
	return e.Version + ":" + e.UUID + ":" + e.IV + ":" + e.CipherText
}
