package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/calendar"
)

// TopicPortalRatings is the topic of the monthly satisfaction aggregates
// for the national portal (DongBoDanhGia): one key per unit and month.
const TopicPortalRatings = "portal_ratings"

// MonthRatings is the payload of a TopicPortalRatings message: a unit's
// ratings of the dossiers whose processing ended in a month.
type MonthRatings struct {
	UnitCode      string `json:"unit_code"`
	Month         string `json:"month"` // YYYY-MM
	Rated         int64  `json:"rated"`
	VerySatisfied int64  `json:"very_satisfied"`
	Satisfied     int64  `json:"satisfied"`
	NotSatisfied  int64  `json:"not_satisfied"`
	Complaints    int64  `json:"complaints"`
}

// QueuePortalRatings queues the month's ratings aggregate of a unit for
// the portal, unless the last one queued for that unit and month says the
// same: so calling it every hour sends a month once, and again only when a
// late rating changed it. The month is given by any day in it. It returns
// whether a message was queued.
func (db *DB) QueuePortalRatings(ctx context.Context, unitID string, month calendar.Date) (bool, error) {
	first := calendar.Date{Year: month.Year, Month: month.Month, Day: 1}
	last := calendar.DateOf(first.At(0).AddDate(0, 1, 0)).AddDays(-1)
	c, err := db.ReportCounts(ctx, first, last, ReportScope{UnitIDs: []string{unitID}})
	if err != nil {
		return false, err
	}
	queued := false
	err = db.Transact(ctx, func(tx *Tx) error {
		queued = false
		var code string
		if err := tx.queryRow(ctx, `SELECT code FROM units WHERE id = $1`, unitID).Scan(&code); err != nil {
			return fmt.Errorf("unit %s: %w", unitID, err)
		}
		r := MonthRatings{UnitCode: code, Month: first.String()[:7], Rated: c.Rated, VerySatisfied: c.RatedVerySatisfied,
			Satisfied: c.RatedSatisfied, NotSatisfied: c.RatedNotSatisfied, Complaints: c.Complaints}
		key := unitID + ":" + r.Month
		var prev string
		err := tx.queryRow(ctx, `SELECT payload FROM outbox WHERE topic = $1 AND key = $2 ORDER BY seq DESC LIMIT 1`,
			TopicPortalRatings, key).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("last ratings of %s: %w", key, err)
		}
		if err == nil {
			var p MonthRatings
			if json.Unmarshal([]byte(prev), &p) == nil && p == r {
				return nil
			}
		}
		queued = true
		return tx.sendLater(ctx, TopicPortalRatings, unitID, key, r)
	})
	return queued, err
}
