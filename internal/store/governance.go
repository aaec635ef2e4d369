package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// maxUnitDepth bounds the walk up a unit's parents: the tiers are province
// and commune (formerly also district), so a deeper chain is a loop.
const maxUnitDepth = 8

// Governs reports whether an administrator whose own unit is adminUnitID
// administers unit unitID: it is that unit or one below it. The caller
// checks the admin role. Errors: NotFound when unitID (or a parent) does
// not exist.
func (db *DB) Governs(ctx context.Context, adminUnitID, unitID string) (bool, error) {
	if adminUnitID == "" {
		return false, nil
	}
	id := unitID
	for depth := 0; id != "" && depth < maxUnitDepth; depth++ {
		if id == adminUnitID {
			return true, nil
		}
		u, err := db.Unit(ctx, id)
		if err != nil {
			return false, err
		}
		id = u.ParentID
	}
	return false, nil
}

// MaintainsCatalogue reports whether an administrator whose own unit is
// adminUnitID may change the procedure catalogue: only an administrator of
// a top-level unit (one without a parent) does, as the catalogue is shared
// by every unit below it. Errors: NotFound.
func (db *DB) MaintainsCatalogue(ctx context.Context, adminUnitID string) (bool, error) {
	u, err := db.Unit(ctx, adminUnitID)
	if err != nil {
		return false, err
	}
	return u.ParentID == "", nil
}

// Now returns the store's clock (Options.Now), so that pages computing
// "today" agree with the stamps the store writes.
func (db *DB) Now() time.Time { return db.now() }

// AdminEvent is one recorded settings change: who, when, what.
type AdminEvent struct {
	ID          string    `json:"id"`
	At          time.Time `json:"at"`
	OfficerID   string    `json:"officer_id"` // an officer's id, or a tool's name ("demo", "cli")
	OfficerName string    `json:"officer_name,omitempty"`
	Username    string    `json:"username,omitempty"`
	Entity      string    `json:"entity"` // unit, unit_day, officer, api_token, procedure, catalogue...
	EntityID    string    `json:"entity_id"`
	Action      string    `json:"action"` // create, update, merge, set, delete, password, version, import...
	Detail      string    `json:"detail"`
}

// AdminEventFilter selects settings changes; zero fields do not filter.
type AdminEventFilter struct {
	// UnitIDs keeps the changes made by officers of these units, and those
	// made by tools rather than officers (the demo seed, the command line).
	UnitIDs []string
	// Limit is the most events returned; 0 means 50.
	Limit int
}

// AdminEvents lists recorded settings changes, newest first.
func (db *DB) AdminEvents(ctx context.Context, f AdminEventFilter) ([]AdminEvent, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	q := `SELECT e.id, e.at, e.officer_id, COALESCE(o.full_name, ''), COALESCE(o.username, ''),
		e.entity, e.entity_id, e.action, e.detail
		FROM admin_events e LEFT JOIN officers o ON o.id = e.officer_id`
	if f.UnitIDs != nil {
		ph := make([]string, len(f.UnitIDs))
		for i, id := range f.UnitIDs {
			ph[i] = arg(id)
		}
		cond := "o.id IS NULL"
		if len(ph) > 0 {
			cond += " OR o.unit_id IN (" + strings.Join(ph, ", ") + ")"
		}
		q += " WHERE " + cond
	}
	q += " ORDER BY e.at DESC, e.id DESC LIMIT " + arg(limit)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("admin events: %w", err)
	}
	defer rows.Close()
	var out []AdminEvent
	for rows.Next() {
		var e AdminEvent
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.OfficerID, &e.OfficerName, &e.Username, &e.Entity, &e.EntityID,
			&e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("admin events: %w", err)
		}
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("admin events: %w", err)
	}
	return out, nil
}

// errNotGoverned is the Forbidden error for a unit the administrator does
// not administer.
func errNotGoverned(code string) error {
	return apperr.New(apperr.Forbidden, "bạn không quản trị đơn vị %s", code)
}

// RequireGoverns returns nil when the administrator of adminUnitID
// administers unitID, else Forbidden naming the unit. Errors: NotFound,
// Forbidden.
func (db *DB) RequireGoverns(ctx context.Context, adminUnitID, unitID string) error {
	ok, err := db.Governs(ctx, adminUnitID, unitID)
	if err != nil {
		return err
	}
	if !ok {
		u, err := db.Unit(ctx, unitID)
		if err != nil {
			return err
		}
		return errNotGoverned(u.Code)
	}
	return nil
}
