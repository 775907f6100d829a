package sfcrypto

// DecryptItemsKeyContent004 is DecryptItemsKey004 that also returns the
// decrypted content exactly as it was, so that a store can keep every field
// of the items key (appData, references) and not only the ones sfnotes reads.
func DecryptItemsKeyContent004(p Payload, root RootKey004) ([]byte, ItemsKey004, error) {
	c, ek, err := parsePair004(p)
	if err != nil {
		return nil, ItemsKey004{}, err
	}
	ad, err := rootKeyAuthenticatedData(p.UUID, ek.AuthenticatedData)
	if err != nil {
		return nil, ItemsKey004{}, err
	}
	content, err := decrypt004(c, ek, root.MasterKey, ad)
	if err != nil {
		return nil, ItemsKey004{}, err
	}
	k, err := ParseItemsKey004(p.UUID, content)
	return content, k, err
}
