package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zalando/go-keyring"

	"sfnotes/model"
	"sfnotes/syncengine"
)

// CredentialsFile holds the keys and token when the OS keyring does not work.
const CredentialsFile = "credentials.json"

// secretStore keeps credentials in the OS keyring (Secret Service, macOS
// Keychain, Windows Credential Manager) where it works, else in a 0600 file in
// the data directory. The keyring entry is named after the data directory so
// two data directories never share keys. SFNOTES_KEYRING=off forces the file.
type secretStore struct {
	dir string
}

func newSecretStore(dir string) *secretStore { return &secretStore{dir: dir} }

func (s *secretStore) keyringUser() string { return "credentials:" + s.dir }

func (s *secretStore) keyringEnabled() bool { return os.Getenv("SFNOTES_KEYRING") != "off" }

func (s *secretStore) file() string { return filepath.Join(s.dir, CredentialsFile) }

// Where says where the credentials are: "keyring", "file" or "none".
func (s *secretStore) Where() string {
	if s.keyringEnabled() {
		if _, err := keyring.Get(ID, s.keyringUser()); err == nil {
			return "keyring"
		}
	}
	if _, err := os.Stat(s.file()); err == nil {
		return "file"
	}
	return "none"
}

func (s *secretStore) Load() (syncengine.Credentials, error) {
	var raw []byte
	if s.keyringEnabled() {
		if v, err := keyring.Get(ID, s.keyringUser()); err == nil {
			raw = []byte(v)
		}
	}
	if raw == nil {
		b, err := os.ReadFile(s.file())
		if errors.Is(err, os.ErrNotExist) {
			return syncengine.Credentials{}, syncengine.ErrNoCredentials
		}
		if err != nil {
			return syncengine.Credentials{}, fmt.Errorf("reading credentials: %w", err)
		}
		raw = b
	}
	var c syncengine.Credentials
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, fmt.Errorf("%w: stored credentials are damaged", syncengine.ErrNoCredentials)
	}
	return c, nil
}

// Save writes to the keyring, or, if it does not work here, to the file.
func (s *secretStore) Save(c syncengine.Credentials) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if s.keyringEnabled() {
		if err := keyring.Set(ID, s.keyringUser(), string(raw)); err == nil {
			_ = os.Remove(s.file()) // never leave a second copy behind
			return nil
		}
	}
	return writePrivate(s.file(), raw)
}

func (s *secretStore) Clear() error {
	if s.keyringEnabled() {
		// A keyring that does not work here holds nothing of ours: ignore its error.
		_ = keyring.Delete(ID, s.keyringUser())
	}
	if err := os.Remove(s.file()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// writePrivate writes a 0600 file atomically (temp file, fsync, rename).
func writePrivate(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(model.PrivateFileMode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
