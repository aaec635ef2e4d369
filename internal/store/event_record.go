package store

import (
	"encoding/json"
	"time"

	"github.com/motcua/motcua/internal/dossier"
)

// An event's detail column holds the action it recorded as JSON, and a
// StoredEvent encodes as the first portal messages carried it (portal
// messages now carry less of it: portalEvent, portal_change.go, which reads
// those too). Both shapes are the store's own, declared here: the domain
// types carry no encoding. The keys are those the first version wrote (a
// test decodes such documents), so existing rows still read.

type actionRecord struct {
	Kind             string    `json:"kind"`
	Reason           string    `json:"reason,omitempty"`
	Items            []string  `json:"items,omitempty"`
	OfficerID        string    `json:"officer_id,omitempty"`
	Amount           int64     `json:"amount,omitempty"`
	Method           string    `json:"method,omitempty"`
	Receipt          string    `json:"receipt,omitempty"`
	NewAppointment   time.Time `json:"new_appointment,omitzero"`
	ExtendDays       int       `json:"extend_days,omitempty"`
	Rating           string    `json:"rating,omitempty"`
	Complaint        string    `json:"complaint,omitempty"`
	Component        int       `json:"component,omitempty"`
	Digitisation     string    `json:"digitisation,omitempty"`
	PaperID          string    `json:"paper_id,omitempty"`
	ElectronicResult bool      `json:"electronic_result,omitempty"`
	DueDays          int       `json:"due_days,omitempty"`
	ConsultationID   string    `json:"consultation_id,omitempty"`
	Note             string    `json:"note,omitempty"`
}

// storedEventRecord is a StoredEvent as the first portal messages carried it.
type storedEventRecord struct {
	Seq         int           `json:"seq"`
	Kind        string        `json:"kind"`
	At          time.Time     `json:"at"`
	ActorID     string        `json:"actor_id,omitempty"`
	FromStatus  int           `json:"from_status"`
	ToStatus    int           `json:"to_status"`
	FromOfficer string        `json:"from_officer,omitempty"`
	ToOfficer   string        `json:"to_officer,omitempty"`
	StepDueAt   time.Time     `json:"step_due_at,omitzero"`
	Note        string        `json:"note,omitempty"`
	Public      bool          `json:"public"`
	Detail      *actionRecord `json:"detail,omitempty"`
}

func actionToRecord(a dossier.Action) actionRecord {
	return actionRecord{Kind: string(a.Kind), Reason: a.Reason, Items: a.Items, OfficerID: a.OfficerID,
		Amount: a.Amount, Method: string(a.Method), Receipt: a.Receipt, NewAppointment: a.NewAppointment,
		ExtendDays: a.ExtendDays, Rating: string(a.Rating), Complaint: a.Complaint, Component: a.Component,
		Digitisation: string(a.Digitisation), PaperID: a.PaperID, ElectronicResult: a.ElectronicResult, DueDays: a.DueDays,
		ConsultationID: a.ConsultationID, Note: a.Note}
}

func actionFromRecord(r actionRecord) dossier.Action {
	return dossier.Action{Kind: dossier.ActionKind(r.Kind), Reason: r.Reason, Items: r.Items, OfficerID: r.OfficerID,
		Amount: r.Amount, Method: dossier.PaymentMethod(r.Method), Receipt: r.Receipt, NewAppointment: r.NewAppointment,
		ExtendDays: r.ExtendDays, Rating: dossier.Rating(r.Rating), Complaint: r.Complaint, Component: r.Component,
		Digitisation: dossier.Digitisation(r.Digitisation), PaperID: r.PaperID, ElectronicResult: r.ElectronicResult, DueDays: r.DueDays,
		ConsultationID: r.ConsultationID, Note: r.Note}
}

// encodeDetail is the detail column of an event: "" when it has none.
func encodeDetail(a *dossier.Action) (string, error) {
	if a == nil {
		return "", nil
	}
	b, err := json.Marshal(actionToRecord(*a))
	return string(b), err
}

// decodeDetail reads the detail column: nil when it is "".
func decodeDetail(s string) (*dossier.Action, error) {
	if s == "" {
		return nil, nil
	}
	var r actionRecord
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, err
	}
	a := actionFromRecord(r)
	return &a, nil
}

// MarshalJSON encodes the event as the first portal messages carried it.
func (e StoredEvent) MarshalJSON() ([]byte, error) {
	r := storedEventRecord{Seq: e.Seq, Kind: string(e.Kind), At: e.At, ActorID: e.ActorID,
		FromStatus: int(e.FromStatus), ToStatus: int(e.ToStatus), FromOfficer: e.FromOfficer, ToOfficer: e.ToOfficer,
		StepDueAt: e.StepDueAt, Note: e.Note, Public: e.Public}
	if e.Detail != nil {
		d := actionToRecord(*e.Detail)
		r.Detail = &d
	}
	return json.Marshal(r)
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (e *StoredEvent) UnmarshalJSON(b []byte) error {
	var r storedEventRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*e = StoredEvent{Seq: r.Seq, Event: dossier.Event{Kind: dossier.ActionKind(r.Kind), At: r.At, ActorID: r.ActorID,
		FromStatus: dossier.Status(r.FromStatus), ToStatus: dossier.Status(r.ToStatus), FromOfficer: r.FromOfficer,
		ToOfficer: r.ToOfficer, StepDueAt: r.StepDueAt, Note: r.Note, Public: r.Public}}
	if r.Detail != nil {
		d := actionFromRecord(*r.Detail)
		e.Detail = &d
	}
	return nil
}
