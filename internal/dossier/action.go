package dossier

import (
	"slices"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

// ActionKind names a change to a dossier. Each is also the kind of the event
// it appends.
type ActionKind string

const (
	ActSubmit            ActionKind = "submit"             // online or postal submission (the event only)
	ActReceive           ActionKind = "receive"            // reception receives: 1 -> 2; the clock starts
	ActAssign            ActionKind = "assign"             // route to a specialist: 2 -> 4, or reassign in 4
	ActRefuse            ActionKind = "refuse"             // 1|2 -> 3, reason required
	ActRequestSupplement ActionKind = "request_supplement" // 1|2|4 -> 5, reason and items required; the clock pauses
	ActSupplement        ActionKind = "supplement"         // the applicant completed: 5 -> back; the clock resumes
	ActRequestPayment    ActionKind = "request_payment"    // 2|4 -> 6; the clock pauses
	ActRecordPayment     ActionKind = "record_payment"     // the fee is paid; 6 -> back, the clock resumes
	ActWithdraw          ActionKind = "withdraw"           // at the applicant's request: 1|2|4|5|6 -> 7
	ActStop              ActionKind = "stop"               // a leader stops processing: 4|5|6 -> 8, reason required
	ActResume            ActionKind = "resume"             // a leader resumes: 8 -> 4; the clock resumes
	ActAddCoordinator    ActionKind = "add_coordinator"    // a specialist of another field coordinates
	ActConsult           ActionKind = "consult"            // the lead asks a colleague, with a due date
	ActAnswer            ActionKind = "answer"             // the colleague answers
	ActPropose           ActionKind = "propose"            // the specialist proposes the result: to the leader
	ActSendBack          ActionKind = "send_back"          // the leader sends it back to the specialist
	ActApprove           ActionKind = "approve"            // the leader approves and signs: 4 -> 9
	ActDraftApology      ActionKind = "draft_apology"      // the handler drafts an apology with a new appointment
	ActApproveApology    ActionKind = "approve_apology"    // a leader approves it: the new appointment holds
	ActReturn            ActionKind = "return"             // reception hands the result over: 9 -> 10
	ActRate              ActionKind = "rate"               // the applicant rates the service, once
	ActDigitise          ActionKind = "digitise"           // a component is digitised or reused
	ActAttachResult      ActionKind = "attach_result"      // the result paper is uploaded or generated (result.go)
)

// Action is one request to change a dossier. Which fields matter depends on Kind.
type Action struct {
	Kind             ActionKind
	Reason           string        // refuse, request_supplement, withdraw, stop, send_back, draft_apology
	Items            []string      // request_supplement: what to complete
	OfficerID        string        // assign, add_coordinator, consult
	Amount           int64         // request_payment (0: the dossier's fee)
	Method           PaymentMethod // record_payment
	Receipt          string        // record_payment
	NewAppointment   time.Time     // draft_apology
	ExtendDays       int           // draft_apology: instead of NewAppointment
	Rating           Rating        // rate
	Complaint        string        // rate
	Component        int           // digitise: index in Components
	Digitisation     Digitisation  // digitise
	PaperID          string        // digitise as Digitised: the digitised paper record (store.DB.Digitise); attach_result: the result paper
	ElectronicResult bool          // approve
	DueDays          int           // consult: working days to answer
	ConsultationID   string        // answer
	Note             string        // any action: a remark for the record
}

// Normalize NFC-normalises the action's text.
func (a *Action) Normalize() {
	a.Reason = textfold.NFC(a.Reason)
	a.Note = textfold.NFC(a.Note)
	a.Complaint = textfold.NFC(a.Complaint)
	a.Receipt = textfold.NFC(a.Receipt)
	for i := range a.Items {
		a.Items[i] = textfold.NFC(a.Items[i])
	}
	a.Items = slices.DeleteFunc(a.Items, func(s string) bool { return s == "" })
}

// Candidate is a specialist who could take a dossier, with the number of
// dossiers they hold now.
type Candidate struct {
	OfficerID string
	Open      int
}

// Env is what applying an action needs besides the dossier: who acts, when,
// the resolving unit's calendar and the pinned procedure version.
type Env struct {
	// Actor is the officer acting; nil when the applicant acts (online) or the system does.
	Actor *staff.Officer
	Now   time.Time
	Cal   *calendar.Calendar
	Proc  *catalogue.Procedure
	// Target is the officer named by Action.OfficerID, loaded by the caller.
	Target *staff.Officer
	// Candidates are the specialists owning the field in the resolving unit,
	// for routing at reception; empty leaves the dossier for a leader to assign.
	Candidates []Candidate
	// ResultPaper says the dossier has a current result paper (uploaded or
	// generated): approving with an electronic result needs one.
	ResultPaper bool
}

// Event is one entry of the dossier's history: who, when, from and to which
// status and officer, the step deadline, and what was said. Events are never
// changed or deleted.
type Event struct {
	Kind        ActionKind
	At          time.Time
	ActorID     string
	FromStatus  Status
	ToStatus    Status
	FromOfficer string
	ToOfficer   string
	StepDueAt   time.Time
	Note        string
	// Public events are shown to the applicant in the status lookup.
	Public bool
	// Detail keeps what the action carried: reason, items, amount, appointment...
	Detail *Action
}

func forbidden(format string, args ...any) error {
	return apperr.New(apperr.Forbidden, format, args...)
}
func conflict(format string, args ...any) error { return apperr.New(apperr.Conflict, format, args...) }

// Apply checks that env.Actor may take action a on d now, changes d, and
// returns the events to append. On error d is unchanged in every field the
// caller persists (the caller discards it anyway).
//
// Errors: Forbidden (wrong role, wrong unit, not the handler), Conflict (the
// status does not allow it), Invalid (a missing reason, a bad value).
func Apply(d *Dossier, a Action, env Env) ([]Event, error) {
	a.Normalize()
	if err := authorise(d, a, env); err != nil {
		return nil, err
	}
	if err := a.checkBounds(); err != nil {
		return nil, err
	}
	before := d.Clone()
	events, err := apply(d, a, env)
	if err != nil {
		*d = *before
		return nil, err
	}
	d.Version++
	return events, nil
}

// authorise checks the role and the unit; the handler checks are in apply.
func authorise(d *Dossier, a Action, env Env) error {
	o := env.Actor
	switch a.Kind {
	case ActSupplement, ActRecordPayment, ActWithdraw:
		// The applicant (online) or a reception officer of the receiving unit.
		if o == nil {
			return nil
		}
		if !o.Has(staff.Reception) || o.UnitID != d.ReceivingUnitID {
			return forbidden("chỉ cán bộ Bộ phận Một cửa của đơn vị tiếp nhận được thực hiện thao tác này")
		}
	case ActRate:
		if o != nil {
			return forbidden("chỉ người nộp hồ sơ được đánh giá mức độ hài lòng")
		}
	case ActReceive, ActRefuse, ActReturn, ActDigitise:
		if o == nil || !o.Has(staff.Reception) || o.UnitID != d.ReceivingUnitID {
			return forbidden("chỉ cán bộ Bộ phận Một cửa của đơn vị tiếp nhận được thực hiện thao tác này")
		}
	case ActRequestSupplement:
		if o == nil {
			return forbidden("cần đăng nhập")
		}
		okReception := o.Has(staff.Reception) && o.UnitID == d.ReceivingUnitID
		okHandler := o.UnitID == d.ResolvingUnitID && (o.ID == d.AssigneeID || o.ID == d.LeadID)
		if !okReception && !okHandler {
			return forbidden("chỉ cán bộ tiếp nhận hoặc cán bộ đang xử lý được yêu cầu bổ sung")
		}
	case ActAssign, ActStop, ActResume, ActApprove, ActSendBack, ActApproveApology:
		if o == nil || o.UnitID != d.ResolvingUnitID {
			return forbidden("chỉ cán bộ của đơn vị giải quyết được thực hiện thao tác này")
		}
		if a.Kind == ActAssign && o.Has(staff.Reception) && d.Status == Received {
			return nil // reception routes a dossier it has just received
		}
		if !o.Has(staff.Leader) {
			return forbidden("chỉ lãnh đạo được thực hiện thao tác này")
		}
	case ActAddCoordinator, ActConsult, ActPropose, ActRequestPayment, ActDraftApology:
		if o == nil || o.UnitID != d.ResolvingUnitID {
			return forbidden("chỉ cán bộ của đơn vị giải quyết được thực hiện thao tác này")
		}
		if o.ID != d.AssigneeID && o.ID != d.LeadID && !o.Has(staff.Leader) {
			return forbidden("chỉ cán bộ đang xử lý hồ sơ được thực hiện thao tác này")
		}
	case ActAttachResult:
		return authoriseAttachResult(d, o)
	case ActAnswer:
		// Any officer of the resolving unit may have been consulted; the store
		// checks that the consultation is addressed to them.
		if o == nil || o.UnitID != d.ResolvingUnitID {
			return forbidden("chỉ cán bộ được xin ý kiến mới trả lời được")
		}
	default:
		return apperr.Invalidf("kind", "thao tác %q không tồn tại", a.Kind)
	}
	return nil
}

func actorID(env Env) string {
	if env.Actor == nil {
		return ""
	}
	return env.Actor.ID
}

func (d *Dossier) event(a Action, env Env, from Status, public bool) Event {
	detail := a
	return Event{Kind: a.Kind, At: env.Now, ActorID: actorID(env), FromStatus: from, ToStatus: d.Status,
		FromOfficer: d.AssigneeID, ToOfficer: d.AssigneeID, StepDueAt: d.StepDueAt, Note: a.Note, Public: public, Detail: &detail}
}

func requireStatus(d *Dossier, verb string, allowed ...Status) error {
	if !slices.Contains(allowed, d.Status) {
		return conflict("không thể %s hồ sơ đang ở trạng thái %q", verb, d.Status.Label())
	}
	return nil
}

func requireReason(a Action) error {
	if a.Reason == "" {
		return apperr.Invalidf("reason", "vui lòng nêu rõ lý do")
	}
	if len([]rune(a.Reason)) > 2000 {
		return apperr.Invalidf("reason", "lý do dài quá 2000 ký tự")
	}
	return nil
}

// receive starts the clock and routes the dossier to the least loaded
// specialist among env.Candidates (none: it waits for a leader).
func (d *Dossier) receive(a Action, env Env) ([]Event, error) {
	from := d.Status
	due, err := env.Cal.Due(env.Now, d.Limit)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, err, "không tính được ngày hẹn trả")
	}
	d.Status, d.ReceivedAt, d.AppointmentAt = Received, env.Now, due
	d.Step = nextStep(env.Proc, 0, catalogue.RoleReception)
	if d.Step < 0 {
		d.Step = 0
	}
	ev := d.event(a, env, from, true)
	ev.FromOfficer, ev.ToOfficer = "", actorID(env)
	d.AssigneeID = actorID(env)
	events := []Event{ev}
	if pick := PickAssignee(env.Candidates); pick != "" {
		assign := Action{Kind: ActAssign, OfficerID: pick}
		events = append(events, d.assign(assign, env, pick))
	}
	return events, nil
}

// assign hands the dossier to a specialist, who becomes its lead.
func (d *Dossier) assign(a Action, env Env, to string) Event {
	from := d.Status
	d.Status = Processing
	d.LeadID = to
	step := nextStep(env.Proc, 0, catalogue.RoleSpecialist)
	return d.handOver(a, env, to, step, from)
}

// handOver moves the dossier to officer to (empty: the pool of the step's
// role) at workflow step, with that step's deadline, and returns the event.
func (d *Dossier) handOver(a Action, env Env, to string, step int, from Status) Event {
	prevOfficer := d.AssigneeID
	d.AssigneeID = to
	if step >= 0 {
		d.Step = step
	}
	d.StepDueAt = stepDue(d, env, step)
	ev := d.event(a, env, from, false)
	ev.FromOfficer, ev.ToOfficer = prevOfficer, to
	return ev
}

// stepDue gives a workflow step its share of the dossier's working time,
// counted from now and never after the appointment.
func stepDue(d *Dossier, env Env, step int) time.Time {
	if env.Proc == nil || step < 0 || step >= len(env.Proc.Steps) || d.AppointmentAt.IsZero() || env.Cal == nil {
		return d.Appointment()
	}
	total, err := env.Cal.WorkingTime(d.ReceivedAt, d.AppointmentAt)
	if err != nil || total <= 0 {
		return d.Appointment()
	}
	share := total * time.Duration(env.Proc.Steps[step].Share) / 100
	due, err := env.Cal.AddWorkingTime(env.Now, share)
	if err != nil || due.After(d.Appointment()) {
		return d.Appointment()
	}
	return due
}

// nextStep is the index of the first step at or after from with the given
// role, or -1.
func nextStep(p *catalogue.Procedure, from int, role catalogue.Role) int {
	if p == nil {
		return -1
	}
	for i := max(from, 0); i < len(p.Steps); i++ {
		if p.Steps[i].Role == role {
			return i
		}
	}
	return -1
}

// pause stops the clock (if it runs) and enters status s.
func (d *Dossier) pause(s Status, now time.Time) {
	if !d.Status.Paused() {
		d.PrevStatus = d.Status
	}
	if !d.ReceivedAt.IsZero() && d.PausedAt.IsZero() {
		d.PausedAt = now
	}
	d.Status = s
}

// resume restarts the clock: the appointment (and any promised new one, and
// the step deadline) moves later by the working time the dossier was paused.
func (d *Dossier) resume(env Env) error {
	if !d.PausedAt.IsZero() {
		for _, t := range []*time.Time{&d.AppointmentAt, &d.NewAppointmentAt, &d.StepDueAt} {
			if t.IsZero() {
				continue
			}
			moved, err := env.Cal.Resume(*t, d.PausedAt, env.Now)
			if err != nil {
				return apperr.Wrap(apperr.Internal, err, "không tính được ngày hẹn mới")
			}
			*t = moved
		}
		d.PausedAt = time.Time{}
	}
	d.Status = d.PrevStatus
	if !d.Status.Valid() || d.Status.Paused() {
		d.Status = Processing
	}
	d.PrevStatus = 0
	return nil
}

// PickAssignee returns the least loaded candidate, the first listed among
// equals; "" when there is none.
func PickAssignee(cs []Candidate) string {
	best := -1
	for i, c := range cs {
		if best < 0 || c.Open < cs[best].Open {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return cs[best].OfficerID
}
