//go:build tools

// Package tools pins the real Standard File server used by the test suite
// (mdouchement/standardfile v0.13.4) in a module of its own, so that its
// dependencies stay out of sfnotes' go.mod. See shared PROTOCOL.md §7.
package tools

import _ "github.com/mdouchement/standardfile/cmd/standardfile"
