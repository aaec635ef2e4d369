package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// KindReconcile is the job that reconciles a unit's dossiers of a period
// with the portal: enqueued by the sync page's button and, daily, by
// ScheduleReconciliations; run by the portal's own job runner (the adapter
// is never called from a request).
const KindReconcile = "portal_reconcile"

// ReconcileRequest is the payload of a KindReconcile job.
type ReconcileRequest struct {
	UnitID string    `json:"unit_id"`
	From   time.Time `json:"from"` // receipt in [From, To)
	To     time.Time `json:"to"`
	By     string    `json:"by"` // the officer who asked, or "schedule"
}

// EnqueueReconcile asks for a reconciliation. A second request for the same
// unit, period and minute (a double click) is the same job.
func EnqueueReconcile(ctx context.Context, db *store.DB, r ReconcileRequest) (bool, error) {
	key := fmt.Sprintf("%s:%s:%s:%s:%s", KindReconcile, r.UnitID, r.From.Format(time.DateOnly), r.To.Format(time.DateOnly),
		db.Now().Truncate(time.Minute).Format("20060102T1504"))
	if r.By == "schedule" {
		key = fmt.Sprintf("%s:%s:daily:%s", KindReconcile, r.UnitID, r.To.Format(time.DateOnly))
	}
	return db.Enqueue(ctx, KindReconcile, key, r, time.Time{})
}

// ReconcileHandler runs KindReconcile jobs with client.
func ReconcileHandler(db *store.DB, c *Client) func(ctx context.Context, j *store.Job) error {
	return func(ctx context.Context, j *store.Job) error {
		var r ReconcileRequest
		if err := json.Unmarshal(j.Payload, &r); err != nil {
			return fmt.Errorf("reconcile job %s: bad payload: %w", j.ID, err)
		}
		_, err := c.Reconcile(ctx, db, r)
		return err
	}
}

// Reconcile compares the unit's dossiers received in the period with what
// the portal holds (TraCuuHoSo, one per dossier) and records every
// difference: a dossier the portal lacks, a different status or
// appointment, missing progress steps. For each dossier found different and
// with nothing waiting to be sent, it queues a message that brings the
// portal up to date (store.ResyncPortal). The reconciliation is recorded
// even when the portal fails part way, with the error.
func (c *Client) Reconcile(ctx context.Context, db *store.DB, req ReconcileRequest) (*store.Reconciliation, error) {
	r, err := db.StartReconciliation(ctx, req.UnitID, req.From, req.To, req.By)
	if err != nil {
		return nil, err
	}
	m := c.Mapping()
	var diffs []store.PortalDifference
	err = db.EachDossier(ctx, store.DossierFilter{ReceivingUnitID: req.UnitID, ReceivedFrom: req.From, ReceivedTo: req.To},
		func(d *dossier.Dossier) error {
			r.Checked++
			found, err := c.Lookup(ctx, m.Unit(UnitCode(d.Code)), d.Code)
			if err != nil {
				return fmt.Errorf("look up %s: %w", d.Code, err)
			}
			events, err := db.Events(ctx, d.ID)
			if err != nil {
				return err
			}
			ds := m.Compare(d, events, found)
			if len(ds) == 0 {
				return nil
			}
			queued, err := db.ResyncPortal(ctx, d.Code)
			if err != nil {
				return err
			}
			for i := range ds {
				ds[i].Requeued = queued
			}
			diffs = append(diffs, ds...)
			return nil
		})
	errText := ""
	if err != nil {
		errText = err.Error()
	}
	if ferr := db.FinishReconciliation(context.WithoutCancel(ctx), r, diffs, errText); ferr != nil {
		return r, fmt.Errorf("record reconciliation: %w", ferr)
	}
	return r, err
}

// Compare lists how the portal's copy of d (nil: it has none) differs
// from ours.
func (m Mapping) Compare(d *dossier.Dossier, events []store.StoredEvent, found *Found) []store.PortalDifference {
	diff := func(kind, ours, theirs string) store.PortalDifference {
		return store.PortalDifference{DossierID: d.ID, Code: d.Code, Kind: kind, Ours: ours, Theirs: theirs}
	}
	if found == nil {
		return []store.PortalDifference{diff(store.DiffMissing, m.Status(d.Status), "")}
	}
	var out []store.PortalDifference
	if s := m.Status(d.Status); found.TrangThaiHoSo != s {
		out = append(out, diff(store.DiffStatus, s, found.TrangThaiHoSo))
	}
	if a := Date(d.AppointmentAt); found.NgayHenTra != a {
		out = append(out, diff(store.DiffAppointment, a, found.NgayHenTra))
	} else if a := Date(d.NewAppointmentAt); found.NgayHenTraMoi != a {
		out = append(out, diff(store.DiffAppointment, a, found.NgayHenTraMoi))
	}
	have := map[int]bool{}
	for _, s := range found.TienDo {
		have[s.SoThuTu] = true
	}
	missing := 0
	for _, e := range events {
		if !have[e.Seq] {
			missing++
		}
	}
	if missing > 0 {
		out = append(out, diff(store.DiffSteps, fmt.Sprint(len(events)), fmt.Sprint(len(events)-missing)))
	}
	return out
}

// ScheduleReconciliations enqueues, for each active unit, the daily
// reconciliation of the dossiers received in the 30 days before today
// (Vietnam time); the job key makes it once a day however many instances
// run it. While more than maxBacklog portal messages wait to be sent (the
// portal was down, the demo's year is being delivered) it enqueues nothing:
// the backlog is the difference, and the caller tries again later.
func ScheduleReconciliations(ctx context.Context, db *store.DB, maxBacklog int) error {
	st, err := db.OutboxBacklog(ctx, store.TopicPortal)
	if err != nil {
		return err
	}
	if st.Pending > maxBacklog {
		return nil
	}
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	today := calendar.DateOf(db.Now()).At(0)
	for _, u := range units {
		if !u.Active() {
			continue
		}
		if _, err := EnqueueReconcile(ctx, db, ReconcileRequest{UnitID: u.ID, From: today.AddDate(0, 0, -30), To: today,
			By: "schedule"}); err != nil {
			return err
		}
	}
	return nil
}
