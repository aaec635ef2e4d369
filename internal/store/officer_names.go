package store

import (
	"context"
	"fmt"
)

// OfficerNames maps the ids of a unit's officers (active or not) to their
// full names: what a queue or a list needs to name who holds a dossier,
// without the officers' roles and fields that Officers loads.
func (db *DB) OfficerNames(ctx context.Context, unitID string) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, full_name FROM officers WHERE unit_id = $1`, unitID)
	if err != nil {
		return nil, fmt.Errorf("officer names: %w", err)
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("officer names: %w", err)
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("officer names: %w", err)
	}
	return names, nil
}
