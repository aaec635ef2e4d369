package filestore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CopyStats counts the blobs a copy holds.
type CopyStats struct {
	Count  int   `json:"count"`
	Bytes  int64 `json:"bytes"`
	Linked int   `json:"-"` // of Count, hard-linked from linkFrom rather than copied
}

// CopyTo writes every blob of the store into dir, in the store's own layout
// (ab/cd/<sha256>), for a backup: each is checked against its address as
// it is read (a damaged blob fails the copy, naming it), written to a
// temporary name, fsynced and renamed. A blob already in linkFrom (the
// previous backup's copy, with the same layout) is hard-linked from there
// instead, after the same check, so daily backups of a store that mostly
// does not change take little room. linkFrom may be "".
func (d *Disk) CopyTo(ctx context.Context, dir, linkFrom string) (CopyStats, error) {
	var st CopyStats
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return st, fmt.Errorf("copy file store: %w", err)
	}
	err := d.Walk(ctx, func(sha string) error {
		rel := filepath.Join(sha[:2], sha[2:4], sha)
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return err
		}
		size, linked, err := linkChecked(ctx, filepath.Join(linkFrom, rel), dst, sha, linkFrom != "")
		if err != nil {
			return err
		}
		if !linked {
			if size, err = copyChecked(ctx, d.path(sha), dst, sha); err != nil {
				return err
			}
		}
		st.Count++
		st.Bytes += size
		if linked {
			st.Linked++
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("copy file store: %w", err)
	}
	return st, syncTree(dir)
}

// CheckCopy reads every blob of a copy written by CopyTo and checks it
// against its address, and the count and bytes against want. Its error
// names the first damaged or missing blob.
func CheckCopy(ctx context.Context, dir string, want CopyStats) error {
	var got CopyStats
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		if !ValidSHA(e.Name()) {
			return fmt.Errorf("%s: not a stored file", p)
		}
		n, err := hashFile(p, e.Name())
		if err != nil {
			return err
		}
		got.Count++
		got.Bytes += n
		return nil
	})
	if err != nil {
		return fmt.Errorf("files of the backup: %w", err)
	}
	if got.Count != want.Count || got.Bytes != want.Bytes {
		return fmt.Errorf("files of the backup: %d files of %d bytes, the manifest says %d of %d", got.Count, got.Bytes, want.Count, want.Bytes)
	}
	return nil
}

// RestoreFrom copies the blobs of a backup's copy (checked with CheckCopy
// first) into the store, each checked again as it is read; a blob already
// stored is left as it is.
func (d *Disk) RestoreFrom(ctx context.Context, dir string) (CopyStats, error) {
	var st CopyStats
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		sha := e.Name()
		if !ValidSHA(sha) {
			return fmt.Errorf("%s: not a stored file", p)
		}
		if ok, err := d.Has(ctx, sha); err != nil || ok {
			return err
		}
		dst := d.path(sha)
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return err
		}
		n, err := copyChecked(ctx, p, dst, sha)
		if err != nil {
			return err
		}
		st.Count++
		st.Bytes += n
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("restore files: %w", err)
	}
	return st, syncTree(d.Dir)
}

// copyChecked copies src to dst through a temporary file, checking the
// bytes against sha; it returns their size.
func copyChecked(ctx context.Context, src, dst, sha string) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return 0, err
	}
	if Sum(data) != sha {
		return 0, fmt.Errorf("%s: %w", src, ErrCorrupt)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	return int64(len(data)), os.Rename(tmp.Name(), dst)
}

// linkChecked hard-links src to dst when src exists and matches sha; it
// reports whether it did. A damaged src is not linked (the store's blob
// is copied instead).
func linkChecked(ctx context.Context, src, dst, sha string, try bool) (int64, bool, error) {
	if !try {
		return 0, false, nil
	}
	n, err := hashFile(src, sha)
	if err != nil {
		return 0, false, nil
	}
	if err := os.Link(src, dst); err != nil {
		return 0, false, nil
	}
	return n, true, ctx.Err()
}

// hashFile checks that the file at p has the SHA-256 sha and returns its size.
func hashFile(p, sha string) (int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := newHash()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, err
	}
	if hexSum(h) != sha {
		return 0, fmt.Errorf("%s: %w", p, ErrCorrupt)
	}
	return n, nil
}

// syncTree fsyncs every directory under root, so the renames are durable.
func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || !e.IsDir() || strings.HasPrefix(e.Name(), ".") && p != root {
			return err
		}
		return syncDir(p)
	})
}

func newHash() hash.Hash { return sha256.New() }

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }
