package store

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Paper is a file a citizen gave in an earlier dossier, which a new online
// submission may reuse instead of an upload (Circular 01/2023).
type Paper struct {
	FileID        string
	FileName      string
	DossierCode   string
	ComponentName string
	At            time.Time
}

// CitizenPapers returns the files of the dossiers filed under the citizen's
// number (or tax code), the newest first, at most 200.
func (db *DB) CitizenPapers(ctx context.Context, c *Citizen) ([]Paper, error) {
	return db.citizenPapers(ctx, c, "")
}

// CitizenPaper returns one of the citizen's papers with its bytes. Another
// person's file is NotFound, like an unknown one.
func (db *DB) CitizenPaper(ctx context.Context, c *Citizen, fileID string) (Paper, []byte, error) {
	ps, err := db.citizenPapers(ctx, c, fileID)
	if err != nil {
		return Paper{}, nil, err
	}
	if len(ps) != 1 {
		return Paper{}, nil, apperr.New(apperr.NotFound, "không tìm thấy giấy tờ đã nộp")
	}
	_, data, err := db.FileData(ctx, fileID)
	if err != nil {
		return Paper{}, nil, err
	}
	return ps[0], data, nil
}

func (db *DB) citizenPapers(ctx context.Context, c *Citizen, fileID string) ([]Paper, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	where := ownerWhere(c, arg)
	if fileID != "" {
		where += " AND f.id = " + arg(fileID)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT f.id, f.name, f.component, f.created_at, d.code, d.doc
		FROM files f JOIN dossiers d ON d.id = f.dossier_id WHERE `+where+` ORDER BY f.created_at DESC, f.id LIMIT 200`, args...)
	if err != nil {
		return nil, fmt.Errorf("citizen's papers: %w", err)
	}
	defer rows.Close()
	var out []Paper
	for rows.Next() {
		var p Paper
		var comp int
		var at int64
		var doc string
		if err := rows.Scan(&p.FileID, &p.FileName, &comp, &at, &p.DossierCode, &doc); err != nil {
			return nil, fmt.Errorf("citizen's papers: %w", err)
		}
		d, err := decodeDossier([]byte(doc))
		if err != nil {
			return nil, err
		}
		if comp < 0 || comp >= len(d.Components) {
			continue
		}
		p.ComponentName, p.At = d.Components[comp].Name, time.UnixMilli(at)
		out = append(out, p)
	}
	return out, rows.Err()
}
