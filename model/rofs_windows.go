package model

func isReadOnlyFS(error) bool { return false }

func dirWritable(string) bool { return true }
