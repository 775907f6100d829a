package syncengine

import (
	"errors"
	"fmt"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// The sign-in rule: what a server offers (the account's protocol version and
// key-derivation cost) decides whether this device derives and sends a
// server password at all. A hostile server can offer any params for any
// email; what it learns is a hash of the password under them, so weaker
// params mean a cheaper offline guess (001 at cost 3,000: ~2 ms a guess).
//
//	this device knows the account   the server offers                       sfnotes
//	yes (a floor is stored)         the same version and cost, or stronger  signs in
//	yes                             a lower version, or a lower cost        refuses: ErrWeakerKeys
//	no                              004, or 003 with cost >= 110,000        signs in
//	no                              001 or 002                              ErrLegacyProtocol unless allowed
//
// The floor is stored by the model whenever an account is saved (model
// KeyFloor) and survives sign-out. Costs below each version's minimum and
// params that are decoys (an official server's 003 answer with no pw_cost,
// for an email it does not know) are refused before this rule (parseParams).

var (
	// ErrWeakerKeys: the server offered weaker keys than this account is
	// known to use on this device. Nothing was derived or sent.
	ErrWeakerKeys = errors.New("the server offered weaker keys than this account uses; it may be hostile")
	// ErrLegacyProtocol: an account this device has not seen is offered as
	// protocol 001 or 002 (2016-2017). Signing in is allowed only when the
	// person says so (the window asks; the command line wants
	// --allow-legacy-protocol): a hostile server can offer these to any email.
	ErrLegacyProtocol = errors.New("the server offers an encryption protocol from 2016 for this account")
)

// checkOffer applies the sign-in rule to the offered version and cost (0 for
// 004, whose cost is fixed), given the account's floor if one is stored.
func checkOffer(floor model.KeyFloor, known bool, version string, cost int64, allowLegacy bool) error {
	if known {
		if model.FloorWeaker(floor, version, cost) {
			return fmt.Errorf("%w (offered protocol %s, cost %d; this device has seen protocol %s, cost %d)",
				ErrWeakerKeys, version, cost, floor.Version, floor.Cost)
		}
		return nil
	}
	switch version {
	case sfcrypto.Version004, sfcrypto.Version003:
		return nil // 003's minimum cost is checked with its params
	default:
		if allowLegacy {
			return nil
		}
		return fmt.Errorf("%w (protocol %s)", ErrLegacyProtocol, version)
	}
}

// checkAccountOffer looks up the account's floor in the store and applies
// checkOffer.
func (a *Accounts) checkAccountOffer(server, email, version string, cost int64, allowLegacy bool) error {
	floor, known, err := a.Store.KeyFloor(server, email)
	if err != nil {
		return fmt.Errorf("reading this account's key floor: %w", err)
	}
	return checkOffer(floor, known, version, cost, allowLegacy)
}
