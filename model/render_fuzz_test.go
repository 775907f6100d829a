package model

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRenderSuper: any text a server or a file may hold as a Super note's
// renders or fails with ErrNotLexical, never panics, and what it renders
// from valid UTF-8 is valid UTF-8.
func FuzzRenderSuper(f *testing.F) {
	if b, err := os.ReadFile("testdata/super-note.lexical.json"); err == nil {
		f.Add(string(b))
	}
	f.Add(`{"root":{"children":[{"type":"list","listType":"check","children":[{"type":"listitem","checked":true,"children":[{"type":"text","text":"x"}]}]}]}}`)
	f.Add(`{"root":null}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, text string) {
		out, err := RenderSuper(text, func(string) string { return "t" })
		if err == nil && utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", text)
		}
	})
}

// FuzzRenderHTML: any rich-text note's HTML renders without panicking and,
// from valid UTF-8, into valid UTF-8.
func FuzzRenderHTML(f *testing.F) {
	f.Add(`<h1>a</h1><ul><li><input type="checkbox" checked>b</li></ul>`)
	f.Add(`<p>x<br/>y</p><script>z</script>`)
	f.Add(strings.Repeat("<div>", 50))
	f.Fuzz(func(t *testing.T, text string) {
		if out := RenderHTML(text); utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", text)
		}
	})
}
