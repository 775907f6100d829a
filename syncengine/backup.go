package syncengine

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// Export and import files (PROTOCOL.md §6):
//   decrypted: {"items":[{uuid, content_type, created_at, updated_at, content:{...}}]}
//   encrypted: {"items":[{...encrypted fields...}], "auth_params":{...}} (newer apps: "keyParams")
//   0.10.0 exports: like decrypted, with "presentation_name" and notes that reference tags.

// ErrBadBackup means an import file is not one of the formats above, or is
// damaged. Nothing was imported.
var ErrBadBackup = errors.New("not a Standard File export, or a damaged one")

// ErrBackupPassword means the password does not decrypt the encrypted backup.
var ErrBackupPassword = errors.New("the password does not decrypt this backup")

// ErrBackupDamaged means the password is right (it opens the backup's keys)
// or cannot be the trouble, but the items do not decrypt: the file is
// damaged. Nothing was imported. It is an ErrBadBackup.
var ErrBackupDamaged = fmt.Errorf("%w: the password is right, but its items do not decrypt", ErrBadBackup)

// MaxImportSize bounds an import file.
const MaxImportSize = 256 << 20

type exportItem struct {
	UUID        string          `json:"uuid"`
	ContentType string          `json:"content_type"`
	CreatedAt   string          `json:"created_at,omitempty"`
	UpdatedAt   string          `json:"updated_at,omitempty"`
	Content     json.RawMessage `json:"content"`
	EncItemKey  string          `json:"enc_item_key,omitempty"`
	AuthHash    string          `json:"auth_hash,omitempty"`
	ItemsKeyID  string          `json:"items_key_id,omitempty"`
	Deleted     bool            `json:"deleted,omitempty"`
	// PresentationName is written by 0.10.0 clients; read and ignored.
	PresentationName string `json:"presentation_name,omitempty"`
}

type exportFile struct {
	// Version is written by the official apps' 004 backups ("004").
	Version    string               `json:"version,omitempty"`
	Items      []exportItem         `json:"items"`
	AuthParams *sfcrypto.AuthParams `json:"auth_params,omitempty"`
	// KeyParams are the official apps' name for the params: 003 ones, or a
	// 004 account's key params (read by backup004.go).
	KeyParams json.RawMessage `json:"keyParams,omitempty"`
}

// ExportSummary says what an export wrote.
type ExportSummary struct {
	Items   int
	Skipped int // undecryptable items left out of a decrypted export
}

// ExportDecrypted writes every live item's content in the clear, except a
// 004 account's items keys: in a plain file they would open the account's
// data on the server for whoever reads it (and an import never takes them).
func ExportDecrypted(st *model.Store, w io.Writer) (ExportSummary, error) {
	items, err := st.AllItems()
	if err != nil {
		return ExportSummary{}, err
	}
	var sum ExportSummary
	f := exportFile{Items: []exportItem{}}
	for _, it := range items {
		if it.Deleted || it.ContentType == sfcrypto.ContentTypeItemsKey {
			continue
		}
		if it.DecryptError != "" && it.Content == "" {
			sum.Skipped++
			continue
		}
		f.Items = append(f.Items, exportItem{UUID: it.UUID, ContentType: it.ContentType, CreatedAt: it.ServerCreatedAt,
			UpdatedAt: it.ServerUpdatedAt, Content: json.RawMessage(it.Content)})
	}
	sum.Items = len(f.Items)
	return sum, writeJSONFile(w, f)
}

// ExportEncrypted writes every live item encrypted with the account keys,
// with the account's auth params so the password alone restores it.
// Items we cannot decrypt are written as they came.
func ExportEncrypted(st *model.Store, keys sfcrypto.Keys, params sfcrypto.AuthParams, w io.Writer) (ExportSummary, error) {
	items, err := st.AllItems()
	if err != nil {
		return ExportSummary{}, err
	}
	f := exportFile{Items: []exportItem{}, AuthParams: &params}
	for _, it := range items {
		if it.Deleted {
			continue
		}
		e := exportItem{UUID: it.UUID, ContentType: it.ContentType, CreatedAt: it.ServerCreatedAt, UpdatedAt: it.ServerUpdatedAt}
		content, key, hash := it.EncContent, it.EncItemKey, it.AuthHash
		if it.DecryptError == "" {
			p, err := sfcrypto.EncryptItem(it.UUID, []byte(it.Content), keys)
			if err != nil {
				return ExportSummary{}, fmt.Errorf("encrypting %s: %w", it.UUID, err)
			}
			content, key, hash = p.Content, p.EncItemKey, ""
		}
		e.Content, _ = json.Marshal(content)
		e.EncItemKey, e.AuthHash = key, hash
		f.Items = append(f.Items, e)
	}
	return ExportSummary{Items: len(f.Items)}, writeJSONFile(w, f)
}

func writeJSONFile(w io.Writer, f exportFile) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// ImportSummary says what an import did.
type ImportSummary struct {
	Notes         int
	Tags          int
	Others        int // items of other content types
	Unchanged     int // already here with the same content
	Conflicts     int // same uuid, other content: imported as conflicted copies
	TagsMerged    int // tags of the file joined to a tag of the same name
	Undecryptable int // encrypted items the password did not open (not imported)
	// Damaged: the password is right (it opened the rest), so the items
	// that did not open are damaged, or the file's key params were.
	Damaged bool
}

// ParsedBackup is an import file read and checked, not yet applied.
type ParsedBackup struct {
	file      exportFile
	encrypted bool
	// params004 are a 004 backup's key params (its items are 004 strings).
	params004 *sfcrypto.KeyParams004
}

// Encrypted reports whether the backup needs a password.
func (p *ParsedBackup) Encrypted() bool { return p.encrypted }

// ParseBackup reads and checks an import file without touching the store.
func ParseBackup(r io.Reader) (*ParsedBackup, error) {
	var buf bytes.Buffer
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		// A file says its size: refuse a huge one before reading a byte,
		// and read the others into one buffer of that size (io.ReadAll's
		// doublings allocated 2.3 times a 70 MB file).
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if st.Size() > MaxImportSize {
				return nil, fmt.Errorf("%w: larger than %d MB", ErrBadBackup, MaxImportSize>>20)
			}
			buf.Grow(int(st.Size()) + bytes.MinRead)
		}
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxImportSize+1)); err != nil {
		return nil, fmt.Errorf("reading the file: %w", err)
	}
	data := buf.Bytes()
	if len(data) > MaxImportSize {
		return nil, fmt.Errorf("%w: larger than %d MB", ErrBadBackup, MaxImportSize>>20)
	}
	var f exportFile
	// json.Unmarshal, not a Decoder over the bytes: a Decoder copies the
	// whole value into its own buffer first (another 70 MB for a tag of a
	// million references).
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadBackup, err)
	}
	if f.Items == nil {
		return nil, fmt.Errorf("%w: no \"items\" list", ErrBadBackup)
	}
	p := &ParsedBackup{file: f}
	if err := p.readKeyParams(); err != nil {
		return nil, err
	}
	has004 := false
	for i, it := range f.Items {
		if it.UUID == "" || it.ContentType == "" {
			return nil, fmt.Errorf("%w: item %d has no uuid or content_type", ErrBadBackup, i)
		}
		s, ok := contentString(it.Content)
		if ok && (strings.HasPrefix(s, "001") || strings.HasPrefix(s, "002") || strings.HasPrefix(s, "003") || strings.HasPrefix(s, "004")) {
			p.encrypted = true
			has004 = has004 || strings.HasPrefix(s, "004")
		}
	}
	switch {
	case has004 && p.params004 == nil:
		return nil, fmt.Errorf("%w: 004 items without the account's key params", ErrBadBackup)
	case p.encrypted && p.file.AuthParams == nil && p.params004 == nil:
		return nil, fmt.Errorf("%w: encrypted items without auth_params", ErrBadBackup)
	}
	return p, nil
}

func contentString(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// decoded is a backup's items in the clear and what did not open.
type decoded struct {
	items         []model.Remote
	undecryptable int
	// damaged: the password is known right, so the items that did not
	// open are damaged (or the file's key params were, and the keys' own
	// were used).
	damaged bool
}

// decode turns every item of the backup into plain content JSON. The
// password is used only for an encrypted backup.
func (p *ParsedBackup) decode(ctx context.Context, password string) (decoded, error) {
	if p.params004 != nil && p.encrypted {
		return p.decode004(ctx, password)
	}
	var keys sfcrypto.Keys
	if p.encrypted {
		params := *p.file.AuthParams
		var err error
		if keys, err = sfcrypto.DeriveKeysContext(ctx, password, params); err != nil {
			return decoded{}, fmt.Errorf("backup auth params: %w", err)
		}
	}
	var d decoded
	opened := 0
	for _, it := range p.file.Items {
		if it.Deleted || it.ContentType == sfcrypto.ContentTypeItemsKey {
			continue // items keys are another account's keys: never imported
		}
		content, err := itemContent(it, keys)
		if errors.Is(err, errUndecryptable) {
			d.undecryptable++
			continue
		}
		if err != nil {
			return decoded{}, fmt.Errorf("%w: item %s: %v", ErrBadBackup, it.UUID, err)
		}
		opened++
		d.items = append(d.items, model.Remote{UUID: it.UUID, ContentType: it.ContentType, Content: content,
			CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt})
	}
	if p.encrypted && opened == 0 && d.undecryptable > 0 {
		return decoded{}, ErrBackupPassword
	}
	// Items of the 003 family carry no key that would prove the password
	// right; one that opened does.
	d.damaged = p.encrypted && opened > 0 && d.undecryptable > 0
	return d, nil
}

var errUndecryptable = errors.New("undecryptable")

// itemContent returns an item's content JSON: an object as is, "000" base64,
// or an encrypted string decrypted with keys.
func itemContent(it exportItem, keys sfcrypto.Keys) (string, error) {
	raw := bytes.TrimSpace(it.Content)
	if len(raw) > 0 && raw[0] == '{' {
		// An object (its first byte says so, and json.Unmarshal has
		// checked it is valid JSON): taken as is, without parsing it
		// into values only to throw them away.
		return string(raw), nil
	}
	s, ok := contentString(raw)
	if !ok {
		return "", errors.New("content is neither an object nor a string")
	}
	switch {
	case strings.HasPrefix(s, "000"):
		b, err := base64.StdEncoding.DecodeString(s[3:])
		if err != nil || !json.Valid(b) {
			return "", errors.New("bad 000 content")
		}
		return string(b), nil
	case strings.HasPrefix(s, "00"):
		b, err := sfcrypto.DecryptItem(sfcrypto.Payload{UUID: it.UUID, Content: s, EncItemKey: it.EncItemKey, AuthHash: it.AuthHash}, keys)
		if err != nil {
			return "", errUndecryptable
		}
		return string(b), nil
	case json.Valid([]byte(s)) && strings.HasPrefix(strings.TrimSpace(s), "{"):
		return s, nil // some exporters write the content object as a JSON string
	}
	return "", errors.New("unknown content format")
}

// Import applies a parsed backup in one transaction: new items are added,
// items already here with the same content are left alone, and an item whose
// uuid exists with other content comes in as a conflicted copy, so nothing
// local is overwritten. A tag joins the tag of the same name, here or earlier
// in the file (importtags.go). Everything imported is dirty, to sync. Cancelling ctx
// stops the key derivation of an encrypted backup (nothing is imported).
func (p *ParsedBackup) Import(ctx context.Context, st *model.Store, password string) (ImportSummary, error) {
	d, err := p.decode(ctx, password)
	if err != nil {
		return ImportSummary{}, err
	}
	items := d.items
	sum := ImportSummary{Undecryptable: d.undecryptable, Damaged: d.damaged}
	err = st.Update(func(tx *model.Tx) error {
		sum = ImportSummary{Undecryptable: d.undecryptable, Damaged: d.damaged}
		plan, err := planTags(tx, items)
		if err != nil {
			return err
		}
		for i, r := range items {
			if into, ok := plan.into[r.UUID]; ok && plan.skip[i] {
				added, err := tx.MergeTagInto(into, model.RewriteContentReferences(r.Content, plan.renamed))
				if err != nil {
					return err
				}
				if into != r.UUID {
					sum.TagsMerged++ // another tag of this name: joined
				} else if added {
					sum.Tags++ // this very tag, with notes it did not have
				} else {
					sum.Unchanged++
				}
				continue
			}
			if plan.skip[i] {
				sum.TagsMerged++ // folded into an earlier tag of the file
				continue
			}
			if c, ok := plan.merged[i]; ok {
				r.Content = c
			}
			r.Content = model.RewriteContentReferences(r.Content, plan.renamed)
			local, err := tx.Get(r.UUID)
			switch {
			case err == nil && !local.Deleted && SameContent(local.Content, r.Content):
				sum.Unchanged++
				continue
			case err == nil && !local.Deleted:
				if _, err := tx.CreateConflictCopy(r.UUID, r.ContentType, datedContent(r), r.CreatedAt); err != nil {
					return err
				}
				sum.Conflicts++
			case err == nil || errors.Is(err, model.ErrNotFound):
				if err := tx.PutLocal(r.UUID, r.ContentType, datedContent(r), r.CreatedAt); err != nil {
					return err
				}
			default:
				return err
			}
			switch r.ContentType {
			case model.TypeNote:
				sum.Notes++
			case model.TypeTag:
				sum.Tags++
			default:
				sum.Others++
			}
		}
		return nil
	})
	return sum, err
}

// datedContent is an imported note's content carrying the file's updated_at
// as the user's modification time (client_updated_at) when it has none, so
// that the date survives the first sync (PROTOCOL.md §3). Other types are
// kept exactly as they came.
func datedContent(r model.Remote) string {
	if r.ContentType != model.TypeNote {
		return r.Content
	}
	return model.WithClientUpdatedAt(r.Content, r.UpdatedAt)
}
