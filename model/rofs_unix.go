//go:build !windows

package model

import (
	"errors"
	"syscall"
)

func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }

// dirWritable reports whether dir can be written: access(2) answers for the
// file system too (EROFS), even for root.
func dirWritable(dir string) bool { return syscall.Access(dir, 2 /* W_OK */) == nil }
