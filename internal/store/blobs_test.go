package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func TestBlobTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		filestoretest.Run(t, db.Blobs(), func(t testing.TB, sha string) {
			// Someone with access to the database flips the first byte.
			err := db.ExecRaw(context.Background(), `UPDATE blobs SET data = $1 WHERE sha256 = $2`, []byte("%PDX-altered"), sha)
			if err != nil {
				t.Fatal(err)
			}
		})
	})
}
