package model

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// A key floor is the strongest key derivation an account has been seen to
// use on this device: its protocol version and cost. A server that later
// offers that account weaker params (a lower version, a lower cost) is not
// believed: signing in would send a hash that is far cheaper to guess from.
// Floors outlive sign-out (that is their point), so they are stored under
// a keyed hash of the server and email, never the names themselves: a
// signed-out data directory holds no email or server in the clear.

// KeyFloor is one account's floor, under FloorID.
type KeyFloor struct {
	ID      string `gorm:"primaryKey"` // hex HMAC-SHA256 of server and email (see FloorID)
	Version string // "001" .. "004"
	Cost    int64  // the PBKDF2 cost of 001-003; 0 for 004 (fixed by the version)
}

// LocalSecret is a random value this data directory keeps for itself: the
// key of the floors' hash. It never leaves the device and outlives sign-out.
type LocalSecret struct {
	Name  string `gorm:"primaryKey"`
	Value string
}

const floorSecretName = "key-floor-hmac"

// FloorID is the key an account's floor is stored under: HMAC-SHA256, keyed
// with this directory's own secret, of the server URL (without a trailing
// slash) and the lowercased, trimmed email.
func (tx *Tx) FloorID(server, email string) (string, error) {
	var sec LocalSecret
	err := tx.db.Where("name = ?", floorSecretName).Take(&sec).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		sec = LocalSecret{Name: floorSecretName, Value: hex.EncodeToString(b)}
		err = tx.db.Create(&sec).Error
	}
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, []byte(sec.Value))
	m.Write([]byte(strings.TrimRight(strings.TrimSpace(server), "/") + "\n" + strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(m.Sum(nil)), nil
}

// KeyFloor returns the floor stored for an account, if any.
func (s *Store) KeyFloor(server, email string) (f KeyFloor, ok bool, err error) {
	err = s.Update(func(tx *Tx) error {
		id, err := tx.FloorID(server, email)
		if err != nil {
			return err
		}
		e := tx.db.Where("id = ?", id).Take(&f).Error
		if errors.Is(e, gorm.ErrRecordNotFound) {
			return nil
		}
		ok = e == nil
		return e
	})
	return f, ok, err
}

// raiseFloor records the params an account is saved with, if stronger than
// its floor so far (a floor never goes down).
func (tx *Tx) raiseFloor(a Account) error {
	var p struct {
		Version string          `json:"version"`
		Cost    json.RawMessage `json:"pw_cost"`
	}
	if a.Server == "" || a.Email == "" || json.Unmarshal([]byte(a.AuthParams), &p) != nil || p.Version == "" {
		return nil
	}
	var cost int64
	_ = json.Unmarshal(p.Cost, &cost)
	if p.Version >= "004" {
		cost = 0
	}
	id, err := tx.FloorID(a.Server, a.Email)
	if err != nil {
		return err
	}
	var old KeyFloor
	if tx.db.Where("id = ?", id).Take(&old).Error == nil && (FloorWeaker(old, p.Version, cost) || old == KeyFloor{ID: id, Version: p.Version, Cost: cost}) {
		return nil
	}
	return tx.db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&KeyFloor{ID: id, Version: p.Version, Cost: cost}).Error
}

// FloorWeaker reports whether params of version and cost are weaker than
// the floor: an older version, or the same version at a lower cost.
func FloorWeaker(f KeyFloor, version string, cost int64) bool {
	return version < f.Version || (version == f.Version && cost < f.Cost)
}
