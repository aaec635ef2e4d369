package api

import (
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// ActionView is an action on a dossier as the API takes it, and the detail
// an event keeps of it.
type ActionView struct {
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
	ElectronicResult bool      `json:"electronic_result,omitempty"`
	DueDays          int       `json:"due_days,omitempty"`
	ConsultationID   string    `json:"consultation_id,omitempty"`
	Note             string    `json:"note,omitempty"`
}

func (a ActionView) action() dossier.Action {
	return dossier.Action{Kind: dossier.ActionKind(a.Kind), Reason: a.Reason, Items: a.Items, OfficerID: a.OfficerID,
		Amount: a.Amount, Method: dossier.PaymentMethod(a.Method), Receipt: a.Receipt, NewAppointment: a.NewAppointment,
		ExtendDays: a.ExtendDays, Rating: dossier.Rating(a.Rating), Complaint: a.Complaint, Component: a.Component,
		Digitisation: dossier.Digitisation(a.Digitisation), ElectronicResult: a.ElectronicResult, DueDays: a.DueDays,
		ConsultationID: a.ConsultationID, Note: a.Note}
}

func actionView(a dossier.Action) ActionView {
	return ActionView{Kind: string(a.Kind), Reason: a.Reason, Items: a.Items, OfficerID: a.OfficerID,
		Amount: a.Amount, Method: string(a.Method), Receipt: a.Receipt, NewAppointment: a.NewAppointment,
		ExtendDays: a.ExtendDays, Rating: string(a.Rating), Complaint: a.Complaint, Component: a.Component,
		Digitisation: string(a.Digitisation), ElectronicResult: a.ElectronicResult, DueDays: a.DueDays,
		ConsultationID: a.ConsultationID, Note: a.Note}
}

// EventView is one entry of a dossier's event log.
type EventView struct {
	Seq         int         `json:"seq"`
	Kind        string      `json:"kind"`
	At          time.Time   `json:"at"`
	ActorID     string      `json:"actor_id,omitempty"`
	FromStatus  int         `json:"from_status"`
	ToStatus    int         `json:"to_status"`
	FromOfficer string      `json:"from_officer,omitempty"`
	ToOfficer   string      `json:"to_officer,omitempty"`
	StepDueAt   time.Time   `json:"step_due_at,omitzero"`
	Note        string      `json:"note,omitempty"`
	Public      bool        `json:"public"`
	Detail      *ActionView `json:"detail,omitempty"`
}

// NewEventView is the view of a recorded event, as GET
// /api/v1/dossiers/{code}/events and `motcua dossier show --json` print it.
func NewEventView(e store.StoredEvent) EventView {
	v := EventView{Seq: e.Seq, Kind: string(e.Kind), At: e.At, ActorID: e.ActorID, FromStatus: int(e.FromStatus),
		ToStatus: int(e.ToStatus), FromOfficer: e.FromOfficer, ToOfficer: e.ToOfficer, StepDueAt: e.StepDueAt,
		Note: e.Note, Public: e.Public}
	if e.Detail != nil {
		d := actionView(*e.Detail)
		v.Detail = &d
	}
	return v
}
