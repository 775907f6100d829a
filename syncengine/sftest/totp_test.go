package sftest

import (
	"encoding/base32"
	"testing"
	"time"
)

// TestTOTPVectors checks the SHA-1 rows of RFC 6238 appendix B (secret
// "12345678901234567890" in ASCII, 8 digits); TOTP shows their last 6.
func TestTOTPVectors(t *testing.T) {
	key := []byte("12345678901234567890")
	secret := base32.StdEncoding.EncodeToString(key)
	for _, v := range []struct {
		unix int64
		code string
	}{
		{59, "94287082"}, {1111111109, "07081804"}, {1111111111, "14050471"},
		{1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
	} {
		if got := hotp(key, uint64(v.unix/30), 8); got != v.code {
			t.Errorf("T=%d: %s, want %s", v.unix, got, v.code)
		}
		if got := TOTP(secret, time.Unix(v.unix, 0)); got != v.code[2:] {
			t.Errorf("TOTP T=%d: %s, want %s", v.unix, got, v.code[2:])
		}
	}
}

func TestValidTOTPWindow(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Unix(1_800_000_015, 0)
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		if !ValidTOTP(secret, TOTP(secret, now.Add(d)), now) {
			t.Errorf("the code of now%+v refused", d)
		}
	}
	for _, d := range []time.Duration{-90 * time.Second, 90 * time.Second} {
		code := TOTP(secret, now.Add(d))
		if ValidTOTP(secret, code, now) && code != TOTP(secret, now) {
			t.Errorf("the code of now%+v accepted", d)
		}
	}
	if ValidTOTP(secret, "", now) || ValidTOTP("not base32!", "123456", now) {
		t.Error("an empty code or a bad secret accepted")
	}
}
