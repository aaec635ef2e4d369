package store

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/staff"
)

// PersonalAccess is one officer's opening of a citizen's personal data.
type PersonalAccess struct {
	OfficerName string
	UnitName    string
	Via         string // "web" or "api"
	What        string // "dossier", "file", "document"
	At          time.Time
}

// LogPersonalAccess records that officer o opened the personal data of the
// dossier with this id (Decree 13/2023): via is "web" or "api", what is
// "dossier", "file" or "document". Several openings of the same thing by
// the same officer within ten minutes are one entry.
//
// An officer goes back to the dossier they work on many times an hour, so
// the entry of the last ten minutes is looked for on the read pool first:
// a repeated opening writes nothing and takes no write transaction (on
// SQLite, no turn of its single writer). Only when there is none does the
// transaction look again and write it.
func (db *DB) LogPersonalAccess(ctx context.Context, dossierID string, o *staff.Officer, via, what string) error {
	if o == nil {
		return nil
	}
	const recent = `SELECT COUNT(*) FROM personal_data_access WHERE dossier_id = $1 AND officer_id = $2
		AND via = $3 AND what = $4 AND at > $5`
	var n int
	if err := db.read.QueryRowContext(ctx, recent, dossierID, o.ID, via, what, db.now().Add(-accessWindow).UnixMilli()).Scan(&n); err != nil {
		return fmt.Errorf("log personal data access: %w", err)
	}
	if n > 0 {
		return nil
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, recent, dossierID, o.ID, via, what, tx.now.Add(-accessWindow).UnixMilli()).Scan(&n); err != nil {
			return fmt.Errorf("log personal data access: %w", err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.exec(ctx, `INSERT INTO personal_data_access (id, dossier_id, officer_id, unit_id, via, what, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, NewID(), dossierID, o.ID, o.UnitID, via, what, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("log personal data access: %w", err)
		}
		return nil
	})
}

// accessWindow is how long openings of the same thing by the same officer
// make one entry of the personal data access log.
const accessWindow = 10 * time.Minute

// PersonalAccessLog returns who opened the dossier's personal data, the
// latest first (at most 200 entries).
func (db *DB) PersonalAccessLog(ctx context.Context, dossierID string) ([]PersonalAccess, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT COALESCE(o.full_name, ''), COALESCE(u.name, ''), a.via, a.what, a.at
		FROM personal_data_access a LEFT JOIN officers o ON o.id = a.officer_id LEFT JOIN units u ON u.id = a.unit_id
		WHERE a.dossier_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 200`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("personal data access log: %w", err)
	}
	defer rows.Close()
	var out []PersonalAccess
	for rows.Next() {
		var a PersonalAccess
		var at int64
		if err := rows.Scan(&a.OfficerName, &a.UnitName, &a.Via, &a.What, &at); err != nil {
			return nil, fmt.Errorf("personal data access log: %w", err)
		}
		a.At = time.UnixMilli(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
