// Package dossier holds the rules of a dossier's life, from intake to the
// returned result: its code, its statuses (the national portal's codes 1–10),
// which transitions are allowed and who may make them, the clock (the
// appointment, pauses, apologies), routing to an officer, and the events
// every change appends. It is pure: the store loads a dossier, calls Apply,
// and persists what comes back in one transaction.
package dossier

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
)

// Status is a dossier's status, with the code the national portal uses.
type Status int

const (
	New             Status = 1  // submitted online, not yet received
	Received        Status = 2  // received by the one-stop department
	Refused         Status = 3  // not received (reason required)
	Processing      Status = 4  // with a specialist / in the workflow
	Supplement      Status = 5  // waiting for the applicant to complete the dossier
	AwaitingPayment Status = 6  // financial obligation to fulfil first
	Withdrawn       Status = 7  // withdrawn at the applicant's request
	Stopped         Status = 8  // processing stopped (reason required)
	Resolved        Status = 9  // result ready
	Returned        Status = 10 // result handed to the applicant
)

// Statuses lists every status in code order.
var Statuses = []Status{New, Received, Refused, Processing, Supplement, AwaitingPayment, Withdrawn, Stopped, Resolved, Returned}

// Label is the status's Vietnamese name, as officers and citizens see it.
func (s Status) Label() string {
	switch s {
	case New:
		return "Mới nộp trực tuyến"
	case Received:
		return "Đã tiếp nhận"
	case Refused:
		return "Từ chối tiếp nhận"
	case Processing:
		return "Đang xử lý"
	case Supplement:
		return "Chờ bổ sung"
	case AwaitingPayment:
		return "Chờ thực hiện nghĩa vụ tài chính"
	case Withdrawn:
		return "Đã rút hồ sơ"
	case Stopped:
		return "Dừng xử lý"
	case Resolved:
		return "Đã có kết quả"
	case Returned:
		return "Đã trả kết quả"
	}
	return fmt.Sprintf("Trạng thái %d", int(s))
}

// LabelEN is the status's English name.
func (s Status) LabelEN() string {
	switch s {
	case New:
		return "Submitted online"
	case Received:
		return "Received"
	case Refused:
		return "Refused"
	case Processing:
		return "Processing"
	case Supplement:
		return "Supplement requested"
	case AwaitingPayment:
		return "Awaiting payment"
	case Withdrawn:
		return "Withdrawn"
	case Stopped:
		return "Stopped"
	case Resolved:
		return "Resolved"
	case Returned:
		return "Returned"
	}
	return fmt.Sprintf("Status %d", int(s))
}

// Valid reports whether s is one of the ten codes.
func (s Status) Valid() bool { return s >= New && s <= Returned }

// Final reports whether nothing more can happen to the dossier.
func (s Status) Final() bool { return s == Refused || s == Withdrawn || s == Returned }

// Pending reports whether the dossier is received and not yet finished:
// its clock matters.
func (s Status) Pending() bool {
	switch s {
	case Received, Processing, Supplement, AwaitingPayment, Stopped:
		return true
	}
	return false
}

// Paused reports whether the clock stands still in this status.
func (s Status) Paused() bool { return s == Supplement || s == AwaitingPayment || s == Stopped }

// Channel is how a dossier arrived.
type Channel int

const (
	Counter Channel = 1 // at the counter
	Online  Channel = 2 // through the online public-service portal
	Post    Channel = 3 // by the public postal service
)

// Label is the channel's Vietnamese name.
func (c Channel) Label() string {
	switch c {
	case Counter:
		return "Trực tiếp"
	case Online:
		return "Trực tuyến"
	case Post:
		return "Dịch vụ bưu chính công ích"
	}
	return fmt.Sprintf("Kênh %d", int(c))
}

// Valid reports whether c is one of the three channels.
func (c Channel) Valid() bool { return c >= Counter && c <= Post }

// Digitisation says what became of a component at reception (Circular 01/2023).
type Digitisation string

const (
	NotDigitised Digitisation = "none"
	Digitised    Digitisation = "digitised"
	ReusedStore  Digitisation = "reused_store"  // from the citizen's data store
	ReusedResult Digitisation = "reused_result" // from another dossier's result
)

// Component is a document received in a dossier.
type Component struct {
	Name         string
	Kind         catalogue.ComponentKind
	Count        int
	Digitisation Digitisation
	FileID       string // an uploaded or scanned file
	// MustDigitise is the procedure's mark that reception digitises this
	// component (Circular 01/2023); PaperID is its digitised paper record,
	// set only with that record (store.DB.Digitise).
	MustDigitise bool
	PaperID      string
	// Origin names where a reused paper came from (the dossier code whose
	// component or result it was), when Digitisation is ReusedResult.
	Origin string
	// Generated says the component is the declaration generated from the
	// answers to the procedure's online form (Dossier.Declaration): it has
	// no file; docgen prints it.
	Generated bool
}

// Payment states and methods.
type PaymentState string

const (
	Unpaid    PaymentState = "unpaid"
	Pending   PaymentState = "pending"
	Paid      PaymentState = "paid"
	Cancelled PaymentState = "cancelled"
	Refunded  PaymentState = "refunded"
)

type PaymentMethod string

const (
	Cash      PaymentMethod = "cash"
	Transfer  PaymentMethod = "transfer"
	OnlinePay PaymentMethod = "online"
	NoPayment PaymentMethod = ""
)

// Payment is the dossier's financial obligation and how it was met.
type Payment struct {
	Due       int64  // VND
	Exemption string // why nothing is due, when exempt
	State     PaymentState
	Method    PaymentMethod
	Receipt   string // receipt or transaction number
	PaidAt    time.Time
}

// FeeBearing reports whether a fee is due and not exempt.
func (p Payment) FeeBearing() bool { return p.Due > 0 && p.Exemption == "" }

// Rating is the applicant's verdict on the service.
type Rating string

const (
	VerySatisfied Rating = "very_satisfied"
	Satisfied     Rating = "satisfied"
	NotSatisfied  Rating = "not_satisfied"
)

// Dossier is the current state of one application. The event log is its
// history; this is what the events add up to.
type Dossier struct {
	ID              string
	Code            string
	ReceivingUnitID string
	ResolvingUnitID string
	ProcedureID     string
	ProcedureVer    int
	ProcedureCode   string
	ProcedureName   string
	FieldCode       string
	Channel         Channel
	Status          Status
	// PrevStatus is where a paused dossier goes back to.
	PrevStatus Status

	Applicant Applicant
	Submitter *Applicant // when someone else hands it in
	Request   string     // what is asked, in the applicant's words
	// Declaration holds what the procedure's declaration form asks, by key
	// (see DeclarationKeys): the child's name for a birth, the couple for a
	// marriage, the deceased for a death. Letters are filled from it.
	Declaration map[string]string
	Components  []Component
	Sets        int // number of sets handed in

	Limit calendar.Limit
	// SubmittedAt is when an online or postal dossier was handed in.
	SubmittedAt time.Time
	ReceivedAt  time.Time
	// AppointmentAt is the due date: computed at reception, moved later by
	// pauses, never by an apology. The statistics compare against it.
	AppointmentAt time.Time
	// NewAppointmentAt is the date promised in an approved apology, if any;
	// the applicant is told this one.
	NewAppointmentAt time.Time
	PausedAt         time.Time
	// StoppedAt is when processing was last stopped (status 8).
	StoppedAt time.Time
	// EndedAt is when processing ended: resolved, refused, withdrawn.
	EndedAt    time.Time
	ReturnedAt time.Time

	AssigneeID       string    // who holds it now
	LeadID           string    // the specialist in charge
	Coordinators     []string  // specialists of other fields
	Step             int       // index in the procedure's workflow
	StepDueAt        time.Time // the current handler's deadline
	Apology          *Apology  // a drafted apology awaiting approval
	Supplements      int       // how many supplement requests
	Payment          Payment
	ElectronicResult bool
	Rating           Rating
	RatedAt          time.Time
	Complaint        string

	// EIDLevel is the assurance level (1 or 2) at which the applicant was
	// authenticated with the national e-ID when submitting online; 0 when
	// they were not.
	EIDLevel int
	// AssistedBy is the reception officer who helped the applicant submit
	// this online dossier at the counter (assisted online); "" for any other
	// dossier. Only an officer's intake sets it (Intake.Assisted).
	AssistedBy string

	// IdempotencyKey makes a retried online submission return the same dossier.
	IdempotencyKey string
	// Version counts changes, for optimistic concurrency.
	Version int
}

// AssistedNote is the note of the submission event of an assisted online
// dossier, shown in its history.
const AssistedNote = "Nộp trực tuyến tại Bộ phận Một cửa, có cán bộ hướng dẫn"

// Assisted reports whether an officer helped the applicant submit d online
// at the counter.
func (d *Dossier) Assisted() bool { return d.Channel == Online && d.AssistedBy != "" }

// Appointment is the date the applicant was last promised.
func (d *Dossier) Appointment() time.Time {
	if !d.NewAppointmentAt.IsZero() {
		return d.NewAppointmentAt
	}
	return d.AppointmentAt
}

// Apology is a late dossier's apology with a new appointment, drafted by the
// handler and approved by a leader (form 4).
type Apology struct {
	Reason           string
	NewAppointmentAt time.Time
	DraftedBy        string
	DraftedAt        time.Time
}

// Outcome classifies the dossier's processing against its appointment, for
// the statistics: before, on time or overdue by calendar date. A dossier that
// has not ended is classified at instant now as pending (in time, due soon,
// overdue); withdrawn dossiers count as on time.
func (d *Dossier) Outcome(now time.Time) string {
	switch {
	case d.Status == Withdrawn:
		return string(calendar.FinishedOnTime)
	case d.Status == Refused || d.AppointmentAt.IsZero():
		return ""
	case !d.EndedAt.IsZero():
		return string(calendar.ClassifyFinished(d.AppointmentAt, d.EndedAt))
	}
	return "pending_" + string(calendar.ClassifyPending(d.AppointmentAt, now))
}

// Clone returns a deep copy of d, so that a changed dossier can be compared
// with its former state.
func (d *Dossier) Clone() *Dossier {
	c := *d
	c.Components = slices.Clone(d.Components)
	c.Coordinators = slices.Clone(d.Coordinators)
	c.Declaration = maps.Clone(d.Declaration)
	if d.Submitter != nil {
		s := *d.Submitter
		c.Submitter = &s
	}
	if d.Apology != nil {
		a := *d.Apology
		c.Apology = &a
	}
	return &c
}
