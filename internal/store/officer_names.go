package store

import (
	"context"
	"fmt"
)

// OfficerName is an officer's id and full name.
type OfficerName struct {
	ID, FullName string
}

// OfficerNames lists a unit's officers (active or not) by name, as Officers
// orders them, with only their ids and names: what a queue needs to name who
// holds a dossier, and a filter to offer the unit's officers, without the
// roles and fields Officers loads.
func (db *DB) OfficerNames(ctx context.Context, unitID string) ([]OfficerName, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, full_name FROM officers WHERE unit_id = $1
		ORDER BY full_name, username`, unitID)
	if err != nil {
		return nil, fmt.Errorf("officer names: %w", err)
	}
	defer rows.Close()
	var out []OfficerName
	for rows.Next() {
		var o OfficerName
		if err := rows.Scan(&o.ID, &o.FullName); err != nil {
			return nil, fmt.Errorf("officer names: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("officer names: %w", err)
	}
	return out, nil
}
