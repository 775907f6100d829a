package model

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// snDomain is the appData key the Standard Notes clients keep metadata under.
const snDomain = "org.standardnotes.sn"

// Reference is one entry of a content's references array.
type Reference struct {
	UUID        string `json:"uuid"`
	ContentType string `json:"content_type"`
}

// content is a content object parsed for editing: every field as raw JSON so
// that whatever we do not touch is written back byte for byte.
type content map[string]json.RawMessage

func parseContent(s string) content {
	c := content{}
	if s != "" {
		if err := json.Unmarshal([]byte(s), &c); err != nil || c == nil {
			c = content{}
		}
	}
	return c
}

func (c content) String() string {
	b, _ := json.Marshal(map[string]json.RawMessage(c)) // raw messages are valid JSON
	return string(b)
}

func (c content) str(key string) string {
	var s string
	_ = json.Unmarshal(c[key], &s)
	return s
}

func (c content) boolean(key string) bool {
	var b bool
	_ = json.Unmarshal(c[key], &b)
	return b
}

func (c content) set(key string, v any) {
	b, _ := json.Marshal(v)
	c[key] = b
}

func (c content) references() []Reference {
	var refs []Reference
	_ = json.Unmarshal(c["references"], &refs)
	return refs
}

func (c content) setReferences(refs []Reference) {
	if refs == nil {
		refs = []Reference{}
	}
	// Keep any extra fields of existing entries: rebuild from raw entries.
	var raw []map[string]json.RawMessage
	_ = json.Unmarshal(c["references"], &raw)
	byUUID := map[string]map[string]json.RawMessage{}
	for _, r := range raw {
		var u string
		_ = json.Unmarshal(r["uuid"], &u)
		byUUID[u] = r
	}
	out := make([]map[string]json.RawMessage, 0, len(refs))
	for _, r := range refs {
		e := byUUID[r.UUID]
		if e == nil {
			e = map[string]json.RawMessage{}
		}
		u, _ := json.Marshal(r.UUID)
		t, _ := json.Marshal(r.ContentType)
		e["uuid"], e["content_type"] = u, t
		out = append(out, e)
	}
	c.set("references", out)
}

// appData returns the org.standardnotes.sn domain of appData.
func (c content) appData() map[string]json.RawMessage {
	var all map[string]map[string]json.RawMessage
	_ = json.Unmarshal(c["appData"], &all)
	return all[snDomain]
}

func (c content) appBool(key string) bool {
	var b bool
	_ = json.Unmarshal(c.appData()[key], &b)
	return b
}

func (c content) appString(key string) string {
	var s string
	_ = json.Unmarshal(c.appData()[key], &s)
	return s
}

// setApp sets one key of appData[org.standardnotes.sn], keeping every other
// domain and key as it was.
func (c content) setApp(key string, v any) {
	var all map[string]json.RawMessage
	_ = json.Unmarshal(c["appData"], &all)
	if all == nil {
		all = map[string]json.RawMessage{}
	}
	var sn map[string]json.RawMessage
	_ = json.Unmarshal(all[snDomain], &sn)
	if sn == nil {
		sn = map[string]json.RawMessage{}
	}
	b, _ := json.Marshal(v)
	sn[key] = b
	all[snDomain], _ = json.Marshal(sn)
	c.set("appData", all)
}

const previewRunes = 120

// preview is the first non-empty line of text, cut to a readable length.
func preview(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > previewRunes {
			r := []rune(line)
			line = string(r[:previewRunes]) + "…"
		}
		return line
	}
	return ""
}

// derive recomputes the columns that are views over the content, and returns
// the tag-note links the content declares, each once. Only for contents up
// to bigContent: a longer one is stored through putBig, which streams them.
func (it *Item) derive() []TagNote {
	var links []TagNote
	seen := map[TagNote]bool{}
	it.deriveStream(func(l TagNote) {
		// A reference list is whatever a server or a file sent: it may
		// name the same item twice. Each link is stored once.
		if !seen[l] {
			seen[l] = true
			links = append(links, l)
		}
	})
	return links
}

// deriveStream recomputes the views and calls link (if not nil) for each
// tag-note link the content declares, repeats included. A content longer
// than bigContent is read by streaming, without holding its references. It
// reports whether the links given stand: false means the content declares
// none after all (its references are not a list of objects), and the
// caller drops those it was given.
func (it *Item) deriveStream(link func(TagNote)) bool {
	var onRef func(Reference)
	if link != nil && !it.Deleted && it.Content != "" {
		onRef = func(r Reference) {
			if l, ok := it.linkFor(r); ok {
				link(l)
			}
		}
	}
	var c content
	refsOK := true
	if len(it.Content) > bigContent {
		c, refsOK = scanContent(it.Content, onRef)
	} else {
		c = parseContent(it.Content)
		if onRef != nil {
			for _, r := range c.references() {
				onRef(r)
			}
		}
	}
	it.deriveViews(c)
	return refsOK
}

// linkFor is the link a reference of it declares: a tag referencing a
// note, or (old data) a note referencing a tag.
func (it *Item) linkFor(r Reference) (TagNote, bool) {
	switch {
	case it.ContentType == TypeTag && r.ContentType == TypeNote:
		return TagNote{Owner: it.UUID, Tag: it.UUID, Note: r.UUID}, true
	case it.ContentType == TypeNote && r.ContentType == TypeTag:
		return TagNote{Owner: it.UUID, Tag: r.UUID, Note: it.UUID}, true
	}
	return TagNote{}, false
}

// deriveViews sets the view columns from c, the item's parsed content.
func (it *Item) deriveViews(c content) {
	it.Title, it.Preview, it.Search = "", "", ""
	it.Pinned, it.Archived, it.Trashed, it.ConflictOf = false, false, false, ""
	it.Starred, it.Locked, it.Protected, it.Shelf = false, false, false, ShelfNotes
	it.CreatedMs = ParseTime(it.ServerCreatedAt).UnixMilli()
	it.ModifiedMs = it.CreatedMs
	if t := ParseTime(it.ServerUpdatedAt); !t.IsZero() {
		it.ModifiedMs = t.UnixMilli()
	}
	if t := ParseTime(c.appString("client_updated_at")); !t.IsZero() {
		it.ModifiedMs = t.UnixMilli()
	}
	if it.Deleted || it.Content == "" {
		return
	}
	it.Title = c.str("title")
	text := c.str("text")
	if it.ContentType == TypeNote {
		switch noteTypeOf(c) {
		case NoteTypeSuper:
			text = superText(c, text)
		case NoteTypeRichText:
			text = RenderHTML(text) // its preview and search read the text, not the markup
		}
	}
	it.deriveFlags(c)
	it.Preview = preview(text)
	it.Search = strings.ToLower(it.Title + "\n" + text)
	if it.Protected {
		// A protected note is listed without a preview and found by its
		// title only, as in the official app, until the user opens it.
		it.Preview, it.Search = "", strings.ToLower(it.Title)
	} else if c.boolean("hidePreview") {
		it.Preview = ""
	}
	it.ConflictOf = c.str("conflict_of")
}

// superText is what a Super note's list preview and search read: its text
// rendered (searching the Lexical JSON would find "paragraph" in every Super
// note), led by the official app's own preview_plain when it wrote one.
func superText(c content, text string) string {
	r := readable(NoteTypeSuper, text, nil)
	if p := strings.TrimSpace(c.str("preview_plain")); p != "" && preview(r) != preview(p) {
		return p + "\n" + r
	}
	return r
}

// EditedMs is when the user last changed a content, as the official clients
// record it (appData client_updated_at), else the server's updatedAt; 0 when
// neither is known.
func EditedMs(contentJSON, updatedAt string) int64 {
	if t := ParseTime(parseContent(contentJSON).appString("client_updated_at")); !t.IsZero() {
		return t.UnixMilli()
	}
	if t := ParseTime(updatedAt); !t.IsZero() {
		return t.UnixMilli()
	}
	return 0
}

// WithClientUpdatedAt returns a note's content with appData's
// client_updated_at set to at, when the content has none: the date a file or
// another client says the user last changed it, which the official clients
// show and sort by. Without it the server's updated_at stands in, and that
// becomes the day of the first sync. Content that is not a JSON object, and
// an unreadable at, are returned unchanged.
func WithClientUpdatedAt(contentJSON, at string) string {
	if ParseTime(at).IsZero() || !json.Valid([]byte(contentJSON)) {
		return contentJSON
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal([]byte(contentJSON), &probe) != nil || probe == nil {
		return contentJSON
	}
	c := content(probe)
	if c.appString("client_updated_at") != "" {
		return contentJSON
	}
	c.setApp("client_updated_at", at)
	return c.String()
}

// Where a note lives (Item.Shelf).
const (
	ShelfNotes    = 0
	ShelfArchived = 1
	ShelfTrash    = 2
)

// deriveFlags reads a note's flags where the official app reads them:
// pinned, archived and locked in appData (the authority: the official
// importer writes pinned and archived at the top level too, where the app
// never reads them), trashed, starred and protected at the top level.
func (it *Item) deriveFlags(c content) {
	sn := c.appData()
	flag := func(k string) bool {
		var b bool
		_ = json.Unmarshal(sn[k], &b)
		return b
	}
	it.Pinned, it.Archived, it.Locked = flag("pinned"), flag("archived"), flag("locked")
	it.Trashed, it.Starred, it.Protected = c.boolean("trashed"), c.boolean("starred"), c.boolean("protected")
	switch {
	case it.Trashed:
		it.Shelf = ShelfTrash
	case it.Archived:
		it.Shelf = ShelfArchived
	}
}
