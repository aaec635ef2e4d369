//go:build !linux

package store

// notWritable is only implemented on Linux, motcua's platform.
func notWritable(string) string { return "" }
