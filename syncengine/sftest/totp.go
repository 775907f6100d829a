package sftest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Two-factor sign-in as the official server does it: TOTP per RFC 6238
// (HMAC-SHA1, 30-second steps, 6 digits) over a base32 secret, a code valid
// one step either side of now. The routes below are how the official app's
// settings turn it on: fetch a fresh secret, then save it with a code
// computed from it, which proves the user's authenticator holds it.

const totpStep = 30 * time.Second

// b32 is the secret's encoding: RFC 4648 base32, without padding.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a random 160-bit secret in base32 (32 characters).
func NewTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return b32.EncodeToString(b)
}

// TOTP is the 6-digit code of a base32 secret at time t ("" for a secret
// that is not base32), as an authenticator app shows it.
func TOTP(secret string, t time.Time) string {
	key, err := decodeSecret(secret)
	if err != nil {
		return ""
	}
	return hotp(key, uint64(t.Unix()/int64(totpStep/time.Second)), 6)
}

// ValidTOTP reports whether code is secret's code at t or one step either
// side of it (clocks drift; a code typed as the step turns still counts).
func ValidTOTP(secret, code string, t time.Time) bool {
	if len(code) != 6 {
		return false
	}
	for _, d := range []time.Duration{0, -totpStep, totpStep} {
		if c := TOTP(secret, t.Add(d)); c != "" && hmac.Equal([]byte(c), []byte(code)) {
			return true
		}
	}
	return false
}

func decodeSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.TrimRight(strings.ReplaceAll(secret, " ", ""), "="))
	return b32.DecodeString(s)
}

// hotp is RFC 4226: HMAC-SHA1 of the counter, dynamic truncation, the
// last digits.
func hotp(key []byte, counter uint64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, n%mod)
}

// mfaSecret is GET /v1/users/{uuid}/mfa-secret: a fresh secret offered to
// the user, not yet in force (nothing is stored: the settings route takes
// whichever secret comes with a code made from it).
func (g *Gateway) mfaSecret(w http.ResponseWriter, r *http.Request, u *user, _ *gwSession) {
	a := g.accountOf(u.email)
	if r.PathValue("uuid") != a.uuid {
		g.fail(w, http.StatusUnauthorized, a.uuid, "", "Operation not allowed.", nil)
		return
	}
	g.reply(w, http.StatusOK, a.uuid, map[string]any{"success": true, "secret": NewTOTPSecret()})
}

// setting is PUT /v1/users/{uuid}/settings; only MFA_SECRET is known here.
// It turns two-factor on when totpToken is the value's current code.
func (g *Gateway) setting(w http.ResponseWriter, r *http.Request, u *user, _ *gwSession) {
	a := g.accountOf(u.email)
	if r.PathValue("uuid") != a.uuid {
		g.fail(w, http.StatusUnauthorized, a.uuid, "", "Operation not allowed.", nil)
		return
	}
	var req struct {
		Name      string `json:"name"`
		Value     string `json:"value"`
		TOTPToken string `json:"totpToken"`
	}
	if !g.decodeBody(w, r, &req) {
		return
	}
	switch {
	case req.Name != "MFA_SECRET":
		g.fail(w, http.StatusBadRequest, a.uuid, "", "This setting cannot be changed here.", nil)
	case !ValidTOTP(req.Value, req.TOTPToken, g.Now()):
		g.fail(w, http.StatusBadRequest, a.uuid, "mfa-invalid", msgMFAInvalid, nil)
	default:
		a.mfaSecret = req.Value
		g.reply(w, http.StatusOK, a.uuid, map[string]any{"success": true})
	}
}
