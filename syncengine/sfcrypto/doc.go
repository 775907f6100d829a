// Package sfcrypto implements the Standard File encryption protocol versions
// 001, 002 and 003 as pure functions over strings and bytes.
//
// Keys: PBKDF2-HMAC-SHA512 over the UTF-8 password yields 768 bits, split in
// thirds into pw (the only part ever sent to a server, as the account
// password), mk (the AES key that wraps item keys) and ak (the HMAC key for
// those wraps). Version 003 derives its salt from the identifier, cost and
// nonce (sha256 hex of "<identifier>:SF:003:<cost>:<nonce>"); 001 and 002 take
// the server's pw_salt as is. A server can lie about the cost, so each version
// has a minimum below which derivation is refused with ErrCostTooLow.
//
// Items: every item has a random 512-bit item key; its first half encrypts the
// content JSON, its second half authenticates it. The item key itself is
// encrypted with the account keys into enc_item_key. An encrypted string of
// version 002/003 is "<ver>:<auth_hash>:<uuid>:<iv>:<ciphertext>" with an
// optional sixth field (base64 auth params, written by the JS client and not
// covered by the HMAC). Decryption checks the uuid, then the HMAC in constant
// time, and only then runs AES-256-CBC. Version 001 uses a zero IV, no prefix
// on enc_item_key and an item-level auth_hash over the whole content string;
// it is read but never written. "000" is base64 JSON without encryption.
//
// Nothing here touches the network, a database or the UI, and no input makes
// these functions panic: every failure is one of the sentinel errors below,
// wrapped with detail.
package sfcrypto

import "errors"

// Sentinel errors. Callers branch on them with errors.Is.
var (
	// ErrAuth means an HMAC did not match: the data was tampered with, or the
	// keys are wrong (a wrong password, or an item from another account).
	ErrAuth = errors.New("sfcrypto: authentication failed")
	// ErrUUIDMismatch means an encrypted string names another item's uuid:
	// somebody moved ciphertext between items.
	ErrUUIDMismatch = errors.New("sfcrypto: uuid mismatch")
	// ErrUnsupportedVersion means a protocol version this package cannot read.
	ErrUnsupportedVersion = errors.New("sfcrypto: unsupported version")
	// ErrCostTooLow means the key-derivation cost is below the version's minimum.
	ErrCostTooLow = errors.New("sfcrypto: key derivation cost too low")
	// ErrCostTooHigh: params that would keep key derivation busy for minutes or forever.
	ErrCostTooHigh = errors.New("sfcrypto: key derivation cost too high")
	// ErrMalformed means the input is not of the expected shape.
	ErrMalformed = errors.New("sfcrypto: malformed input")
)
