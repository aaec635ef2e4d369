package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/motcua/motcua/internal/calendar"
)

// calendars caches each unit's working calendar (1–2 ms and half a megabyte
// to build) under the unit's calendar_rev, which every change to its working
// time or days bumps; an instance that sees a newer rev rebuilds, so several
// instances never serve a stale calendar for long.
type calendars struct {
	mu        sync.Mutex
	byUnit    map[string]cachedCalendar
	schedules []calendar.Schedule
}

type cachedCalendar struct {
	rev int
	cal *calendar.Calendar
}

// Calendar returns the working calendar of a unit: the national holidays and
// official schedules, the unit's working week and hours, and its own days.
func (db *DB) Calendar(ctx context.Context, unitID string) (*calendar.Calendar, error) {
	var rev int
	if err := db.read.QueryRowContext(ctx, `SELECT calendar_rev FROM units WHERE id = $1`, unitID).Scan(&rev); err != nil {
		return nil, fmt.Errorf("calendar of unit %s: %w", unitID, err)
	}
	return db.calendarAt(ctx, db.read, unitID, rev)
}

func (tx *Tx) calendar(ctx context.Context, unitID string) (*calendar.Calendar, error) {
	if rev, ok := tx.calendarRev[unitID]; ok {
		return tx.db.calendarAt(ctx, tx.q(), unitID, rev)
	}
	var rev int
	if err := tx.queryRow(ctx, `SELECT calendar_rev FROM units WHERE id = $1`, unitID).Scan(&rev); err != nil {
		return nil, fmt.Errorf("calendar of unit %s: %w", unitID, err)
	}
	return tx.db.calendarAt(ctx, tx.q(), unitID, rev)
}

func (db *DB) calendarAt(ctx context.Context, q querier, unitID string, rev int) (*calendar.Calendar, error) {
	c := &db.cals
	c.mu.Lock()
	if cc, ok := c.byUnit[unitID]; ok && cc.rev == rev {
		c.mu.Unlock()
		return cc.cal, nil
	}
	if c.schedules == nil {
		s, err := calendar.ShippedSchedules()
		if err != nil {
			c.mu.Unlock()
			return nil, fmt.Errorf("official schedules: %w", err)
		}
		c.schedules = s
	}
	schedules := c.schedules
	c.mu.Unlock()

	u, err := scanUnitRow(q.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE id = $1`, unitID), unitID)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT day, working, name FROM unit_days WHERE unit_id = $1 ORDER BY day`, unitID)
	if err != nil {
		return nil, fmt.Errorf("unit days: %w", err)
	}
	var off, work []calendar.Holiday
	for rows.Next() {
		var day, name string
		var working bool
		if err := rows.Scan(&day, &working, &name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("unit days: %w", err)
		}
		d, err := calendar.ParseDate(day)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("unit day %q: %w", day, err)
		}
		if working {
			work = append(work, calendar.Holiday{Date: d, Name: name})
		} else {
			off = append(off, calendar.Holiday{Date: d, Name: name})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cfg, err := u.Working.CalendarConfig(off, work)
	if err != nil {
		return nil, fmt.Errorf("working time of unit %s: %w", u.Code, err)
	}
	cfg.Schedules = schedules
	cal, err := calendar.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("calendar of unit %s: %w", u.Code, err)
	}
	c.mu.Lock()
	if c.byUnit == nil {
		c.byUnit = map[string]cachedCalendar{}
	}
	c.byUnit[unitID] = cachedCalendar{rev: rev, cal: cal}
	c.mu.Unlock()
	return cal, nil
}
