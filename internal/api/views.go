package api

import (
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
)

// The API's own shapes of a dossier and of an intake: the JSON contract
// that openapi.json describes (the tests validate every response against it).
// The domain types carry no JSON tags and the store has its own record, so
// the three can change apart; these functions are the only crossings.

// DossierView is a dossier as officers read it.
type DossierView struct {
	ID               string `json:"id"`
	Code             string `json:"code"`
	ReceivingUnitID  string `json:"receiving_unit_id"`
	ResolvingUnitID  string `json:"resolving_unit_id"`
	ProcedureID      string `json:"procedure_id"`
	ProcedureVersion int    `json:"procedure_version"`
	ProcedureCode    string `json:"procedure_code"`
	ProcedureName    string `json:"procedure_name"`
	FieldCode        string `json:"field_code"`
	Channel          int    `json:"channel"`
	// AssistedBy is the reception officer who helped the applicant submit
	// online at the counter (assisted online); absent otherwise.
	AssistedBy       string            `json:"assisted_by,omitempty"`
	Status           int               `json:"status"`
	PrevStatus       int               `json:"prev_status,omitempty"`
	Applicant        ApplicantView     `json:"applicant"`
	Submitter        *ApplicantView    `json:"submitter,omitempty"`
	Request          string            `json:"request,omitempty"`
	Declaration      map[string]string `json:"declaration,omitempty"`
	Components       []ComponentView   `json:"components"`
	Sets             int               `json:"sets"`
	Limit            LimitView         `json:"limit"`
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
	Apology          *ApologyView      `json:"apology,omitempty"`
	Supplements      int               `json:"supplements"`
	Payment          PaymentView       `json:"payment"`
	ElectronicResult bool              `json:"electronic_result"`
	Rating           string            `json:"rating,omitempty"`
	RatedAt          time.Time         `json:"rated_at,omitzero"`
	Complaint        string            `json:"complaint,omitempty"`
	Version          int               `json:"version"`
}

// ApplicantView is an applicant or a submitter, in and out.
type ApplicantView struct {
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

// ComponentView is a document of the dossier, in and out.
type ComponentView struct {
	Name         string `json:"name"`
	Kind         string `json:"kind,omitempty"`
	Count        int    `json:"count,omitempty"`
	Digitisation string `json:"digitisation,omitempty"`
	FileID       string `json:"file_id,omitempty"`
	// Generated (read only) says the component is the declaration generated
	// from the answers to the procedure's online form (docs/forms.md).
	Generated bool `json:"generated,omitempty"`
}

// LimitView is a time limit: N working days or hours, or the same day.
type LimitView struct {
	Kind   string `json:"kind"`
	N      int    `json:"n,omitempty"`
	Cutoff int    `json:"cutoff,omitempty"`
}

// ApologyView is a drafted apology awaiting a leader's approval.
type ApologyView struct {
	Reason           string    `json:"reason"`
	NewAppointmentAt time.Time `json:"new_appointment_at"`
	DraftedBy        string    `json:"drafted_by"`
	DraftedAt        time.Time `json:"drafted_at"`
}

// PaymentView is the dossier's fee and how it was paid.
type PaymentView struct {
	Due       int64     `json:"due"`
	Exemption string    `json:"exemption,omitempty"`
	State     string    `json:"state"`
	Method    string    `json:"method,omitempty"`
	Receipt   string    `json:"receipt,omitempty"`
	PaidAt    time.Time `json:"paid_at,omitzero"`
}

// NewDossierView is d in the API's shape, unmasked: callers mask what their
// reader may not see (maskFor). The CLI prints dossiers as JSON with it too.
func NewDossierView(d *dossier.Dossier) DossierView {
	v := DossierView{
		ID: d.ID, Code: d.Code, ReceivingUnitID: d.ReceivingUnitID, ResolvingUnitID: d.ResolvingUnitID,
		ProcedureID: d.ProcedureID, ProcedureVersion: d.ProcedureVer, ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName,
		FieldCode: d.FieldCode, Channel: int(d.Channel), AssistedBy: d.AssistedBy, Status: int(d.Status), PrevStatus: int(d.PrevStatus),
		Applicant: applicantView(d.Applicant), Request: d.Request, Declaration: d.Declaration, Sets: d.Sets,
		Limit:       LimitView{Kind: string(d.Limit.Kind), N: d.Limit.N, Cutoff: d.Limit.Cutoff},
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, AppointmentAt: d.AppointmentAt, NewAppointmentAt: d.NewAppointmentAt,
		PausedAt: d.PausedAt, StoppedAt: d.StoppedAt, EndedAt: d.EndedAt, ReturnedAt: d.ReturnedAt,
		AssigneeID: d.AssigneeID, LeadID: d.LeadID, Coordinators: d.Coordinators, Step: d.Step, StepDueAt: d.StepDueAt,
		Supplements: d.Supplements, ElectronicResult: d.ElectronicResult, Rating: string(d.Rating), RatedAt: d.RatedAt,
		Complaint: d.Complaint, Version: d.Version,
		Payment: PaymentView{Due: d.Payment.Due, Exemption: d.Payment.Exemption, State: string(d.Payment.State),
			Method: string(d.Payment.Method), Receipt: d.Payment.Receipt, PaidAt: d.Payment.PaidAt},
		Components: make([]ComponentView, len(d.Components)),
	}
	if d.Submitter != nil {
		s := applicantView(*d.Submitter)
		v.Submitter = &s
	}
	for i, c := range d.Components {
		v.Components[i] = ComponentView{Name: c.Name, Kind: string(c.Kind), Count: c.Count, Digitisation: string(c.Digitisation), FileID: c.FileID,
			Generated: c.Generated}
	}
	if a := d.Apology; a != nil {
		v.Apology = &ApologyView{Reason: a.Reason, NewAppointmentAt: a.NewAppointmentAt, DraftedBy: a.DraftedBy, DraftedAt: a.DraftedAt}
	}
	return v
}

func applicantView(a dossier.Applicant) ApplicantView {
	return ApplicantView{Kind: string(a.Kind), FullName: a.FullName, IDNumber: a.IDNumber, BirthDate: a.BirthDate,
		Phone: a.Phone, Email: a.Email, Address: a.Address, OrgName: a.OrgName, TaxCode: a.TaxCode}
}

func (a ApplicantView) applicant() dossier.Applicant {
	return dossier.Applicant{Kind: dossier.ApplicantKind(a.Kind), FullName: a.FullName, IDNumber: a.IDNumber, BirthDate: a.BirthDate,
		Phone: a.Phone, Email: a.Email, Address: a.Address, OrgName: a.OrgName, TaxCode: a.TaxCode}
}

// IntakeView is what a caller sends to take in a dossier.
type IntakeView struct {
	Channel        int               `json:"channel"`
	Applicant      ApplicantView     `json:"applicant"`
	Submitter      *ApplicantView    `json:"submitter,omitempty"`
	Request        string            `json:"request,omitempty"`
	Declaration    map[string]string `json:"declaration,omitempty"`
	Components     []ComponentView   `json:"components"`
	Sets           int               `json:"sets,omitempty"`
	Pages          int               `json:"pages,omitempty"`
	Copies         int               `json:"copies,omitempty"`
	Exemption      string            `json:"exemption,omitempty"`
	IdempotencyKey string            `json:"idempotency_key,omitempty"`
	// ResolvingUnitID routes the dossier to another unit (reception only).
	ResolvingUnitID string `json:"resolving_unit_id,omitempty"`
	// Assisted (with channel 2) records that the calling reception officer
	// helped the applicant submit online at the counter; a citizen's own
	// submission cannot say so (403).
	Assisted bool `json:"assisted,omitempty"`
}

func (in IntakeView) intake() dossier.Intake {
	out := dossier.Intake{Channel: dossier.Channel(in.Channel), Applicant: in.Applicant.applicant(), Request: in.Request,
		Declaration: in.Declaration, Sets: in.Sets, Pages: in.Pages, Copies: in.Copies, Exemption: in.Exemption,
		IdempotencyKey: in.IdempotencyKey, ResolvingUnitID: in.ResolvingUnitID, Assisted: in.Assisted}
	if in.Submitter != nil {
		s := in.Submitter.applicant()
		out.Submitter = &s
	}
	for _, c := range in.Components {
		out.Components = append(out.Components, dossier.Component{Name: c.Name, Kind: catalogue.ComponentKind(c.Kind), Count: c.Count,
			Digitisation: dossier.Digitisation(c.Digitisation), FileID: c.FileID})
	}
	return out
}
