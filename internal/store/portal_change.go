package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
)

// DossierChange is the payload of a portal message: the dossier as the change
// left it, and the events the change appended (the portal's progress steps).
//
// The payload is self-contained: it carries what the adapter must name (the
// resolving unit's code, each acting officer's name, title and department) as
// it stood when the change committed, so sending never reads the database and
// a message resent weeks later says what was true at the change.
//
// Of the dossier and its events, a message carries only what the portal is
// told (the fields of portal.Record and portal.Step) and what a delivery
// counts (portalDelivered): see portalDossier and portalEvent. Decoded, the
// rest of them is zero.
type DossierChange struct {
	Dossier *dossier.Dossier
	Events  []StoredEvent
	// ResolvingUnitCode is the code (identifier, e.g. 000.21.37.H56) of the
	// unit that resolves the dossier.
	ResolvingUnitCode string
	// Actors describes the officers who acted in Events, by officer id.
	Actors map[string]Actor
	// Resync marks a message written by a reconciliation (ResyncPortal):
	// the dossier as it stands with its whole history, for the adapter to
	// compare with what the portal holds before sending.
	Resync bool
}

// Actor is an officer as a portal step names them.
type Actor struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	// Department is the part of the one-stop department the officer works
	// in, from their roles (motcua has no departments of its own).
	Department string `json:"department,omitempty"`
}

// dossierChangeRecord is a DossierChange as a message's payload holds it.
type dossierChangeRecord struct {
	Dossier           *portalDossier   `json:"dossier"`
	Events            []portalEvent    `json:"events"`
	ResolvingUnitCode string           `json:"resolving_unit_code,omitempty"`
	Actors            map[string]Actor `json:"actors,omitempty"`
	Resync            bool             `json:"resync,omitempty"`
}

// portalDossier is the dossier in a portal message. The first format
// (testdata/portal_change_v1.json) encoded the whole dossier.Dossier under
// Go's field names, about 2 KB: its components, the declaration, the
// applicant's identity number, birth date and address, the submission's
// idempotency key, all of them zero times included. The portal is told none
// of these, which only made each message longer to encode and to store
// (docs/portal.md, "What the outbox costs a change"), and kept personal data
// in the outbox for nothing. The keys are the first format's, so a message
// written by it still reads.
type portalDossier struct {
	ID               string          `json:"ID"`
	Code             string          `json:"Code"`
	ReceivingUnitID  string          `json:"ReceivingUnitID"`
	ResolvingUnitID  string          `json:"ResolvingUnitID"`
	ProcedureCode    string          `json:"ProcedureCode"`
	ProcedureName    string          `json:"ProcedureName"`
	FieldCode        string          `json:"FieldCode"`
	Channel          int             `json:"Channel"`
	Status           int             `json:"Status"`
	Applicant        portalApplicant `json:"Applicant"`
	Request          string          `json:"Request,omitempty"`
	SubmittedAt      stamp           `json:"SubmittedAt,omitzero"`
	ReceivedAt       stamp           `json:"ReceivedAt,omitzero"`
	AppointmentAt    stamp           `json:"AppointmentAt,omitzero"`
	NewAppointmentAt stamp           `json:"NewAppointmentAt,omitzero"`
	EndedAt          stamp           `json:"EndedAt,omitzero"`
	ReturnedAt       stamp           `json:"ReturnedAt,omitzero"`
	Supplements      int             `json:"Supplements,omitempty"`
	Payment          portalPayment   `json:"Payment"`
	ElectronicResult bool            `json:"ElectronicResult,omitempty"`
}

// portalEvent is an event in a portal message: what a progress step says
// (portal.Mapping.Steps). The first format carried the whole event (its
// officers before and after, whether it is public, the action's detail);
// the keys are its own.
type portalEvent struct {
	Seq       int    `json:"seq"`
	Kind      string `json:"kind"`
	At        stamp  `json:"at"`
	ActorID   string `json:"actor_id,omitempty"`
	ToStatus  int    `json:"to_status"`
	StepDueAt stamp  `json:"step_due_at,omitzero"`
	Note      string `json:"note,omitempty"`
}

// stamp is an instant in a portal message, written as time.Time writes it in
// JSON (RFC 3339 with the sub-second digits, in the instant's zone), but
// through MarshalText: encoding/json copies a text marshaller's output into
// its string as it is, whereas it re-reads and compacts a JSON marshaller's,
// which was a fifth of a message's encoding (docs/portal.md, "What the outbox
// costs a change"). It reads what time.Time wrote, as time.Time reads it.
type stamp time.Time

func (s stamp) MarshalText() ([]byte, error) { return time.Time(s).MarshalText() }

// UnmarshalJSON reads as time.Time reads (a null too).
func (s *stamp) UnmarshalJSON(b []byte) error { return (*time.Time)(s).UnmarshalJSON(b) }

// IsZero tells encoding/json's omitzero to leave a zero instant out.
func (s stamp) IsZero() bool { return time.Time(s).IsZero() }

// portalApplicant is who the portal's record names (ChuHoSo, LoaiDoiTuong,
// SoDienThoai, Email).
type portalApplicant struct {
	Kind     string `json:"Kind"`
	FullName string `json:"FullName"`
	OrgName  string `json:"OrgName,omitempty"`
	Phone    string `json:"Phone,omitempty"`
	Email    string `json:"Email,omitempty"`
}

// portalPayment is the fee as the portal's record states it (LePhi,
// DaThanhToan).
type portalPayment struct {
	Due   int64  `json:"Due,omitempty"`
	State string `json:"State,omitempty"`
}

// MarshalJSON encodes the change as a portal message carries it.
func (c DossierChange) MarshalJSON() ([]byte, error) {
	r := dossierChangeRecord{ResolvingUnitCode: c.ResolvingUnitCode, Actors: c.Actors, Resync: c.Resync}
	if c.Events != nil {
		r.Events = make([]portalEvent, len(c.Events))
	}
	for i, e := range c.Events {
		r.Events[i] = portalEvent{Seq: e.Seq, Kind: string(e.Kind), At: stamp(e.At), ActorID: e.ActorID,
			ToStatus: int(e.ToStatus), StepDueAt: stamp(e.StepDueAt), Note: e.Note}
	}
	if d := c.Dossier; d != nil {
		r.Dossier = &portalDossier{ID: d.ID, Code: d.Code, ReceivingUnitID: d.ReceivingUnitID, ResolvingUnitID: d.ResolvingUnitID,
			ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName, FieldCode: d.FieldCode,
			Channel: int(d.Channel), Status: int(d.Status), Request: d.Request,
			Applicant: portalApplicant{Kind: string(d.Applicant.Kind), FullName: d.Applicant.FullName,
				OrgName: d.Applicant.OrgName, Phone: d.Applicant.Phone, Email: d.Applicant.Email},
			SubmittedAt: stamp(d.SubmittedAt), ReceivedAt: stamp(d.ReceivedAt), AppointmentAt: stamp(d.AppointmentAt),
			NewAppointmentAt: stamp(d.NewAppointmentAt), EndedAt: stamp(d.EndedAt), ReturnedAt: stamp(d.ReturnedAt),
			Supplements: d.Supplements, ElectronicResult: d.ElectronicResult,
			Payment: portalPayment{Due: d.Payment.Due, State: string(d.Payment.State)}}
	}
	return r.appendJSON(make([]byte, 0, 1024))
}

// UnmarshalJSON decodes a portal message's payload, of this format or the
// first.
func (c *DossierChange) UnmarshalJSON(b []byte) error {
	var r dossierChangeRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*c = DossierChange{ResolvingUnitCode: r.ResolvingUnitCode, Actors: r.Actors, Resync: r.Resync}
	if r.Events != nil {
		c.Events = make([]StoredEvent, len(r.Events))
	}
	for i, e := range r.Events {
		c.Events[i] = StoredEvent{Seq: e.Seq, Event: dossier.Event{Kind: dossier.ActionKind(e.Kind), At: time.Time(e.At),
			ActorID: e.ActorID, ToStatus: dossier.Status(e.ToStatus), StepDueAt: time.Time(e.StepDueAt), Note: e.Note}}
	}
	if p := r.Dossier; p != nil {
		c.Dossier = &dossier.Dossier{ID: p.ID, Code: p.Code, ReceivingUnitID: p.ReceivingUnitID, ResolvingUnitID: p.ResolvingUnitID,
			ProcedureCode: p.ProcedureCode, ProcedureName: p.ProcedureName, FieldCode: p.FieldCode,
			Channel: dossier.Channel(p.Channel), Status: dossier.Status(p.Status), Request: p.Request,
			Applicant: dossier.Applicant{Kind: dossier.ApplicantKind(p.Applicant.Kind), FullName: p.Applicant.FullName,
				OrgName: p.Applicant.OrgName, Phone: p.Applicant.Phone, Email: p.Applicant.Email},
			SubmittedAt: time.Time(p.SubmittedAt), ReceivedAt: time.Time(p.ReceivedAt), AppointmentAt: time.Time(p.AppointmentAt),
			NewAppointmentAt: time.Time(p.NewAppointmentAt), EndedAt: time.Time(p.EndedAt), ReturnedAt: time.Time(p.ReturnedAt),
			Supplements: p.Supplements, ElectronicResult: p.ElectronicResult,
			Payment: dossier.Payment{Due: p.Payment.Due, State: dossier.PaymentState(p.Payment.State)}}
	}
	return nil
}

// receivingUnitCode is the unit code a dossier code begins with
// (dossier.FormatCode: UNIT-YYMMDD-NNNN).
func receivingUnitCode(dossierCode string) string {
	if i := strings.LastIndex(dossierCode, "-"); i > 0 {
		if j := strings.LastIndex(dossierCode[:i], "-"); j > 0 {
			return dossierCode[:j]
		}
	}
	return dossierCode
}

// actorOf describes an officer for a portal step: their title, or else their
// main role; their department, from their roles.
func actorOf(o *staff.Officer) Actor {
	a := Actor{Name: o.FullName, Title: o.Title}
	var deps []string
	for _, r := range o.Roles {
		if r != staff.Admin {
			deps = append(deps, r.Label())
		}
	}
	if a.Title == "" && len(deps) > 0 {
		a.Title = deps[0]
	}
	a.Department = strings.Join(deps, ", ")
	return a
}

// skipPortalMessages, set only by the benchmark of the outbox's cost
// (export_test.go), makes tellPortal write nothing.
var skipPortalMessages atomic.Bool

// tellPortal writes the portal's message for a dossier change whose events
// have just been appended.
func (tx *Tx) tellPortal(ctx context.Context, d *dossier.Dossier, events []dossier.Event) error {
	if skipPortalMessages.Load() {
		return nil
	}
	last, err := tx.lastEventSeq(ctx, d)
	if err != nil {
		return err
	}
	stored := make([]StoredEvent, len(events))
	for i, e := range events {
		stored[i] = StoredEvent{Seq: last - len(events) + 1 + i, Event: e}
	}
	change, err := tx.portalChange(ctx, d, stored)
	if err != nil {
		return err
	}
	return tx.sendLater(ctx, TopicPortal, d.ReceivingUnitID, d.ID, change)
}

// portalChange is the payload of a portal message reporting events of d:
// with the resolving unit's code and the acting officers' names.
func (tx *Tx) portalChange(ctx context.Context, d *dossier.Dossier, events []StoredEvent) (DossierChange, error) {
	change := DossierChange{Dossier: d, Events: events}
	if d.ResolvingUnitID == d.ReceivingUnitID {
		change.ResolvingUnitCode = receivingUnitCode(d.Code)
	} else if err := tx.queryRow(ctx, `SELECT code FROM units WHERE id = $1`, d.ResolvingUnitID).Scan(&change.ResolvingUnitCode); err != nil {
		return change, fmt.Errorf("resolving unit of %s: %w", d.Code, err)
	}
	for _, e := range events {
		if e.ActorID == "" || change.Actors[e.ActorID].Name != "" {
			continue
		}
		if change.Actors == nil {
			change.Actors = map[string]Actor{}
		}
		if a := tx.actor; a != nil && a.ID == e.ActorID {
			change.Actors[e.ActorID] = actorOf(a)
			continue
		}
		o := staff.Officer{ID: e.ActorID}
		var roles string
		err := tx.queryRow(ctx, `SELECT full_name, title, roles FROM officers WHERE id = $1`, e.ActorID).Scan(&o.FullName, &o.Title, &roles)
		if errors.Is(err, sql.ErrNoRows) {
			continue // not an officer: the adapter names the id
		}
		if err != nil {
			return change, fmt.Errorf("actor of %s: %w", d.Code, err)
		}
		for _, r := range strings.Fields(roles) {
			o.Roles = append(o.Roles, staff.Role(r))
		}
		change.Actors[e.ActorID] = actorOf(&o)
	}
	return change, nil
}
