package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
)

// The dossier row's doc column holds the whole dossier as JSON. Its shape
// is the store's own, declared here: the domain type carries no encoding, and
// the API has its own views, so each can change alone. The keys are those
// the first version wrote (a test decodes such a document), so a database
// written before this file still reads.

type dossierRecord struct {
	ID               string            `json:"id"`
	Code             string            `json:"code"`
	ReceivingUnitID  string            `json:"receiving_unit_id"`
	ResolvingUnitID  string            `json:"resolving_unit_id"`
	ProcedureID      string            `json:"procedure_id"`
	ProcedureVer     int               `json:"procedure_version"`
	ProcedureCode    string            `json:"procedure_code"`
	ProcedureName    string            `json:"procedure_name"`
	FieldCode        string            `json:"field_code"`
	Channel          int               `json:"channel"`
	Status           int               `json:"status"`
	PrevStatus       int               `json:"prev_status,omitempty"`
	Applicant        applicantRecord   `json:"applicant"`
	Submitter        *applicantRecord  `json:"submitter,omitempty"`
	Request          string            `json:"request,omitempty"`
	Declaration      map[string]string `json:"declaration,omitempty"`
	Components       []componentRecord `json:"components"`
	Sets             int               `json:"sets"`
	Limit            limitRecord       `json:"limit"`
	SubmittedAt      time.Time         `json:"submitted_at,omitzero"`
	ReceivedAt       time.Time         `json:"received_at,omitzero"`
	AppointmentAt    time.Time         `json:"appointment_at,omitzero"`
	NewAppointmentAt time.Time         `json:"new_appointment_at,omitzero"`
	PausedAt         time.Time         `json:"paused_at,omitzero"`
	StoppedAt        time.Time         `json:"stopped_at,omitzero"`
	EndedAt          time.Time         `json:"ended_at,omitzero"`
	ReturnedAt       time.Time         `json:"returned_at,omitzero"`
	AssigneeID       string            `json:"assignee_id,omitempty"`
	LeadID           string            `json:"lead_id,omitempty"`
	Coordinators     []string          `json:"coordinators,omitempty"`
	Step             int               `json:"step"`
	StepDueAt        time.Time         `json:"step_due_at,omitzero"`
	Apology          *apologyRecord    `json:"apology,omitempty"`
	Supplements      int               `json:"supplements"`
	Payment          paymentRecord     `json:"payment"`
	ElectronicResult bool              `json:"electronic_result"`
	Rating           string            `json:"rating,omitempty"`
	RatedAt          time.Time         `json:"rated_at,omitzero"`
	Complaint        string            `json:"complaint,omitempty"`
	EIDLevel         int               `json:"eid_level,omitempty"`
	AssistedBy       string            `json:"assisted_by,omitempty"`
	Version          int               `json:"version"`
}

type applicantRecord struct {
	Kind      string `json:"kind"`
	FullName  string `json:"full_name"`
	IDNumber  string `json:"id_number,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
	Address   string `json:"address,omitempty"`
	OrgName   string `json:"org_name,omitempty"`
	TaxCode   string `json:"tax_code,omitempty"`
}

type componentRecord struct {
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Count        int    `json:"count"`
	Digitisation string `json:"digitisation"`
	FileID       string `json:"file_id,omitempty"`
	MustDigitise bool   `json:"must_digitise,omitempty"`
	PaperID      string `json:"paper_id,omitempty"`
	Origin       string `json:"origin,omitempty"`
	Generated    bool   `json:"generated,omitempty"`
}

type limitRecord struct {
	Kind   string `json:"kind"`
	N      int    `json:"n,omitempty"`
	Cutoff int    `json:"cutoff,omitempty"`
}

type apologyRecord struct {
	Reason           string    `json:"reason"`
	NewAppointmentAt time.Time `json:"new_appointment_at"`
	DraftedBy        string    `json:"drafted_by"`
	DraftedAt        time.Time `json:"drafted_at"`
}

type paymentRecord struct {
	Due       int64     `json:"due"`
	Exemption string    `json:"exemption,omitempty"`
	State     string    `json:"state"`
	Method    string    `json:"method,omitempty"`
	Receipt   string    `json:"receipt,omitempty"`
	PaidAt    time.Time `json:"paid_at,omitzero"`
}

// encodeDossier returns the doc column's JSON for d (the idempotency key
// has its own column).
func encodeDossier(d *dossier.Dossier) ([]byte, error) {
	r := dossierRecord{
		ID: d.ID, Code: d.Code, ReceivingUnitID: d.ReceivingUnitID, ResolvingUnitID: d.ResolvingUnitID,
		ProcedureID: d.ProcedureID, ProcedureVer: d.ProcedureVer, ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName,
		FieldCode: d.FieldCode, Channel: int(d.Channel), Status: int(d.Status), PrevStatus: int(d.PrevStatus),
		Applicant: applicantToRecord(d.Applicant), Request: d.Request, Declaration: d.Declaration, Sets: d.Sets,
		Limit:       limitRecord{Kind: string(d.Limit.Kind), N: d.Limit.N, Cutoff: d.Limit.Cutoff},
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, AppointmentAt: d.AppointmentAt, NewAppointmentAt: d.NewAppointmentAt,
		PausedAt: d.PausedAt, StoppedAt: d.StoppedAt, EndedAt: d.EndedAt, ReturnedAt: d.ReturnedAt,
		AssigneeID: d.AssigneeID, LeadID: d.LeadID, Coordinators: d.Coordinators, Step: d.Step, StepDueAt: d.StepDueAt,
		Supplements: d.Supplements, ElectronicResult: d.ElectronicResult, Rating: string(d.Rating), RatedAt: d.RatedAt,
		Complaint: d.Complaint, EIDLevel: d.EIDLevel, AssistedBy: d.AssistedBy, Version: d.Version,
		Payment: paymentRecord{Due: d.Payment.Due, Exemption: d.Payment.Exemption, State: string(d.Payment.State),
			Method: string(d.Payment.Method), Receipt: d.Payment.Receipt, PaidAt: d.Payment.PaidAt},
	}
	if d.Submitter != nil {
		s := applicantToRecord(*d.Submitter)
		r.Submitter = &s
	}
	r.Components = make([]componentRecord, len(d.Components))
	for i, c := range d.Components {
		r.Components[i] = componentRecord{Name: c.Name, Kind: string(c.Kind), Count: c.Count, Digitisation: string(c.Digitisation), FileID: c.FileID, Origin: c.Origin, MustDigitise: c.MustDigitise, PaperID: c.PaperID, Generated: c.Generated}
	}
	if d.Components == nil {
		r.Components = nil
	}
	if a := d.Apology; a != nil {
		r.Apology = &apologyRecord{Reason: a.Reason, NewAppointmentAt: a.NewAppointmentAt, DraftedBy: a.DraftedBy, DraftedAt: a.DraftedAt}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode dossier %s: %w", d.Code, err)
	}
	return b, nil
}

// decodeDossier reads the doc column's JSON.
func decodeDossier(doc []byte) (*dossier.Dossier, error) {
	var r dossierRecord
	if err := json.Unmarshal(doc, &r); err != nil {
		return nil, fmt.Errorf("decode dossier: %w", err)
	}
	d := &dossier.Dossier{
		ID: r.ID, Code: r.Code, ReceivingUnitID: r.ReceivingUnitID, ResolvingUnitID: r.ResolvingUnitID,
		ProcedureID: r.ProcedureID, ProcedureVer: r.ProcedureVer, ProcedureCode: r.ProcedureCode, ProcedureName: r.ProcedureName,
		FieldCode: r.FieldCode, Channel: dossier.Channel(r.Channel), Status: dossier.Status(r.Status), PrevStatus: dossier.Status(r.PrevStatus),
		Applicant: applicantFromRecord(r.Applicant), Request: r.Request, Declaration: r.Declaration, Sets: r.Sets,
		Limit:       calendar.Limit{Kind: calendar.LimitKind(r.Limit.Kind), N: r.Limit.N, Cutoff: r.Limit.Cutoff},
		SubmittedAt: r.SubmittedAt, ReceivedAt: r.ReceivedAt, AppointmentAt: r.AppointmentAt, NewAppointmentAt: r.NewAppointmentAt,
		PausedAt: r.PausedAt, StoppedAt: r.StoppedAt, EndedAt: r.EndedAt, ReturnedAt: r.ReturnedAt,
		AssigneeID: r.AssigneeID, LeadID: r.LeadID, Coordinators: r.Coordinators, Step: r.Step, StepDueAt: r.StepDueAt,
		Supplements: r.Supplements, ElectronicResult: r.ElectronicResult, Rating: dossier.Rating(r.Rating), RatedAt: r.RatedAt,
		Complaint: r.Complaint, EIDLevel: r.EIDLevel, AssistedBy: r.AssistedBy, Version: r.Version,
		Payment: dossier.Payment{Due: r.Payment.Due, Exemption: r.Payment.Exemption, State: dossier.PaymentState(r.Payment.State),
			Method: dossier.PaymentMethod(r.Payment.Method), Receipt: r.Payment.Receipt, PaidAt: r.Payment.PaidAt},
	}
	if r.Submitter != nil {
		s := applicantFromRecord(*r.Submitter)
		d.Submitter = &s
	}
	if r.Components != nil {
		d.Components = make([]dossier.Component, len(r.Components))
		for i, c := range r.Components {
			d.Components[i] = dossier.Component{Name: c.Name, Kind: catalogue.ComponentKind(c.Kind), Count: c.Count,
				Digitisation: dossier.Digitisation(c.Digitisation), FileID: c.FileID, Origin: c.Origin, MustDigitise: c.MustDigitise, PaperID: c.PaperID,
				Generated: c.Generated}
		}
	}
	if a := r.Apology; a != nil {
		d.Apology = &dossier.Apology{Reason: a.Reason, NewAppointmentAt: a.NewAppointmentAt, DraftedBy: a.DraftedBy, DraftedAt: a.DraftedAt}
	}
	return d, nil
}

func applicantToRecord(a dossier.Applicant) applicantRecord {
	return applicantRecord{Kind: string(a.Kind), FullName: a.FullName, IDNumber: a.IDNumber, BirthDate: a.BirthDate,
		Phone: a.Phone, Email: a.Email, Address: a.Address, OrgName: a.OrgName, TaxCode: a.TaxCode}
}

func applicantFromRecord(r applicantRecord) dossier.Applicant {
	return dossier.Applicant{Kind: dossier.ApplicantKind(r.Kind), FullName: r.FullName, IDNumber: r.IDNumber, BirthDate: r.BirthDate,
		Phone: r.Phone, Email: r.Email, Address: r.Address, OrgName: r.OrgName, TaxCode: r.TaxCode}
}
