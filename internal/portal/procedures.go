package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// KindFetchProcedures is the job that fetches the national procedure list
// (LayDanhSachTTHC) into the database, for the report of unmapped
// procedures; enqueued by the mapping page's button.
const KindFetchProcedures = "portal_procedures"

// NationalProcedures fetches the national procedure list for a unit (the
// portal's madonvi) [unconfirmed: whether the list depends on the unit].
func (c *Client) NationalProcedures(ctx context.Context, unit string) ([]NationalProcedure, error) {
	a, err := c.Call(ctx, Request{MaDonVi: unit, Service: ServiceProcedures})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ServiceProcedures, err)
	}
	return a.DanhSachTTHC, nil
}

// EnqueueFetchProcedures asks for the national list to be fetched; a second
// request in the same minute is the same job.
func EnqueueFetchProcedures(ctx context.Context, db *store.DB, unitCode string) (bool, error) {
	key := fmt.Sprintf("%s:%s", KindFetchProcedures, db.Now().Truncate(time.Minute).Format("20060102T1504"))
	return db.Enqueue(ctx, KindFetchProcedures, key, map[string]string{"unit_code": unitCode}, time.Time{})
}

// FetchProceduresHandler runs KindFetchProcedures jobs: it fetches the list
// and stores it in place of the last one. An empty answer is kept out (a
// portal answering nothing must not make every procedure look unmapped).
func FetchProceduresHandler(db *store.DB, c *Client) func(ctx context.Context, j *store.Job) error {
	return func(ctx context.Context, j *store.Job) error {
		var p struct {
			UnitCode string `json:"unit_code"`
		}
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			return fmt.Errorf("fetch procedures job %s: bad payload: %w", j.ID, err)
		}
		list, err := c.NationalProcedures(ctx, c.Mapping().Unit(p.UnitCode))
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return fmt.Errorf("%s answered an empty list: the stored list is kept", ServiceProcedures)
		}
		out := make([]store.PortalProcedure, 0, len(list))
		for _, n := range list {
			out = append(out, store.PortalProcedure{Code: n.MaTTHC, Name: n.TenTTHC, FieldCode: n.MaLinhVuc})
		}
		return db.ReplacePortalProcedures(ctx, out)
	}
}

// Unmapped is a procedure of our catalogue the portal would not know.
type Unmapped struct {
	Code, Name string
	// National is the MaTTHC it is sent as (its own code unless mapped).
	National string
	Mapped   bool // National comes from an entry of the mapping
}

// UnmappedProcedures lists our current procedures whose national code (m's,
// or their own) is not in the national list as last fetched. listed is
// false when no list was ever fetched: then nothing can be said.
func UnmappedProcedures(ctx context.Context, db *store.DB, m Mapping) (out []Unmapped, listed bool, err error) {
	national, err := db.PortalProcedures(ctx)
	if err != nil {
		return nil, false, err
	}
	if len(national) == 0 {
		return nil, false, nil
	}
	ours, err := db.Procedures(ctx, store.ProcedureFilter{})
	if err != nil {
		return nil, true, err
	}
	for _, p := range ours {
		code := m.Procedure(p.Code)
		if _, ok := national[code]; !ok {
			_, mapped := m.Procedures[p.Code]
			out = append(out, Unmapped{Code: p.Code, Name: p.Name, National: code, Mapped: mapped})
		}
	}
	return out, true, nil
}
