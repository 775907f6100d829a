package syncengine

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sfapi"
	"sfnotes/syncengine/sfcrypto"
)

// TestItemWaitsForItsKey: a 004 item that arrives before its items key is
// kept encrypted (marked, never shown as text, never uploaded), and is
// decrypted once the key arrives.
func TestItemWaitsForItsKey(t *testing.T) {
	st, err := model.Open(filepath.Join(t.TempDir(), "d"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, _ := sfcrypto.NewKeyParams004("k@example.com", sfcrypto.OriginationRegistration)
	root, err := sfcrypto.DeriveRootKey004("pw", p)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := sfcrypto.NewItemsKey004("key-1", true)
	kp, _ := sfcrypto.EncryptItemsKey004(k, root)
	np, _ := sfcrypto.EncryptItem004("note-1", []byte(`{"title":"T","text":"waited","references":[]}`), k)
	note := WireItem{UUID: "note-1", ContentType: model.TypeNote, Content: np.Content, EncItemKey: np.EncItemKey,
		ItemsKeyID: np.ItemsKeyID, CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-01T00:00:00.000Z"}
	key := WireItem{UUID: "key-1", ContentType: sfcrypto.ContentTypeItemsKey, Content: kp.Content, EncItemKey: kp.EncItemKey,
		CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-01T00:00:00.000Z"}

	s := &Syncer{Store: st, Root: &root}
	kr, err := loadKeyring(st, root)
	if err != nil {
		t.Fatal(err)
	}
	rs := decryptAll([]WireItem{note}, kr)
	if rs[0].DecryptError != ReasonWaitingForKey || rs[0].ItemsKeyID != "key-1" || rs[0].Content != "" {
		t.Fatalf("before its key: %+v", rs[0])
	}
	if err := st.Update(func(tx *model.Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		t.Fatal(err)
	}
	n, _ := st.GetNote("note-1")
	if n.Text != "" || n.DecryptError == "" {
		t.Fatalf("a waiting item shows as %+v", n)
	}
	s.kr = kr
	if wire, _, _ := s.encode([]model.Item{mustItem(t, st, "note-1")}); len(wire) != 0 {
		t.Fatal("a waiting item would be uploaded")
	}
	// The key arrives (a later page): the note is decrypted.
	rs = decryptAll([]WireItem{key}, kr)
	if err := st.Update(func(tx *model.Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		t.Fatal(err)
	}
	if kr.fresh != 1 {
		t.Fatalf("%d keys learned", kr.fresh)
	}
	res := Result{}
	if err := s.afterPage004(context.Background(), false, &res); err != nil {
		t.Fatal(err)
	}
	n, _ = st.GetNote("note-1")
	if n.Text != "waited" || n.DecryptError != "" || res.Downloaded != 1 {
		t.Fatalf("after its key: %+v, %+v", n, res)
	}
	// The key is stored, and a new syncer finds it.
	kr2, _ := loadKeyring(st, root)
	if d, ok := kr2.defaultKey(); !ok || d.UUID != "key-1" {
		t.Fatal("the items key was not stored")
	}
}

func mustItem(t *testing.T, st *model.Store, uuid string) model.Item {
	t.Helper()
	it, err := st.Get(uuid)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// TestExpiredAccessTokenRefreshed: HTTP 498 renews the session with the
// refresh token and retries, without the user; the new tokens are reported
// for storing. A refused refresh means signing in again.
func TestExpiredAccessTokenRefreshed(t *testing.T) {
	refreshOK := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/v1/sessions/refresh":
			var body map[string]string
			json.NewDecoder(r.Body).Decode(&body)
			if !refreshOK || body["refresh_token"] != "r1" || r.Header.Get("Authorization") != "" {
				w.WriteHeader(400)
				w.Write([]byte(`{"error":{"message":"Invalid refresh token."}}`))
				return
			}
			w.Write([]byte(`{"session":{"access_token":"new","refresh_token":"r2"}}`))
		case r.Header.Get("Authorization") == "Bearer new":
			w.Write([]byte(`{"retrieved_items":[],"saved_items":[],"sync_token":"t1"}`))
		default:
			w.WriteHeader(sfapi.StatusExpiredAccess)
			w.Write([]byte(`{"error":{"tag":"expired-access-token","message":"The provided access token has expired."}}`))
		}
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c.SetSession("old", "r1")
	var got []string
	c.OnSession = func(a, r string) { got = append(got, a, r) }
	if _, err := c.Sync(context.Background(), SyncRequest{}); err != nil {
		t.Fatalf("sync with an expired access token: %v", err)
	}
	if strings.Join(got, ",") != "new,r2" || c.Token() != "new" || c.RefreshToken() != "r2" {
		t.Fatalf("tokens after the refresh: %v, %q %q", got, c.Token(), c.RefreshToken())
	}
	refreshOK = false
	c.SetSession("old", "r1")
	_, err = c.Sync(context.Background(), SyncRequest{})
	mustErr(t, err, ErrAuthRequired)
}
