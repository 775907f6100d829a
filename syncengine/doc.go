// Package syncengine keeps the local store and a Standard File server in step.
//
// The protocol, as real servers speak it (shared PROTOCOL.md §4): the client
// POSTs items/sync with its dirty items (at most 150 a request, encrypted),
// its opaque sync_token and, while paging, a cursor_token. The server answers
// with retrieved_items (changes since the token), saved_items (what it
// accepted from us, whose metadata only we merge), conflicts (api 20190520)
// or unsaved (legacy), and new tokens. Tokens are echoed byte for byte and
// the sync token is saved only once a whole response, all pages, is applied.
//
// The merge rules are pure functions in merge.go. The store enforces the one
// rule that must hold even if the engine is wrong: a dirty local item is
// never overwritten by retrieved data. An item that cannot be decrypted is
// kept as it came and is never uploaded over the server's copy.
//
// Engine runs the loop in one goroutine: a sync at start, one about a second
// after the user stops typing, one periodically, one on SyncNow, with
// exponential backoff while offline. It reports through a channel of Events
// and never blocks on its listener.
package syncengine
