package store

import (
	"errors"
	"syscall"
)

// notWritable says why path cannot be written, or "" when it can: a
// read-only file system (which even root cannot write), or permissions.
func notWritable(path string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err == nil && st.Flags&stRdonly != 0 {
		return path + " is on a read-only file system"
	}
	if err := syscall.Access(path, 2 /* W_OK */); err != nil {
		if errors.Is(err, syscall.EROFS) {
			return path + " is on a read-only file system"
		}
		return path + " is not writable: " + err.Error()
	}
	return ""
}

const stRdonly = 0x1 // ST_RDONLY in statfs's f_flags
