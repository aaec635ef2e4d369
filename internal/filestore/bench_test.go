package filestore_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/motcua/motcua/internal/filestore"
)

// Scan5MB is a 5 MB JPEG-like upload (the JPEG magic, then noise).
func scan5MB(seed uint64) []byte {
	b := make([]byte, 5<<20)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, []byte{0xFF, 0xD8, 0xFF, 0xE0})
	return b
}

// BenchmarkDiskUpload5MB checks (Prepare: type, size, SHA-256) and stores
// (temporary file, fsync, rename, directory fsync) a 5 MB scan.
func BenchmarkDiskUpload5MB(b *testing.B) {
	d, err := filestore.NewDisk(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	data := scan5MB(1)
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		i++
		data[100] = byte(i) // new bytes each time: a real write, not a no-op
		data[101] = byte(i >> 8)
		f, err := filestore.Prepare(bytes.NewReader(data), filestore.Limits{MaxBytes: 10 << 20}, "file")
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Put(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}
