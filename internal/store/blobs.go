package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/filestore"
)

// Blobs is the database backend of filestore.Store (table blobs), for a
// deployment of several servers sharing one PostgreSQL and no disk.
func (db *DB) Blobs() filestore.Store { return blobTable{db} }

type blobTable struct{ db *DB }

// Put inserts the blob unless its address is already stored.
func (b blobTable) Put(ctx context.Context, f *filestore.File) error {
	if filestore.Sum(f.Data) != f.SHA256 {
		return fmt.Errorf("put %s: bytes do not match their SHA-256", f.SHA256)
	}
	return b.db.Transact(ctx, func(tx *Tx) error { return tx.putBlob(ctx, f) })
}

func (tx *Tx) putBlob(ctx context.Context, f *filestore.File) error {
	_, err := tx.exec(ctx, `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (sha256) DO NOTHING`, f.SHA256, f.Size, f.ContentType, f.Data, tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("put blob %s: %w", f.SHA256, err)
	}
	return nil
}

// Get reads a blob and checks its bytes against their address.
func (b blobTable) Get(ctx context.Context, sha string) (filestore.Blob, []byte, error) {
	var bl filestore.Blob
	var data []byte
	err := b.db.read.QueryRowContext(ctx, `SELECT sha256, size, content_type, data FROM blobs WHERE sha256 = $1`, sha).
		Scan(&bl.SHA256, &bl.Size, &bl.ContentType, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return bl, nil, filestore.ErrNotFound
	}
	if err != nil {
		return bl, nil, fmt.Errorf("read blob %s: %w", sha, err)
	}
	if filestore.Sum(data) != sha || int64(len(data)) != bl.Size {
		return bl, nil, fmt.Errorf("read blob %s: %w", sha, filestore.ErrCorrupt)
	}
	return bl, data, nil
}

// Has reports whether a blob is stored.
func (b blobTable) Has(ctx context.Context, sha string) (bool, error) {
	var n int
	if err := b.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM blobs WHERE sha256 = $1`, sha).Scan(&n); err != nil {
		return false, fmt.Errorf("find blob %s: %w", sha, err)
	}
	return n > 0, nil
}

// Walk calls fn with every blob's address, in address order.
func (b blobTable) Walk(ctx context.Context, fn func(sha string) error) error {
	rows, err := b.db.read.QueryContext(ctx, `SELECT sha256 FROM blobs ORDER BY sha256`)
	if err != nil {
		return fmt.Errorf("list blobs: %w", err)
	}
	var all []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("list blobs: %w", err)
		}
		all = append(all, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list blobs: %w", err)
	}
	for _, s := range all {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// blobReferences are the tables that keep a file store address, each with
// the condition under which a row refers to a stored file. A table that
// keeps one must be named here, or the sweep would remove its files
// (TestEveryFileReferenceIsKnown reads the migrations to make sure).
var blobReferences = []struct{ table, where string }{
	{"digitised_papers", "sha256 <> ''"},
	{"signed_documents", "sha256 <> ''"},
	{"files", "length(data) = 0 AND size > 0"}, // uploads kept in the file store, not in the row
	{"result_papers", "sha256 <> ''"},
}

// ReferencedBlobs lists the addresses the database refers to, for
// filestore.Verify and the sweep.
func (db *DB) ReferencedBlobs(ctx context.Context) ([]string, error) {
	var parts []string
	for _, r := range blobReferences {
		parts = append(parts, "SELECT sha256 FROM "+r.table+" WHERE "+r.where)
	}
	rows, err := db.read.QueryContext(ctx, strings.Join(parts, " UNION "))
	if err != nil {
		return nil, fmt.Errorf("referenced files: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("referenced files: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// BlobReferenced reports whether a record refers to the address, for
// filestore.Disk.SweepOrphans.
func (db *DB) BlobReferenced(ctx context.Context, sha string) (bool, error) {
	var parts []string
	for _, r := range blobReferences {
		parts = append(parts, "(SELECT COUNT(*) FROM "+r.table+" WHERE sha256 = $1 AND "+r.where+")")
	}
	var n int
	if err := db.read.QueryRowContext(ctx, "SELECT "+strings.Join(parts, " + "), sha).Scan(&n); err != nil {
		return false, fmt.Errorf("file references %s: %w", sha, err)
	}
	return n > 0, nil
}
