package sftest

import (
	"encoding/base64"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// wireItem is this server's own view of the item JSON.
type wireItem struct {
	UUID        string  `json:"uuid"`
	ContentType string  `json:"content_type"`
	Content     *string `json:"content"`
	EncItemKey  *string `json:"enc_item_key"`
	AuthHash    *string `json:"auth_hash"`
	Deleted     bool    `json:"deleted"`
	CreatedAt   *string `json:"created_at"`
	UpdatedAt   *string `json:"updated_at"`
	// official holds what only the gateway mode reads from a request
	// (gateway_items.go); the legacy dialect never sets it.
	official *officialFields
}

type syncRequest struct {
	Items       []wireItem `json:"items"`
	SyncToken   string     `json:"sync_token"`
	CursorToken string     `json:"cursor_token"`
	Limit       int        `json:"limit"`
	API         string     `json:"api"`
	ContentType string     `json:"content_type"` // only items of this type, as the real servers do
}

// timeLayout is how the ruby server writes times (microseconds).
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Token encodes a time the way the ruby server does: base64 of
// "2:<seconds.fraction>", with Base64.encode64's trailing newline.
func token(t time.Time) string {
	s := "2:" + strconv.FormatFloat(float64(t.UnixMicro())/1e6, 'f', 6, 64)
	return base64.StdEncoding.EncodeToString([]byte(s)) + "\n"
}

func tokenTime(tok string) (time.Time, bool) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(tok))
	if err != nil || !strings.HasPrefix(string(raw), "2:") {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(string(raw[2:]), 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.UnixMicro(int64(f*1e6 + 0.5)).UTC(), true
}

func (it *item) wire() wireItem {
	c, k := it.Content, it.EncItemKey
	ca, ua := it.CreatedAt.Format(timeLayout), it.UpdatedAt.Format(timeLayout)
	w := wireItem{UUID: it.UUID, ContentType: it.ContentType, Content: &c, EncItemKey: &k,
		Deleted: it.Deleted, CreatedAt: &ca, UpdatedAt: &ua}
	if it.AuthHash != "" {
		h := it.AuthHash
		w.AuthHash = &h
	}
	return w
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (s *Server) sync(w http.ResponseWriter, r *http.Request) {
	var req syncRequest
	if !decode(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.authed(w, r)
	if u == nil {
		return
	}
	res, status, msg := s.runSync(u, req)
	if status != http.StatusOK {
		writeError(w, status, msg, "")
		return
	}
	out := []wireItem{}
	for _, it := range res.retrieved {
		out = append(out, it.wire())
	}
	resp := map[string]any{"retrieved_items": out, "saved_items": savedWire(res.saved),
		"sync_token": res.syncToken, "cursor_token": res.cursor}
	if s.Legacy || req.API == "" || req.API == "20161215" {
		resp["unsaved"] = legacyUnsaved(res.conflicts)
	} else {
		resp["conflicts"] = conflictsWire(res.conflicts)
	}
	writeJSON(w, http.StatusOK, resp)
}

// syncResult is one sync's outcome, before either dialect shapes it.
type syncResult struct {
	retrieved, saved []*item
	conflicts        []conflict
	cursor           any
	syncToken        string
}

// runSync retrieves, then saves, for both dialects; the caller holds s.mu.
// A status other than 200 comes with the error message to answer.
func (s *Server) runSync(u *user, req syncRequest) (syncResult, int, string) {
	retrieved, cursor, ok := s.retrieve(u, req)
	if !ok {
		return syncResult{}, http.StatusBadRequest, "Invalid token."
	}
	saved, conflicts, err := s.save(u, req.Items, req.API)
	if err != nil {
		return syncResult{}, http.StatusInternalServerError, err.Error()
	}
	// An item that conflicted is reported as a conflict, not also retrieved.
	skip := map[string]bool{}
	for _, c := range conflicts {
		skip[c.uuid] = true
	}
	res := syncResult{saved: saved, conflicts: conflicts, cursor: cursor, syncToken: token(s.syncTime(saved))}
	for _, it := range retrieved {
		if !skip[it.UUID] {
			res.retrieved = append(res.retrieved, it)
		}
	}
	if s.Cursors != nil {
		res.cursor = s.Cursors(req.CursorToken)
	}
	return res, http.StatusOK, ""
}

func (s *Server) syncTime(saved []*item) time.Time {
	var t time.Time
	for _, it := range saved {
		if it.UpdatedAt.After(t) {
			t = it.UpdatedAt
		}
	}
	if t.IsZero() {
		t = s.tick()
	}
	return t
}

// retrieve returns the items changed since the token, oldest first, and a
// cursor when a limit cut the list. A cursor is inclusive (>=), so the item on
// a page boundary repeats; a sync token is exclusive (>).
func (s *Server) retrieve(u *user, req syncRequest) ([]*item, any, bool) {
	var since time.Time
	inclusive, initial := false, false
	switch {
	case req.CursorToken != "":
		t, ok := tokenTime(req.CursorToken)
		if !ok {
			return nil, nil, false
		}
		since, inclusive = t, true
	case req.SyncToken != "":
		t, ok := tokenTime(req.SyncToken)
		if !ok {
			return nil, nil, false
		}
		since = t
	default:
		initial = true
	}
	var out []*item
	for _, it := range u.items {
		switch {
		case req.ContentType != "" && it.ContentType != req.ContentType:
		case initial && it.Deleted:
		case initial, inclusive && !it.UpdatedAt.Before(since), !inclusive && it.UpdatedAt.After(since):
			out = append(out, it)
		}
	}
	sortItems(out)
	limit := req.Limit
	if s.MaxLimit > 0 && (limit <= 0 || limit > s.MaxLimit) {
		limit = s.MaxLimit
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
		return out, token(out[limit-1].UpdatedAt), true
	}
	return out, nil, true
}

// sortItems orders items oldest first, by uuid within the same time.
func sortItems(items []*item) {
	sort.Slice(items, func(i, j int) bool {
		if !items[i].UpdatedAt.Equal(items[j].UpdatedAt) {
			return items[i].UpdatedAt.Before(items[j].UpdatedAt)
		}
		return items[i].UUID < items[j].UUID
	})
}

// AlternatingCursors answers cursor A, then B, then A again, forever: no
// cursor repeats the one just before it, yet the paging never ends.
func AlternatingCursors() func(string) string {
	a, b := token(time.Unix(1, 0)), token(time.Unix(2, 0))
	return func(req string) string {
		if req == a {
			return b
		}
		return a
	}
}

// EndlessCursors answers a new cursor every time.
func EndlessCursors() func(string) string {
	var mu sync.Mutex
	n := 0
	return func(string) string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return token(time.Unix(1, 0).Add(time.Duration(n) * time.Microsecond))
	}
}

type conflict struct {
	kind   string
	uuid   string
	server *item    // sync_conflict
	mine   wireItem // uuid_conflict
}

// errInternal is the 500 mdouchement answers for an update without updated_at.
var errInternal = errors.New("Unexpected error")

// save stores incoming items. A uuid owned by another user is a
// uuid_conflict; an existing item whose incoming updated_at does not match
// the server's (see conflicts) is a sync_conflict.
func (s *Server) save(u *user, incoming []wireItem, api string) ([]*item, []conflict, error) {
	var saved []*item
	var conflicts []conflict
	for _, in := range incoming {
		if owner, ok := s.owners[in.UUID]; ok && owner != u.email {
			conflicts = append(conflicts, conflict{kind: "uuid_conflict", uuid: in.UUID, mine: in})
			continue
		}
		cur := u.items[in.UUID]
		if cur != nil && in.UpdatedAt == nil && !s.official {
			// What mdouchement v0.13.4 does (a nil dereference, recovered).
			return nil, nil, errInternal
		}
		if cur != nil && s.conflicts(in, cur, api) {
			cp := *cur
			conflicts = append(conflicts, conflict{kind: "sync_conflict", uuid: in.UUID, server: &cp})
			continue
		}
		it := s.stored(in, cur)
		u.items[it.UUID] = it
		s.owners[it.UUID] = u.email
		saved = append(saved, it)
	}
	return saved, conflicts, nil
}

// conflicts reports whether an update of cur is based on another version.
// The ruby rule: updated_at a second or more away. The official server's
// rule is in officialConflict.
func (s *Server) conflicts(in wireItem, cur *item, api string) bool {
	if s.official {
		return officialConflict(in, cur, api)
	}
	t, err := time.Parse(time.RFC3339Nano, str(in.UpdatedAt))
	return err != nil || absDuration(t.Sub(cur.UpdatedAt)) >= time.Second
}

// stored is the item an accepted incoming one becomes.
func (s *Server) stored(in wireItem, cur *item) *item {
	it := &item{UUID: in.UUID, ContentType: in.ContentType, Content: str(in.Content),
		EncItemKey: str(in.EncItemKey), AuthHash: str(in.AuthHash), Deleted: in.Deleted, UpdatedAt: s.tick()}
	it.CreatedAt = it.UpdatedAt
	if cur != nil {
		it.CreatedAt = cur.CreatedAt
	} else if t, err := time.Parse(time.RFC3339Nano, str(in.CreatedAt)); err == nil {
		it.CreatedAt = t.UTC()
	}
	if s.official && in.official != nil {
		it.ItemsKeyID, it.Extra = in.official.itemsKeyID, in.official.extra
	}
	if it.Deleted {
		it.Content, it.EncItemKey, it.AuthHash, it.ItemsKeyID = "", "", "", ""
	}
	return it
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func savedWire(items []*item) []wireItem {
	out := []wireItem{}
	for _, it := range items {
		w := it.wire()
		// The reference server answers saved items without their content.
		w.Content, w.EncItemKey, w.AuthHash = nil, nil, nil
		out = append(out, w)
	}
	return out
}

func conflictsWire(cs []conflict) []map[string]any {
	out := []map[string]any{}
	for _, c := range cs {
		if c.kind == "sync_conflict" {
			out = append(out, map[string]any{"type": c.kind, "server_item": c.server.wire()})
		} else {
			out = append(out, map[string]any{"type": c.kind, "unsaved_item": c.mine})
		}
	}
	return out
}

func legacyUnsaved(cs []conflict) []map[string]any {
	out := []map[string]any{}
	for _, c := range cs {
		it := any(c.mine)
		if c.kind == "sync_conflict" {
			it = c.server.wire()
		}
		out = append(out, map[string]any{"item": it, "error": map[string]string{"tag": c.kind}})
	}
	return out
}
