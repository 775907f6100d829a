//go:build tools

// Package tools pins the fyne command (for `make package`) in a module of its
// own, so that its dependencies stay out of sfnotes' go.mod.
package tools

import _ "fyne.io/fyne/v2/cmd/fyne"
