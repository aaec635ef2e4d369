package store_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// BenchmarkBlobTableUpload5MB checks and stores a 5 MB scan in the
// database's file store (table blobs), on SQLite (and PostgreSQL when set).
func BenchmarkBlobTableUpload5MB(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			db := e.Open(b, store.Options{})
			data := make([]byte, 5<<20)
			r := rand.New(rand.NewPCG(1, 1))
			for i := range data {
				data[i] = byte(r.Uint32())
			}
			copy(data, []byte{0xFF, 0xD8, 0xFF, 0xE0})
			b.SetBytes(int64(len(data)))
			i := 0
			for b.Loop() {
				i++
				data[100], data[101] = byte(i), byte(i>>8)
				f, err := filestore.Prepare(bytes.NewReader(data), filestore.Limits{MaxBytes: 10 << 20}, "file")
				if err != nil {
					b.Fatal(err)
				}
				if err := db.Blobs().Put(context.Background(), f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
