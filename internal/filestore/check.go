package filestore

import (
	"context"
	"errors"
	"fmt"
)

// Report is what Verify found.
type Report struct {
	Checked int
	Corrupt []string // addresses whose bytes no longer match
	Missing []string // addresses referenced but not stored
}

// Verify reads every stored blob back and checks its SHA-256, then checks
// that every address in want (the files the database refers to) is stored.
func Verify(ctx context.Context, s Store, want []string) (Report, error) {
	var r Report
	err := s.Walk(ctx, func(sha string) error {
		r.Checked++
		_, _, err := s.Get(ctx, sha)
		if errors.Is(err, ErrCorrupt) {
			r.Corrupt = append(r.Corrupt, sha)
			return nil
		}
		return err
	})
	if err != nil {
		return r, fmt.Errorf("check file store: %w", err)
	}
	for _, sha := range want {
		ok, err := s.Has(ctx, sha)
		if err != nil {
			return r, fmt.Errorf("check file store: %w", err)
		}
		if !ok {
			r.Missing = append(r.Missing, sha)
		}
	}
	return r, nil
}
