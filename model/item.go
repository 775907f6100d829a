package model

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Content types the app understands. Every other type is stored and synced
// back untouched.
const (
	TypeNote = "Note"
	TypeTag  = "Tag"
)

// TimeLayout is how the JS clients and the ruby server write timestamps.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Item is one Standard File item as stored locally.
type Item struct {
	UUID        string `gorm:"primaryKey"`
	ContentType string `gorm:"index;not null"`
	// Content is the decrypted content JSON, exactly as received or as we last
	// wrote it. Empty for tombstones and for items that cannot be decrypted.
	Content string
	// EncContent, EncItemKey and AuthHash hold the encrypted fields of an item
	// that could not be decrypted, so it can be kept and shown as it came.
	EncContent string
	EncItemKey string
	AuthHash   string
	// ItemsKeyID names the items key a 004 item is encrypted with (kept with
	// the encrypted fields, so that it can be decrypted once the key arrives).
	ItemsKeyID string
	// SealedBy is, for a 004 items key, the pw_nonce of the root key that
	// opened it when it arrived (set again when this device seals it under
	// its current root key and the server saves it). Only a key sealed under
	// the account's current root key may encrypt new items: one that only an
	// older root key opens could have been planted by whoever knows the old
	// password (see syncengine's keyring004).
	SealedBy string `gorm:"not null;default:''"`
	// Extra holds, as a JSON object, the item's fields that sfnotes does not
	// use (the official server's shared_vault_uuid, key_system_identifier,
	// *_timestamp, ...): the last values the server gave, sent back with every
	// update, since that server drops what an update leaves out.
	Extra string `gorm:"not null;default:''"`
	// ServerCreatedAt and ServerUpdatedAt are the server's strings, unparsed.
	// ServerUpdatedAt is empty for an item the server has never saved.
	ServerCreatedAt string
	ServerUpdatedAt string
	Deleted         bool `gorm:"index"`
	Dirty           bool `gorm:"index"`
	// Changes counts local changes; the engine remembers the value it uploaded.
	Changes int64
	// DecryptError is why the item could not be decrypted ("" when it could).
	DecryptError string
	// BaseHash is ContentHash of the content the server is known to hold: what
	// we last received or had confirmed saved. A conflicting server version
	// with this hash is the one our local edit started from, not someone
	// else's change.
	BaseHash string

	// Derived from Content by derive(); never set directly.
	Title    string
	Preview  string
	Search   string // lowercase title + text, for substring search
	Pinned   bool
	Archived bool
	Trashed  bool
	// Columns added after the first release carry a default, so that the
	// rows already stored read as false and 0 (not NULL) when AutoMigrate
	// adds them; migration 2 then derives their values.
	Starred   bool `gorm:"not null;default:false"`
	Locked    bool `gorm:"not null;default:false"`
	Protected bool `gorm:"not null;default:false"`
	// Shelf is where a note lives, for the list indexes: 0 the notes, 1 the
	// archive, 2 the trash (a trashed note is in the trash, archived or not).
	Shelf      int `gorm:"not null;default:0"`
	ConflictOf string
	CreatedMs  int64 `gorm:"index"`
	ModifiedMs int64 `gorm:"index"`
}

// TagNote is one tag-note link, derived from the references of Owner (a tag
// that references a note, or, in old data, a note that references a tag).
type TagNote struct {
	Owner string `gorm:"primaryKey"`
	Tag   string `gorm:"primaryKey;index"`
	Note  string `gorm:"primaryKey;index"`
}

// Account is the signed-in account and its sync state. There is at most one
// row (ID 1). Keys and the session token are not here: they are secrets and
// live in the OS keyring or a 0600 file, handled by the app.
type Account struct {
	ID         uint `gorm:"primaryKey"`
	Server     string
	Email      string
	AuthParams string // JSON, as the server gave it
	SyncToken  string // opaque: stored and echoed byte for byte
	LastSyncMs int64
	SecretsIn  string // "keyring" or "file"
	// PendingParams holds the new auth params (JSON) of a password change
	// sent to the server whose outcome is not yet known. While it is set no
	// sync may upload: items would go up under keys the account may no
	// longer have (see syncengine's password change).
	PendingParams string
	// UserUUID is the account's user uuid on the server (from the sign-in
	// answer): the 2020 API names the user in its paths.
	UserUUID string
	// Dialect is the server's dialect as found at sign-in ("" the standard
	// one, "official" the official gateway; see syncengine/official.go).
	Dialect string `gorm:"not null;default:''"`
}

// ContentHash identifies a content string ("" for none).
func ContentHash(content string) string {
	if content == "" {
		return ""
	}
	// In pieces: []byte(content) would copy a 70 MB tag whole, twice a sync.
	h := sha256.New()
	for len(content) > 0 {
		n := min(len(content), 1<<16)
		h.Write([]byte(content[:n]))
		content = content[n:]
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// NewUUID returns a random (version 4) uuid.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// FormatTime writes t the way Standard File clients do.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads a server or client timestamp (any RFC 3339 form); zero time
// on failure, which sorts as oldest.
func ParseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return parseJSDate(s)
	}
	return t
}

// parseJSDate reads JavaScript's Date.toString() form ("Sat Nov 28 2026
// 21:47:26 GMT+0000 (Coordinated Universal Time)"), which the official 004
// client leaves in client_updated_at of items it made and never edited.
func parseJSDate(s string) time.Time {
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	t, err := time.Parse("Mon Jan 02 2006 15:04:05 GMT-0700", s)
	if err != nil {
		return time.Time{}
	}
	return t
}
