package model

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// Contents with huge reference lists. A tag may reference a million notes
// (an import, or a server's answer of up to 512 MB): 70 MB of JSON.
// parseContent keeps a copy of every field, and references() turns the list
// into a million Go values; derive's set of links, the links' slice and
// setReferences' maps made a 70 MB tag cost 650 MB of memory to store and
// 1.5 GB to tag one more note. So a content longer than bigContent is read
// in one streaming pass (scanContent): every field but the references is
// kept (the views need them), and each reference is handed to a callback
// and dropped. Its links go through a scratch table (links.go), and one
// more reference is appended to the text (appendReference) instead of the
// list being parsed and written again.

// bigContent is the length from which a content is read by streaming. Below
// it, parseContent is faster (a Decoder costs more per field) and small.
const bigContent = 1 << 16

// scanContent reads a content object in one pass: every top-level field but
// "references" into c, and each entry of the references array to ref. It
// reads as parseContent and references() do: a content that is not a JSON
// object is empty, and references that are not a list give none (refsOK
// false; ref may have been called for entries before the JSON broke off:
// the caller then drops what ref got). An entry of another shape gives
// what json.Unmarshal makes of it.
func scanContent(s string, ref func(Reference)) (c content, refsOK bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return content{}, false
	}
	c, refsOK = content{}, true
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			return content{}, false
		}
		if key != "references" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return content{}, false
			}
			c[key] = raw
			continue
		}
		ok, syntaxOK := streamReferences(dec, ref)
		if !syntaxOK {
			return content{}, false
		}
		refsOK = refsOK && ok
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return content{}, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return content{}, false // something after the object: json.Unmarshal refuses it too
	}
	return c, refsOK
}

// streamReferences reads the value of "references": an array whose
// entries are each handed to ref. ok is false when the value is not an
// array (references() then gives none); syntaxOK is false when the JSON is
// broken.
func streamReferences(dec *json.Decoder, ref func(Reference)) (ok, syntaxOK bool) {
	tok, err := dec.Token()
	if err != nil {
		return false, false
	}
	switch tok {
	case nil:
		return true, true // null: no references
	case json.Delim('['):
	case json.Delim('{'):
		return false, skipRest(dec, 1)
	default:
		return false, true // a string, number or boolean
	}
	for dec.More() {
		var r Reference
		err := dec.Decode(&r)
		var typeErr *json.UnmarshalTypeError
		if err != nil && !errors.As(err, &typeErr) {
			return false, false
		}
		// An entry of the wrong shape reads as what json.Unmarshal makes
		// of it in a []Reference: the fields it could read (often none).
		if ref != nil {
			ref(r)
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
		return false, false
	}
	return true, true
}

// skipRest reads tokens until depth open delimiters are closed.
func skipRest(dec *json.Decoder, depth int) bool {
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return true
}

// appendReference returns contentJSON with r added at the end of its
// references array, every other byte as it was, without parsing the list
// into values. ok is false when the content's layout is not the plain one
// this reads (an object whose last "references" key, spelled without
// escapes, holds an array): the caller then parses and rewrites instead.
func appendReference(contentJSON string, r Reference) (string, bool) {
	return appendReferences(contentJSON, []Reference{r})
}

// appendReferences is appendReference for several entries, in one copy.
func appendReferences(contentJSON string, refs []Reference) (string, bool) {
	open, end, ok := referencesSpan(contentJSON)
	if !ok {
		return "", false
	}
	closing := end - 1 // the array's ']'
	var b strings.Builder
	b.Grow(len(contentJSON) + len(refs)*64)
	b.WriteString(contentJSON[:closing])
	empty := strings.TrimSpace(contentJSON[open+1:closing]) == ""
	for i, r := range refs {
		entry, err := json.Marshal(r)
		if err != nil {
			return "", false
		}
		if i > 0 || !empty {
			b.WriteByte(',')
		}
		b.Write(entry)
	}
	b.WriteString(contentJSON[closing:])
	return b.String(), true
}

// referencesSpan finds the array value of the top-level "references" key:
// the offset of its '[' and the offset just past its ']'.
func referencesSpan(s string) (open, end int, ok bool) {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return 0, 0, false
	}
	found := false
	for i = skipSpace(s, i+1); i < len(s) && s[i] != '}'; {
		keyEnd, ok := skipString(s, i)
		if !ok || strings.Contains(s[i:keyEnd], `\`) {
			return 0, 0, false
		}
		key := s[i+1 : keyEnd-1]
		i = skipSpace(s, keyEnd)
		if i >= len(s) || s[i] != ':' {
			return 0, 0, false
		}
		i = skipSpace(s, i+1)
		valEnd, ok := skipValue(s, i)
		if !ok {
			return 0, 0, false
		}
		if key == "references" {
			found = s[i] == '['
			open, end = i, valEnd
		}
		i = skipSpace(s, valEnd)
		if i < len(s) && s[i] == ',' {
			i = skipSpace(s, i+1)
		}
	}
	if i >= len(s) || strings.TrimSpace(s[i+1:]) != "" {
		return 0, 0, false
	}
	return open, end, found
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the offset past the JSON string starting at s[i].
func skipString(s string, i int) (int, bool) {
	if i >= len(s) || s[i] != '"' {
		return 0, false
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}

// skipValue returns the offset past the JSON value starting at s[i]. It
// finds where values end; it does not check what is inside them.
func skipValue(s string, i int) (int, bool) {
	if i >= len(s) {
		return 0, false
	}
	switch s[i] {
	case '"':
		return skipString(s, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(s); j++ {
			switch s[j] {
			case '"':
				end, ok := skipString(s, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(s) && !strings.ContainsRune(",}] \t\n\r", rune(s[j])) {
		j++
	}
	return j, j > i
}
