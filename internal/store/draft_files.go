package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// DraftFile is a file kept for an online form that came back with errors.
type DraftFile struct {
	Component   int // the procedure's component
	Name        string
	ContentType string
	Size        int64
	Data        []byte
}

// draftLifetime is how long a draft's files are kept.
const draftLifetime = 24 * time.Hour

// SaveDraftFiles keeps files for the form with secret key key, one per
// procedure component (a later file for the same component replaces the
// earlier), and removes every draft file older than a day. Each file must
// be a PDF, JPEG or PNG; the caller bounds the sizes.
// Errors: Invalid for an empty or long key, or a file of another type.
func (db *DB) SaveDraftFiles(ctx context.Context, key string, files []NewFile) error {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 100 {
		return apperr.Invalidf("idempotency_key", "khoá biểu mẫu không hợp lệ")
	}
	metas := make([]File, len(files))
	for i := range files {
		m, err := files[i].prepare(fmt.Sprintf("components.%d", files[i].Component))
		if err != nil {
			return err
		}
		metas[i] = m
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM draft_files WHERE created_at < $1`, tx.now.Add(-draftLifetime).UnixMilli()); err != nil {
			return fmt.Errorf("purge draft files: %w", err)
		}
		for i, f := range files {
			if _, err := tx.exec(ctx, `DELETE FROM draft_files WHERE draft_key = $1 AND component = $2`, key, f.Component); err != nil {
				return fmt.Errorf("replace draft file: %w", err)
			}
			_, err := tx.exec(ctx, `INSERT INTO draft_files (draft_key, component, name, content_type, size, data, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, key, f.Component, metas[i].Name, metas[i].ContentType, metas[i].Size, f.Data, tx.now.UnixMilli())
			if err != nil {
				return fmt.Errorf("keep draft file %s: %w", metas[i].Name, err)
			}
		}
		return nil
	})
}

// DraftFiles returns the files kept for the form with key, by component,
// those of the last day only.
func (db *DB) DraftFiles(ctx context.Context, key string) (map[int]DraftFile, error) {
	out := map[int]DraftFile{}
	key = strings.TrimSpace(key)
	if key == "" {
		return out, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT component, name, content_type, size, data FROM draft_files
		WHERE draft_key = $1 AND created_at >= $2`, key, db.Now().Add(-draftLifetime).UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("draft files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f DraftFile
		if err := rows.Scan(&f.Component, &f.Name, &f.ContentType, &f.Size, &f.Data); err != nil {
			return nil, fmt.Errorf("draft file: %w", err)
		}
		out[f.Component] = f
	}
	return out, rows.Err()
}

// DeleteDraftFiles removes the files kept for the form with key.
func (db *DB) DeleteDraftFiles(ctx context.Context, key string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM draft_files WHERE draft_key = $1`, strings.TrimSpace(key)); err != nil {
			return fmt.Errorf("delete draft files: %w", err)
		}
		return nil
	})
}
