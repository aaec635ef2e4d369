package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/unit"
)

// unitsCache keeps every unit in memory, read again only when the
// database's units_version (migration 0037, raised by a trigger on every
// write to units) has moved. Units was the province page's largest cost:
// 454 units in Lâm Đồng, each with two JSON columns to decode, two or three
// times a request (docs/performance.md). Checking the version is one read of
// one row, so a change made by another node or a command shows on the next
// call, as it did without the cache.
type unitsCache struct {
	n      int64       // the units_version the list was read under
	units  []unit.Unit // ordered by code
	byID   map[string]int
	byCode map[string]int
}

// Units lists every unit ordered by code. The units are the caller's to
// change: each call returns copies.
func (db *DB) Units(ctx context.Context) ([]*unit.Unit, error) {
	units, err := db.sharedUnits(ctx)
	if err != nil {
		return nil, err
	}
	return copyUnits(units), nil
}

// sharedUnits is every unit ordered by code, shared with other callers:
// the store's own readers (UnitTree) take what they need and change nothing.
func (db *DB) sharedUnits(ctx context.Context) ([]unit.Unit, error) {
	c, err := db.currentUnits(ctx)
	if err != nil {
		return nil, err
	}
	return c.units, nil
}

// cachedUnit is a copy of the unit find locates in the current units;
// NotFound names key.
func (db *DB) cachedUnit(ctx context.Context, key string, find func(*unitsCache) (int, bool)) (*unit.Unit, error) {
	c, err := db.currentUnits(ctx)
	if err != nil {
		return nil, err
	}
	i, ok := find(c)
	if !ok {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy đơn vị %s", key)
	}
	return copyUnits(c.units[i : i+1])[0], nil
}

// currentUnits returns the units as of the database's units_version, read
// again when it moved. What it returns is never changed afterwards (a newer
// load replaces the whole), so it may be read without the lock.
func (db *DB) currentUnits(ctx context.Context) (*unitsCache, error) {
	var n int64
	if err := db.read.QueryRowContext(ctx, `SELECT n FROM units_version WHERE id = 1`).Scan(&n); err != nil {
		return nil, fmt.Errorf("units version: %w", err)
	}
	db.unitsMu.Lock()
	c := db.units
	db.unitsMu.Unlock()
	if c != nil && c.n == n {
		return c, nil
	}
	n, units, err := db.loadUnits(ctx)
	if err != nil {
		return nil, err
	}
	c = &unitsCache{n: n, units: units, byID: make(map[string]int, len(units)), byCode: make(map[string]int, len(units))}
	for i, u := range units {
		c.byID[u.ID], c.byCode[u.Code] = i, i
	}
	// Two loads racing may leave the older list: the next call sees that its
	// version is not the database's and reads again.
	db.unitsMu.Lock()
	db.units = c
	db.unitsMu.Unlock()
	return c, nil
}

// loadUnits reads every unit and the version they are at in one statement,
// so both come from the same snapshot (of the same replica).
func (db *DB) loadUnits(ctx context.Context) (int64, []unit.Unit, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT (SELECT n FROM units_version WHERE id = 1), `+unitColumns+` FROM units ORDER BY code`)
	if err != nil {
		return 0, nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var n int64
	var out []unit.Unit
	for rows.Next() {
		u, err := scanUnit(versionedRow{rows, &n})
		if err != nil {
			return 0, nil, fmt.Errorf("list units: %w", err)
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("list units: %w", err)
	}
	if len(out) == 0 { // no row to carry the version
		if err := db.read.QueryRowContext(ctx, `SELECT n FROM units_version WHERE id = 1`).Scan(&n); err != nil {
			return 0, nil, fmt.Errorf("units version: %w", err)
		}
	}
	return n, out, nil
}

// versionedRow scans the version column before a unit's columns.
type versionedRow struct {
	row interface{ Scan(...any) error }
	n   *int64
}

func (r versionedRow) Scan(dest ...any) error {
	return r.row.Scan(append([]any{r.n}, dest...)...)
}

// copyUnits copies the cached units, down to their slices and pointers.
func copyUnits(units []unit.Unit) []*unit.Unit {
	out := make([]*unit.Unit, len(units))
	for i := range units {
		u := units[i]
		u.Working.Weekdays = slices.Clone(u.Working.Weekdays)
		u.Working.Hours = slices.Clone(u.Working.Hours)
		if u.MergedAt != nil {
			t := *u.MergedAt
			u.MergedAt = &t
		}
		out[i] = &u
	}
	return out
}
