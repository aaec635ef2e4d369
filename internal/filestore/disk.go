package filestore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Disk keeps blobs as files under a directory, at ab/cd/<sha256> (two
// levels of fan-out keep directories small). A blob is written to a
// temporary file in the same directory, fsynced, renamed into place and the
// directory fsynced, so a crash leaves either the whole blob or none; the
// content type is not kept on disk but read again from the bytes.
type Disk struct {
	Dir string
}

// NewDisk opens (creating it if needed) a disk store at dir.
func NewDisk(dir string) (*Disk, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("file store %s: %w", dir, err)
	}
	return &Disk{Dir: dir}, nil
}

var shaRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidSHA reports whether s is a lowercase hex SHA-256.
func ValidSHA(s string) bool { return shaRE.MatchString(s) }

func (d *Disk) path(sha string) string {
	return filepath.Join(d.Dir, sha[:2], sha[2:4], sha)
}

// Put writes f's bytes unless a blob with its SHA-256 is already there; a
// blob already there is touched, so that SweepOrphans, which spares young
// blobs, never removes one a transaction is about to refer to.
func (d *Disk) Put(ctx context.Context, f *File) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if Sum(f.Data) != f.SHA256 {
		return fmt.Errorf("put %s: bytes do not match their SHA-256", f.SHA256)
	}
	p := d.path(f.SHA256)
	if now := time.Now(); os.Chtimes(p, now, now) == nil {
		return nil
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("put %s: %w", f.SHA256, err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("put %s: %w", f.SHA256, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(f.Data); err != nil {
		return fmt.Errorf("put %s: %w", f.SHA256, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("put %s: fsync: %w", f.SHA256, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("put %s: %w", f.SHA256, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("put %s: %w", f.SHA256, err)
	}
	done = true
	return syncDir(dir)
}

func syncDir(dir string) error {
	df, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	defer df.Close()
	if err := df.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}

// ErrNotFound is returned by Get for an address with no blob.
var ErrNotFound = errors.New("no stored file with this SHA-256")

// Get reads a blob and checks it against its address.
func (d *Disk) Get(ctx context.Context, sha string) (Blob, []byte, error) {
	if err := ctx.Err(); err != nil {
		return Blob{}, nil, err
	}
	if !ValidSHA(sha) {
		return Blob{}, nil, ErrNotFound
	}
	data, err := os.ReadFile(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return Blob{}, nil, ErrNotFound
	}
	if err != nil {
		return Blob{}, nil, fmt.Errorf("read file %s: %w", sha, err)
	}
	if Sum(data) != sha {
		return Blob{}, nil, fmt.Errorf("read file %s: %w", sha, ErrCorrupt)
	}
	ct, _ := Detect(data)
	return Blob{SHA256: sha, Size: int64(len(data)), ContentType: ct}, data, nil
}

// Has reports whether a blob is stored.
func (d *Disk) Has(ctx context.Context, sha string) (bool, error) {
	if !ValidSHA(sha) {
		return false, nil
	}
	_, err := os.Stat(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// Walk calls fn with every blob's address; leftover temporary files (from
// a crash during Put) are skipped.
func (d *Disk) Walk(ctx context.Context, fn func(sha string) error) error {
	return filepath.WalkDir(d.Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".tmp-") || !ValidSHA(e.Name()) {
			return nil
		}
		return fn(e.Name())
	})
}

// trashPrefix names a blob being swept; Walk skips it (not a valid address).
const trashPrefix = ".sweep-"

// SweepOrphans removes the blobs that no record refers to and that were
// last written or reused before olderThan: the copies a refused request
// left behind (a disk blob is stored before the transaction that refers to
// it, which the rules may then refuse). known holds the addresses the
// database referred to when the sweep began; referenced asks it again for
// one address, after the blob is moved aside: a blob that became
// referenced or young meanwhile is put back. It returns the addresses
// removed.
func (d *Disk) SweepOrphans(ctx context.Context, known map[string]bool, referenced func(ctx context.Context, sha string) (bool, error), olderThan time.Time) ([]string, error) {
	var candidates []string
	err := d.Walk(ctx, func(sha string) error {
		if known[sha] {
			return nil
		}
		if fi, err := os.Stat(d.path(sha)); err == nil && fi.ModTime().Before(olderThan) {
			candidates = append(candidates, sha)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sweep file store: %w", err)
	}
	var removed []string
	for _, sha := range candidates {
		p := d.path(sha)
		trash := filepath.Join(filepath.Dir(p), trashPrefix+sha)
		// Moved aside first: a Put from now on finds no blob and writes it
		// again, and a Put that touched it just before shows in its time.
		if err := os.Rename(p, trash); err != nil {
			continue
		}
		fi, err := os.Stat(trash)
		ref, rerr := referenced(ctx, sha)
		if err != nil || rerr != nil || ref || !fi.ModTime().Before(olderThan) {
			if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
				os.Rename(trash, p)
			} else {
				os.Remove(trash)
			}
			if rerr != nil {
				return removed, fmt.Errorf("sweep file store: %w", rerr)
			}
			continue
		}
		if err := os.Remove(trash); err != nil {
			return removed, fmt.Errorf("sweep file store: %w", err)
		}
		removed = append(removed, sha)
	}
	return removed, nil
}
