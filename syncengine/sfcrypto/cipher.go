package sfcrypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
)

// decodeKey turns a 64-char hex key into 32 bytes.
func decodeKey(h string) ([]byte, error) {
	k, err := hex.DecodeString(h)
	if err != nil || len(k) != 32 {
		return nil, fmt.Errorf("%w: key is not 64 hex characters", ErrMalformed)
	}
	return k, nil
}

func hmacHex(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// checkHMAC compares a hex HMAC in constant time. A malformed hash is a
// failed check, not a different error: both mean "do not decrypt".
func checkHMAC(key []byte, msg, wantHex string) error {
	want, err := hex.DecodeString(wantHex)
	if err != nil {
		return fmt.Errorf("%w: auth hash is not hex", ErrAuth)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	if !hmac.Equal(m.Sum(nil), want) {
		return ErrAuth
	}
	return nil
}

func cbcEncrypt(key, iv, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	buf := make([]byte, len(plain)+pad)
	copy(buf, plain)
	for i := len(plain); i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(buf, buf)
	return buf, nil
}

func cbcDecrypt(key, iv, ct []byte) ([]byte, error) {
	if len(iv) != aes.BlockSize {
		return nil, fmt.Errorf("%w: iv is %d bytes", ErrMalformed, len(iv))
	}
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("%w: ciphertext is %d bytes", ErrMalformed, len(ct))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	out := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, ct)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		// Reached only after the HMAC matched (002/003) or for 001, so this
		// reveals nothing an attacker could use as a padding oracle.
		return nil, fmt.Errorf("%w: bad padding", ErrMalformed)
	}
	return out[:len(out)-pad], nil
}

// encryptString produces a 002/003 string for plaintext under (ek, ak).
func encryptString(r io.Reader, version, uuid string, plain []byte, ekHex, akHex string) (string, error) {
	ek, err := decodeKey(ekHex)
	if err != nil {
		return "", err
	}
	ak, err := decodeKey(akHex)
	if err != nil {
		return "", err
	}
	iv := make([]byte, aes.BlockSize)
	if _, err := io.ReadFull(r, iv); err != nil {
		return "", fmt.Errorf("sfcrypto: random iv: %w", err)
	}
	ct, err := cbcEncrypt(ek, iv, plain)
	if err != nil {
		return "", err
	}
	e := Encrypted{Version: version, UUID: uuid, IV: hex.EncodeToString(iv),
		CipherText: base64.StdEncoding.EncodeToString(ct)}
	e.AuthHash = hmacHex(ak, e.signedPart())
	return e.String(), nil
}

// decryptString checks and decrypts a 002/003 string that must belong to uuid.
func decryptString(s, uuid, ekHex, akHex string) ([]byte, error) {
	e, err := ParseEncrypted(s)
	if err != nil {
		return nil, err
	}
	if e.UUID != uuid {
		return nil, fmt.Errorf("%w: string names %q, item is %q", ErrUUIDMismatch, e.UUID, uuid)
	}
	ek, err := decodeKey(ekHex)
	if err != nil {
		return nil, err
	}
	ak, err := decodeKey(akHex)
	if err != nil {
		return nil, err
	}
	if err := checkHMAC(ak, e.signedPart(), e.AuthHash); err != nil {
		return nil, err
	}
	iv, err := hex.DecodeString(e.IV)
	if err != nil {
		return nil, fmt.Errorf("%w: iv is not hex", ErrMalformed)
	}
	ct, err := base64.StdEncoding.DecodeString(e.CipherText)
	if err != nil {
		return nil, fmt.Errorf("%w: ciphertext is not base64", ErrMalformed)
	}
	return cbcDecrypt(ek, iv, ct)
}
