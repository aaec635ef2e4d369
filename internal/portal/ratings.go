package portal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
)

// Ratings is a unit's month of satisfaction ratings as DongBoDanhGia
// carries it [unconfirmed: the field names; the counts are those of
// Decision 766's satisfaction criterion].
type Ratings struct {
	Thang         string `json:"Thang"` // YYYY-MM
	TongDanhGia   int64  `json:"TongDanhGia"`
	RatHaiLong    int64  `json:"RatHaiLong"`
	HaiLong       int64  `json:"HaiLong"`
	KhongHaiLong  int64  `json:"KhongHaiLong"`
	SoPhanAnhKien int64  `json:"SoPhanAnhKienNghi"`
}

// RatingsSender delivers TopicPortalRatings messages (DongBoDanhGia). An
// aggregate replaces the month's previous one on the portal, so sending it
// again after a lost answer is harmless.
type RatingsSender struct{ Client *Client }

// Send delivers one month's aggregate.
func (s RatingsSender) Send(ctx context.Context, m *store.OutboxMessage) error {
	var r store.MonthRatings
	if err := json.Unmarshal(m.Payload, &r); err != nil || r.Month == "" {
		return outbox.Permanent(fmt.Errorf("ratings message %s: bad payload: %v", m.ID, err))
	}
	_, err := s.Client.Call(ctx, Request{MaDonVi: s.Client.Mapping().Unit(r.UnitCode), Service: ServiceRatings,
		Ratings: []Ratings{{Thang: r.Month, TongDanhGia: r.Rated, RatHaiLong: r.VerySatisfied, HaiLong: r.Satisfied,
			KhongHaiLong: r.NotSatisfied, SoPhanAnhKien: r.Complaints}}})
	var pe *ErrPortal
	if errors.As(err, &pe) && pe.Code == CodeInvalid {
		return outbox.Permanent(err)
	}
	return err
}

// QueueMonthlyRatings queues, for each active unit, last month's ratings
// aggregate (store.QueuePortalRatings: once, and again only when a late
// rating changed it).
func QueueMonthlyRatings(ctx context.Context, db *store.DB) error {
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	today := calendar.DateOf(db.Now())
	lastMonth := calendar.DateOf(calendar.Date{Year: today.Year, Month: today.Month, Day: 1}.At(0).AddDate(0, -1, 0))
	for _, u := range units {
		if !u.Active() {
			continue
		}
		if _, err := db.QueuePortalRatings(ctx, u.ID, lastMonth); err != nil {
			return err
		}
	}
	return nil
}
