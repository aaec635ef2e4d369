//go:build !linux

package health

// DiskFree is only implemented on Linux, motcua's platform; elsewhere the
// disk check passes.
func DiskFree(string) (uint64, error) { return 0, ErrUnsupported }
